"""The project pages in a real browser: the map page with its list and filters, submitting a
project with a picked point and an image, my submissions, a project page and adoptions."""

import io
import re

import pytest
from playwright.sync_api import expect

from accounts.services import user_make_staff_of
from places.models import Municipality
from projects.models import Adoption, Project, Theme
from projects.services import adoption_create
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ProjectFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 110, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def test_filters_change_the_list_and_survive_a_reload(page):
    ProjectFactory(
        title="Parkeringssensorer i Aarhus",
        theme=Theme.objects.get(slug="parkering"),
        lat=56.15,
        lng=10.2,
        adoption_count=0,
    )
    ProjectFactory(
        title="Gadelys i København",
        theme=Theme.objects.get(slug="gadebelysning"),
        municipality=municipality("101"),
        lat=55.68,
        lng=12.57,
    )

    csp_errors = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and csp_errors.append(message),
    )
    page.goto("/projects/")
    results = page.locator("#project-results")
    expect(results).to_contain_text("Parkeringssensorer i Aarhus")
    expect(results).to_contain_text("Gadelys i København")
    assert_accessible(page)
    screenshot(page, "projects-map-page")

    expect(page.locator("#map-status")).to_contain_text("2 projekter i kortets udsnit")
    expect(page.locator(".map-point, .map-cluster")).to_have_count(2)

    page.select_option("#id_theme", "parkering")
    expect(page.locator("#map-status")).to_contain_text("1 projekt i kortets udsnit")
    expect(page.locator(".map-point")).to_have_count(1)
    expect(page.locator(".map-point[title='Parkeringssensorer i Aarhus']")).to_be_visible()
    expect(results).not_to_contain_text("Gadelys i København")
    expect(results).to_contain_text("Parkeringssensorer i Aarhus")
    expect(page).to_have_url(re.compile(r"theme=parkering"))

    page.reload()
    expect(page.locator("#id_theme")).to_have_value("parkering")
    expect(results).not_to_contain_text("Gadelys i København")
    expect(results).to_contain_text("Parkeringssensorer i Aarhus")

    page.go_back()
    expect(page.locator("#id_theme")).to_have_value("")
    expect(results).to_contain_text("Gadelys i København")
    assert not csp_errors, [m.text for m in csp_errors]


def test_the_list_works_without_javascript(browser, live_server):
    ProjectFactory(title="Affaldssensorer", theme=Theme.objects.get(slug="affald"))
    ProjectFactory(title="Luftmåling", theme=Theme.objects.get(slug="luftkvalitet"))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/projects/")
        page.select_option("#id_theme", "affald")
        with page.expect_navigation():
            page.click("form[data-filter-form] button[type=submit]")
        expect(page.locator("#project-results")).to_contain_text("Affaldssensorer")
        expect(page.locator("#project-results")).not_to_contain_text("Luftmåling")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_picker_refuses_a_pin_in_the_kattegat_before_submitting(page, width):
    UserFactory(email="karen@example.com", display_name="Karen Borger")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "karen@example.com")
    page.goto("/projects/submit/")
    picker = page.locator("[data-point-picker]")
    status = page.locator("#point-status")

    # The map opens at 56.0, 10.5, out in the Kattegat; Enter puts the pin in its middle.
    picker.focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text(
        "Punktet skal ligge på land i Danmark eller højst 500 m fra kysten."
    )
    assert (page.input_value("#id_lat"), page.input_value("#id_lng")) == ("", "")
    assert_accessible(page)
    screenshot(page, f"projects-picker-refused-{width}")

    # A pin on land is taken, and the picker names its municipality.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Valgt punkt")
    expect(status).to_contain_text("(kommune: ")
    assert page.input_value("#id_lat") != ""
    screenshot(page, f"projects-picker-taken-{width}")

    # Back out to sea, by keyboard and by a click: refused, and the point on land is kept.
    taken = page.input_value("#id_lat"), page.input_value("#id_lng")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # the pan's end: 56.0, 10.5 again
    expect(status).to_contain_text("Punktet skal ligge på land i Danmark")
    assert (page.input_value("#id_lat"), page.input_value("#id_lng")) == taken
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] / 2 + 5, "y": box["height"] / 2})
    expect(status).to_contain_text("Punktet skal ligge på land i Danmark")
    assert (page.input_value("#id_lat"), page.input_value("#id_lng")) == taken


