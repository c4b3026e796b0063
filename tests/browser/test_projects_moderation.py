"""A moderator works the projects' queue in Django admin, in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from moderation.selectors import decisions_for
from projects.models import Project, Theme
from tests.browser.conftest import assert_accessible, screenshot, serve_blank_tiles, sign_in
from tests.factories import ProjectFactory, UserFactory, make_moderator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def author():
    return UserFactory(email="karen@example.com", display_name="Karen Borger")


@pytest.fixture
def waiting(author):
    parking = Theme.objects.get(slug="parkering")

    def make(title, lat, lng):
        return ProjectFactory(
            title=title,
            author=author,
            theme=parking,
            lat=lat,
            lng=lng,
            state=Project.State.NEEDS_REVIEW,
            published_at=None,
            screening_reasons=[
                {"code": "new_account", "message_da": "Kontoen er ny", "weight": 0.5}
            ],
        )

    return make


def choose(page, title: str) -> None:
    page.locator("#result_list tr", has_text=title).locator("input.action-select").check()


def run(page, action_label: str) -> None:
    page.select_option("select[name=action]", label=action_label)
    with page.expect_navigation():
        page.click("button[name=index]")


def test_a_moderator_rejects_one_publishes_another_and_drags_a_pin(page, author, waiting):
    spam = waiting("Billige parkeringsbilletter her", 56.16, 10.20)
    good = waiting("Parkeringssensorer i Vejle", 55.7093, 9.5357)
    make_moderator(email="mod@example.com", display_name="Mette")

    sign_in(page, "mod@example.com")
    page.goto("/admin/")
    with page.expect_navigation():
        page.locator("#moderation-queues").get_by_role("link", name="Projekter", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/projects/projectqueueitem/$"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Billige parkeringsbilletter her")  # oldest first
    screenshot(page, "admin-queue")
    assert_accessible(page, context="#content-main")

    # Reject, with a reason, through the intermediate page.
    choose(page, "Billige parkeringsbilletter her")
    run(page, "Afvis valgte projekter (med begrundelse)…")
    expect(page.locator("h1")).to_contain_text("Afvis projekter")
    screenshot(page, "admin-reject-reason")
    page.fill("textarea[name=reason]", "Dette er reklame, ikke et Smart City-projekt.")
    with page.expect_navigation():
        page.click("input[type=submit][value='Afvis']")
    expect(page.locator(".messagelist")).to_contain_text("1 projekt afvist")

    # Drag the pin of the other one to correct where it is, then publish it.
    page.goto(f"/admin/projects/projectqueueitem/{good.pk}/change/")
    marker = page.locator("#relocate-map .leaflet-marker-icon")
    expect(marker).to_be_visible()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    lat_after = float(page.input_value(".js-relocate-lat"))
    assert abs(lat_after - 55.7093) > 1e-5  # the field followed the pin
    screenshot(page, "admin-relocate")
    with page.expect_navigation():
        page.click("input[name=_save]")
    good.refresh_from_db()
    assert abs(good.lat - lat_after) < 1e-6
    assert decisions_for(good).filter(action="relocate", actor__email="mod@example.com")

    choose(page, "Parkeringssensorer i Vejle")
    run(page, "Offentliggør valgte projekter")
    expect(page.locator(".messagelist")).to_contain_text("1 projekt offentliggjort")
    good.refresh_from_db()
    spam.refresh_from_db()
    assert good.state == Project.State.PUBLISHED
    assert spam.state == Project.State.REJECTED

    # The author sees the reason in "My submissions" (and got it by e-mail).
    assert any("reklame" in message.body for message in mail.outbox)
    page.context.clear_cookies()
    sign_in(page, "karen@example.com")
    page.goto("/projects/mine/")
    expect(page.locator("main")).to_contain_text("Dette er reklame, ikke et Smart City-projekt.")

    # The published one is on the map (and in its list).
    page.goto("/projects/?bbox=9.4,55.6,9.7,55.8")
    expect(page.locator(".map-point[title='Parkeringssensorer i Vejle']")).to_be_visible()
    expect(page.locator("#project-results")).to_contain_text("Parkeringssensorer i Vejle")


def test_a_moderator_decides_from_the_item_page_seeing_what_the_public_would_see(
    page, author, waiting
):
    from projects.services import project_image_upload
    from tests.projects.test_moderation_queue import _png

    project = waiting(
        "Regnbede med vandstandsmålere og en meget lang titel om klimatilpasning", 55.69, 12.55
    )
    project.screening_reasons = [
        {"code": "links.too_many", "message_da": "Indeholder 3 links (højst 2 forventet) " * 3},
        {"code": "new_account", "message_da": "Kontoen er mindre end 24 timer gammel"},
    ]
    project.website = "https://www.kk.dk/regnbede"
    project.open_data_links = [{"title": "Vandstand (CSV)", "url": "https://data.kk.dk/v.csv"}]
    project.save(update_fields=["screening_reasons", "website", "open_data_links"])
    image = project_image_upload(uploaded_by=author, file=_png(), alt_text="Regnbed efter skybrud")
    image.project = project
    image.save(update_fields=["project"])
    make_moderator(email="mod@example.com", display_name="Mette")
    serve_blank_tiles(page)  # so any console error is the page's own
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, "mod@example.com")

    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/admin/")
        expect(page.locator("#moderation-queues")).to_contain_text("1")
        screenshot(page, f"admin-index-{width}")
        assert errors == []  # nothing blocked by the CSP, nothing missing
        assert_accessible(page)
        errors.clear()  # axe's injected styles are the test's, not the page's

        page.goto("/admin/projects/projectqueueitem/")
        expect(page.locator(".paginator")).to_contain_text("1 projekt til moderation")
        table = page.locator("#result_list")
        box = table.bounding_box()
        if width == 1366:  # the whole table is in the window, nothing cut off at the right
            assert box["x"] + box["width"] <= width
        screenshot(page, f"admin-queue-{width}")
        assert errors == []
        assert_accessible(page)
        errors.clear()

        page.goto(f"/admin/projects/projectqueueitem/{project.pk}/change/")
        expect(page.get_by_role("img", name="Regnbed efter skybrud")).to_be_visible()
        assert (
            page.evaluate("document.querySelector('.moderation-images img').naturalWidth") == 40
        )  # the image itself loads, not a broken link
        expect(page.get_by_role("link", name="https://www.kk.dk/regnbede")).to_be_visible()
        expect(page.get_by_role("link", name="Vandstand (CSV)")).to_be_visible()
        screenshot(page, f"admin-queue-item-{width}")
        assert errors == []
        assert_accessible(page)
        errors.clear()

        # "Hjem" in the breadcrumbs leads to the overview with the counts.
        with page.expect_navigation():
            page.locator("div.breadcrumbs a").first.click()
        expect(page.locator("#moderation-queues")).to_be_visible()

    # The same pages in English.
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.set_viewport_size({"width": 1366, "height": 900})
    for url in ("/admin/", "/admin/projects/projectqueueitem/"):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page)
    page.goto(f"/admin/projects/projectqueueitem/{project.pk}/change/")
    expect(page.locator(".paginator, .moderation-decide")).to_contain_text(
        "Reject (with a reason)…"
    )
    screenshot(page, "admin-queue-item-en-1366")
    assert_accessible(page)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="Dansk").click()
    errors.clear()

    page.goto(f"/admin/projects/projectqueueitem/{project.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="Afvis (med begrundelse)…").click()
    screenshot(page, "admin-queue-item-reject-390")
    assert errors == []
    assert_accessible(page)
    page.select_option("select[name=template]", index=1)
    with page.expect_navigation():
        page.click("input[type=submit][value='Afvis']")
    expect(page.locator(".messagelist")).to_contain_text("1 projekt afvist")
    project.refresh_from_db()
    assert project.state == Project.State.REJECTED
    assert errors == []
