"""Guides, the start page and success stories in a real browser: the whole review loop, the
pages at desktop and phone width and in print, and axe in Danish and English."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.services import user_make_moderator, user_make_staff_of
from guides.models import Guide, GuideVersion
from places.models import Municipality
from projects.models import Project, ProjectResult, Theme
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import PublishedProjectFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def sign_out(page) -> None:
    page.context.clear_cookies()


def to_english(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()


def to_danish(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Dansk").click()


def look(page, name: str) -> None:
    """Screenshots at desktop and phone width, and axe at both."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def _people():
    staff = user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk", display_name="Jens Trafikplanlægger"),
        municipality=Municipality.objects.get(code="751"),
    )
    moderator = user_make_moderator(
        user=UserFactory(email="moderator@example.com", display_name="Mona Moderator")
    )
    return staff, moderator


def _publish_waiting_version(page, title: str) -> None:
    sign_in(page, "moderator@example.com")
    page.goto("/guides/review/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name="Beslut")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Offentliggør denne version").click()
    expect(page.get_by_text("Versionen er offentliggjort.")).to_be_visible()
    sign_out(page)


def test_staff_draft_a_guide_a_moderator_publishes_an_edit_and_everyone_sees_the_change(page):
    _people()
    gadelys = Theme.objects.get(slug="gadebelysning")
    project = PublishedProjectFactory(title="LED-gadelys i Aarhus", theme=gadelys)

    sign_in(page, "trafik@aarhus.dk")
    page.goto("/guides/")
    page.get_by_role("link", name="Skriv en guide").click()
    page.get_by_label("Titel").fill("Kom i gang med gadelys")
    page.get_by_label("Resumé").fill(
        "Sådan skifter kommunen til LED og styrer lyset centralt, trin for trin."
    )
    page.get_by_label("Guidens tekst").fill(
        "## Hvorfor\n\nGadelys er en stor post på elregningen, og LED med styring sparer "
        "typisk over halvdelen.\n\n<script>alert('hej')</script>"
    )
    page.get_by_label("Gadebelysning").check()
    page.get_by_label("Tilknyttede projekter, arrangementer, forumtråde og datasæt").fill(
        f"/projects/{project.slug}/"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Send til en moderator").click()

    # An empty step list: a clear message in Danish, nothing saved.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Trin: Angiv mindst ét trin, ét pr. linje.")
    assert not GuideVersion.objects.exists()
    look(page, "guides-form-errors")

    page.get_by_role("textbox", name="Trin").fill(
        "Opgør lyspunkterne\nVælg et pilotområde\nMål forbruget før og efter"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Send til en moderator").click()
    expect(page.locator(".state-panel")).to_contain_text("Venter på en moderator")
    sign_out(page)

    _publish_waiting_version(page, "Kom i gang med gadelys")

    # Staff propose an edit; the page keeps version 1 until a moderator publishes it.
    sign_in(page, "trafik@aarhus.dk")
    page.goto("/guides/kom-i-gang-med-gadelys/")
    page.get_by_role("link", name="Foreslå en ændring").click()
    page.get_by_label("Resumé").fill(
        "Sådan skifter kommunen til LED og dæmper lyset om natten, trin for trin."
    )
    page.get_by_label("Ændringsnote").fill("Dæmpning om natten")
    with page.expect_navigation():
        page.get_by_role("button", name="Send til en moderator").click()
    sign_out(page)
    page.goto("/guides/kom-i-gang-med-gadelys/")
    expect(page.get_by_text("styrer lyset centralt")).to_be_visible()

    _publish_waiting_version(page, "Kom i gang med gadelys")

    # A visitor sees the new text, both versions and their difference.
    page.goto("/guides/kom-i-gang-med-gadelys/")
    expect(page.locator(".lead")).to_contain_text("dæmper lyset om natten")
    expect(page.get_by_role("link", name="LED-gadelys i Aarhus")).to_be_visible()
    assert page.locator("main script").count() == 0
    expect(page.get_by_role("navigation", name="Indhold")).to_contain_text("Hvorfor")
    look(page, "guides-detail")
    page.emulate_media(media="print")
    screenshot(page, "guides-detail-print")
    expect(page.get_by_role("navigation", name="Indhold")).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Historik og ændringer").click()
    rows = page.locator("table.history-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Dæmpning om natten")
    expect(page.locator(".diff-text ins").first).to_have_text("[tilføjet: dæmper]")
    expect(page.locator(".diff-text del").first).to_have_text("[fjernet: styrer]")
    look(page, "guides-history")

    to_english(page)
    expect(page.get_by_role("heading", name="Changes from version 1 to version 2")).to_be_visible()
    assert_accessible(page)
    page.goto("/guides/kom-i-gang-med-gadelys/")
    expect(page.get_by_text("not available in English yet")).to_be_visible()
    assert_accessible(page)
    page.goto("/guides/")
    assert_accessible(page)
    guide = Guide.objects.get()
    assert guide.current_da.number == 2 and guide.versions.count() == 2


def test_the_start_page_shows_the_four_themes_with_guides_solutions_and_events(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    page.goto("/")
    page.get_by_role("link", name="Kom i gang med Smart City").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kom i gang med Smart City")
    themes = page.locator("li.start-theme")
    expect(themes).to_have_count(4)
    for n, name in enumerate(
        ["Parkering", "Smart mobilitet", "Trafik i rundkørsler og kryds", "Gadebelysning"]
    ):
        entry = themes.nth(n)
        expect(entry.get_by_role("heading", level=2)).to_contain_text(name)
        expect(entry.locator("a[href^='/guides/']")).to_have_count(1)
        expect(entry.locator("ol.plain-list li")).to_have_count(3)
        expect(entry.locator("a[href^='/events/demo-']")).to_have_count(1)  # the next event
    expect(themes.nth(0)).to_contain_text("Kom i gang med Smart City (webinar)")
    # The data areas link to the catalogue's page for each area.
    expect(themes.nth(0).locator("a[href='/datasets/?area=parkering']")).to_have_text("Parkering")
    look(page, "guides-start")
    to_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Get started with Smart City")
    expect(page.get_by_role("link", name="Getting started with easy parking")).to_be_visible()
    look(page, "guides-start-en")
    page.get_by_role("link", name="Getting started with easy parking").click()
    look(page, "guides-detail-en")
    page.emulate_media(media="print")
    screenshot(page, "guides-detail-en-print")
    page.emulate_media(media="screen")
    page.goto("/guides/")
    look(page, "guides-list-en")
    to_danish(page)
    look(page, "guides-list")


def test_a_project_with_results_shows_them_is_featured_and_appears_on_the_home_page(page):
    _people()
    project = PublishedProjectFactory(
        title="Mindre salt på cykelstierne",
        summary="Sensorer i belægningen styrer saltningen af cykelstierne.",
        theme=Theme.objects.get(slug="smart-mobilitet"),
        municipality=Municipality.objects.get(code="751"),
    )
    ProjectResult.objects.create(
        project=project,
        metric="Salt brugt på cykelstier",
        baseline=100,
        result=70,
        unit="ton pr. vinter",
        period="2022/23",
        source="Kommunens vejafdeling",
    )
    page.goto(project.get_absolute_url())
    results = page.get_by_role("table", name="Målte resultater")
    expect(results).to_contain_text("Salt brugt på cykelstier")
    expect(results).to_contain_text("70 ton pr. vinter")

    sign_in(page, "moderator@example.com")
    page.goto(project.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Fremhæv som succeshistorie").click()
    expect(page.get_by_text("Projektet vises nu som en succeshistorie.")).to_be_visible()
    look(page, "projects-results-featured")
    sign_out(page)
    project.refresh_from_db()
    assert project.featured_at is not None

    page.goto("/")
    stories = page.get_by_role("region", name="Succeshistorier")
    expect(stories.get_by_role("link", name="Mindre salt på cykelstierne")).to_be_visible()
    expect(stories).to_contain_text("ton pr. vinter")
    screenshot(page, "home-success-stories-desktop")
    assert_accessible(page)
    page.goto("/projects/?featured=1")
    expect(page.locator("#project-results")).to_contain_text("Mindre salt på cykelstierne")
    to_english(page)
    page.goto(project.get_absolute_url())
    expect(page.get_by_role("table", name="Measured results")).to_be_visible()
    assert_accessible(page)
    assert Project.objects.filter(featured_at__isnull=False).count() == 1


def test_a_moderator_reviews_a_draft_and_the_review_list_in_both_languages(page):
    staff, _moderator = _people()
    from guides import services
    from tests.guides.conftest import guide_data

    services.guide_submit(author=staff, data=guide_data())
    sign_in(page, "moderator@example.com")
    page.goto("/guides/review/")
    look(page, "guides-review")
    page.get_by_role("link", name="Kom i gang med gadelys").click()
    look(page, "guides-version")
    page.get_by_label("Begrundelse for at sende den tilbage til forfatteren").fill(
        "Tilføj priser på styresystemet."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Send tilbage til forfatteren").click()
    expect(page.get_by_text("Versionen er sendt tilbage til forfatteren.")).to_be_visible()
    to_english(page)
    expect(page.get_by_text("Returned to the author")).to_be_visible()
    assert_accessible(page)
    page.goto("/guides/review/")
    assert_accessible(page)


def test_a_citizen_enters_measured_results_in_the_project_form(page):
    UserFactory(email="karen@example.com", display_name="Karen Borger")
    sign_in(page, "karen@example.com")
    page.goto("/projects/submit/")
    page.fill("#id_title", "Sensorer mod glatføre på cykelstier")
    page.fill("#id_summary", "Sensorer i belægningen styrer saltningen af cykelstierne.")
    page.select_option("#id_theme", "smart-mobilitet")
    page.select_option("#id_status", "operation")
    page.select_option("#id_submitter_kind", "citizen")
    page.fill("#id_address", "Aarhus")
    page.fill("#id_results-0-metric", "Salt brugt på cykelstier")
    page.fill("#id_results-0-baseline", "100")
    page.fill("#id_results-0-result", "70")
    # The unit is missing: a clear error, the rest kept, nothing saved.
    with page.expect_navigation():
        page.click("form.project-form button[type=submit]")
    expect(page.locator("#error-summary")).to_contain_text("Enhed: Dette felt er påkrævet.")
    expect(page.locator("#id_results-0-metric")).to_have_value("Salt brugt på cykelstier")
    assert not Project.objects.exists()
    look(page, "projects-form-results-error")

    page.fill("#id_results-0-unit", "ton pr. vinter")
    page.fill("#id_results-0-source", "Kommunens vejafdeling")
    with page.expect_navigation():
        page.click("form.project-form button[type=submit]")
    expect(page.get_by_role("table", name="Målte resultater")).to_contain_text("ton pr. vinter")
    assert Project.objects.get().results.get().result == 70