def test_a_citizen_submits_a_project_with_a_picked_point_and_an_image(page):
    UserFactory(email="karen@example.com", display_name="Karen Borger")
    sign_in(page, "karen@example.com")

    page.goto("/projects/submit/")
    assert_accessible(page)
    screenshot(page, "projects-submit-form")

    page.fill("#id_summary", "Sensorer i kloakken varsler oversvømmelse.")
    page.select_option("#id_theme", "klimatilpasning")
    page.select_option("#id_status", "pilot")
    page.select_option("#id_submitter_kind", "citizen")
    page.set_input_files(
        "#id_images", files=[{"name": "kloak.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    # Click the map near its centre (central Denmark) to pick the point.
    picker = page.locator("[data-point-picker]")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.45, "y": box["height"] / 2})
    expect(page.locator("#point-status")).to_contain_text("Valgt punkt")
    assert page.input_value("#id_lat") != ""
    clicked = page.input_value("#id_lat"), page.input_value("#id_lng")

    expect(page.locator("#point-status")).to_contain_text("(kommune: ")

    # The keyboard alternative: arrow keys move the map, Enter puts the point in its middle
    # (west, into Jutland: the map opens over the Kattegat).
    picker.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    # The point is checked with the site first: wait for it to be taken.
    expect(page.locator("#id_lng")).not_to_have_value(clicked[1])
    expect(page.locator("#point-status")).not_to_contain_text(f"{clicked[0]}, {clicked[1]}")
    picker.click(position={"x": box["width"] * 0.45, "y": box["height"] / 2})

    # Forgot the title: the form comes back with the error, the point and the image kept.
    with page.expect_navigation():
        page.click("form.project-form button[type=submit]")
    expect(page.locator("#error-summary")).to_contain_text("Titel")
    expect(page.locator("input[name=image_token]")).to_have_count(1)
    expect(page.locator("#point-status")).to_contain_text("Valgt punkt")
    assert_accessible(page)
    screenshot(page, "projects-submit-form-error")

    page.fill("#id_title", "Kloaksensorer mod skybrud")
    with page.expect_navigation():
        page.click("form.project-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Tak! Dit projekt er modtaget.")
    # The page shows the state: "Modtaget — bliver kontrolleret" while the pipeline works
    # (tasks run eagerly in tests, so it may already wait for a moderator).
    state = page.locator(".state-panel")
    expect(state).to_contain_text(
        re.compile("Modtaget — bliver kontrolleret|Bliver kontrolleret|Venter på en moderator")
    )

    project = Project.objects.get()
    assert project.state in {"submitted", "processing", "needs_review"}
    assert project.precision == "point"
    assert 54.5 <= project.lat <= 57.8 and 8.0 <= project.lng <= 15.2
    assert project.images.count() == 1

    page.goto("/projects/mine/")
    expect(page.locator("main")).to_contain_text("Kloaksensorer mod skybrud")
    project.refresh_from_db()
    expect(page.locator("main .state")).to_have_text(project.get_state_display())
    assert_accessible(page)
    screenshot(page, "projects-my-submissions")

    page.click("main a:has-text('Redigér')")
    expect(page.locator("#id_title")).to_have_value("Kloaksensorer mod skybrud")
    expect(page.locator("#point-status")).to_contain_text("Valgt punkt")
    assert_accessible(page)
    page.goto("/projects/mine/")

    page.click("main a:has-text('Træk tilbage')")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Trukket tilbage")
    assert Project.objects.get().state == "withdrawn"


def test_staff_mark_that_their_municipality_uses_a_project(page):
    staff = user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk", display_name="Trafikafdelingen"),
        municipality=municipality("751"),
    )
    project = ProjectFactory(
        title="Grøn bølge for cyklister",
        theme=Theme.objects.get(slug="smart-mobilitet"),
        municipality=municipality("101"),
        lat=55.68,
        lng=12.57,
        author=UserFactory(display_name="Sofie Byudvikler"),
        open_data_links=[{"title": "Cykeltællinger", "url": "https://data.example.dk/c.csv"}],
    )
    ProjectFactory(title="Cykeltællere", theme=project.theme, lat=55.7, lng=12.5)
    sign_in(page, staff.email)

    page.goto(project.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Grøn bølge for cyklister")
    expect(page.locator("main")).to_contain_text("Sofie Byudvikler")
    expect(page.locator("main")).to_contain_text("Cykeltællere")
    assert_accessible(page)
    screenshot(page, "projects-project-page")

    page.fill("#id_note", "Indført på Ringgaden i 2024")
    with page.expect_navigation():
        page.click("text=Vi bruger også denne løsning")

    expect(page.locator("#adoptions")).to_contain_text("Aarhus")
    expect(page.locator("#adoptions")).to_contain_text("Indført på Ringgaden i 2024")
    expect(page.locator("#adoptions h2")).to_contain_text("1 kommune")
    assert Adoption.objects.get().municipality.code == "751"
    assert Project.objects.get(pk=project.pk).adoption_count == 1
    assert_accessible(page)


def test_a_published_project_appears_on_the_map_its_cluster_expands_and_the_popup_links(page):
    parking = Theme.objects.get(slug="parkering")
    for title, lat, lng in [
        ("Sensorer ved Rådhuset", 56.1530, 10.2030),
        ("Sensorer ved Banegården", 56.1500, 10.2090),
        ("Sensorer ved Domkirken", 56.1565, 10.2100),
    ]:
        ProjectFactory(title=title, theme=parking, lat=lat, lng=lng)
    copenhagen = municipality("101")
    ProjectFactory(title="Gadelys i København", municipality=copenhagen, lat=55.68, lng=12.57)
    ProjectFactory(title="Ikke offentliggjort", state="needs_review", lat=56.152, lng=10.205)

    page.goto("/projects/")
    cluster = page.locator(".map-cluster", has_text=re.compile(r"^3$"))
    expect(cluster).to_be_visible()
    expect(page.locator("#map-status")).to_contain_text("4 projekter i kortets udsnit")
    assert_accessible(page)

    cluster.click()

    points = page.locator(".map-point")
    expect(points).to_have_count(3)
    results = page.locator("#project-results")
    expect(results).not_to_contain_text("Gadelys i København")  # out of the view now
    expect(results).to_contain_text("Sensorer ved Domkirken")
    expect(page).to_have_url(re.compile(r"bbox=10\.\d+%2C56\.\d+"))
    screenshot(page, "projects-map-zoomed")

    page.locator(".map-point[title='Sensorer ved Domkirken']").click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Sensorer ved Domkirken")
    expect(popup).to_contain_text("Parkering")
    expect(popup).to_contain_text("Aarhus")
    with page.expect_navigation():
        popup.locator("a.map-popup-link").click()
    expect(page.locator("h1")).to_have_text("Sensorer ved Domkirken")


def test_the_municipality_page_lists_its_projects_and_adoptions(page):
    staff = user_make_staff_of(user=UserFactory(), municipality=municipality("751"))
    ProjectFactory(title="Sensorer ved Rådhuset")  # in Aarhus
    elsewhere = ProjectFactory(title="Grøn bølge", municipality=municipality("101"))
    adoption_create(project=elsewhere, by=staff, note="Kører på Ringgaden")

    page.goto("/municipalities/aarhus/")
    section = page.locator(".municipality-projects")
    expect(section).to_contain_text("Sensorer ved Rådhuset")
    expect(section).to_contain_text("Grøn bølge")
    expect(section).to_contain_text("Kører på Ringgaden")
    assert_accessible(page)
    screenshot(page, "projects-municipality-section")


def test_the_home_page_shows_the_map_and_the_list(page):
    ProjectFactory(title="Sensorer ved Rådhuset", lat=56.153, lng=10.203)

    page.goto("/")
    expect(page.locator(".map-point[title='Sensorer ved Rådhuset'], .map-cluster")).to_have_count(1)
    expect(page.locator("#project-results")).to_contain_text("Sensorer ved Rådhuset")
    assert_accessible(page)
    screenshot(page, "projects-home-map")


def test_staff_see_their_own_municipalitys_project_is_not_theirs_to_adopt(page):
    staff = user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk", display_name="Jens Trafikplanlægger"),
        municipality=municipality("751"),
    )
    project = ProjectFactory(
        title="Sensorer viser ledige P-pladser",
        theme=Theme.objects.get(slug="parkering"),
        municipality=municipality("751"),
        author=staff,
    )
    sign_in(page, staff.email)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(project.get_absolute_url())
        adoptions = page.locator("#adoptions")
        expect(adoptions).to_contain_text("Det er jeres egen kommunes projekt")
        expect(adoptions.locator("form")).to_have_count(0)
        expect(page.locator(".project-facts .badge-verified")).to_be_visible()
        screenshot(page, f"projects-own-municipality-{width}")
        assert_accessible(page)
    page.goto("/projects/?q=parkering")
    expect(page.locator("#project-results")).to_contain_text("Sensorer viser ledige P-pladser")
    assert not Adoption.objects.exists()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_form_shows_a_similar_project_while_the_title_is_typed(page, language):
    UserFactory(email="karen@example.com", display_name="Karen Borger")
    ProjectFactory(
        title="Intelligent gadebelysning i Gladsaxe",
        summary="Gadelyset dæmpes, når ingen færdes.",
        theme=Theme.objects.get(slug="gadebelysning"),
    )
    sign_in(page, "karen@example.com")
    page.goto("/projects/submit/")
    if language == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#id_title").press_sequentially("Intelligent gadebely", delay=20)

    link = page.get_by_role("link", name=re.compile("Intelligent gadebelysning i Gladsaxe"))
    expect(link).to_be_visible()
    status = page.locator("[data-similar-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    found = {
        "da": "Lignende projekter på kortet: 1",
        "en": "Similar projects already on the map: 1",
    }
    expect(status).to_contain_text(found[language])
    heading = {"da": "Lignende projekter på kortet", "en": "Similar projects already on the map"}
    expect(page.get_by_role("heading", name=heading[language])).to_be_visible()
    # Keyboard-reachable: Tab from the summary field reaches the link.
    page.focus("#id_summary")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    assert link.get_attribute("href").startswith("/projects/")
    assert_accessible(page)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"projects-submit-similar-{language}-{width}")
