"""The site's one pagination and one map module, on the pages that use them."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, serve_blank_tiles
from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("language", "next_label"), [("da", "Næste"), ("en", "Next")])
def test_the_project_list_pages_with_the_shared_pagination(page, language, next_label):
    for number in range(25):
        ProjectFactory(title=f"Projekt {number:02d}")
    page.goto("/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    serve_blank_tiles(page)  # so any console error is the page's own
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/projects/")
        pages = page.locator("nav.pagination")
        assert pages.locator("[aria-current=page]").inner_text() == "1"
        # SmartCityMap made the map, with the tile attribution it read once.
        expect(page.locator("#project-map .leaflet-control-attribution")).to_contain_text(
            "OpenStreetMap"
        )
        screenshot(page, f"shared-pagination-projects-{language}-{width}")
        assert_accessible(page)

    pages.get_by_role("link", name=next_label).click()
    expect(page.locator("nav.pagination [aria-current=page]")).to_have_text("2")
    expect(page.locator("ol.project-list")).to_have_attribute("start", "21")
    assert errors == []


def test_the_events_map_is_made_by_the_shared_map_module(page):
    EventFactory(title="Datadag i Aarhus", lat=56.15, lng=10.2)
    page.goto("/events/")

    page.wait_for_selector("#events-map .leaflet-marker-icon")
    attribution = page.locator("#events-map .leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" in attribution
    assert page.locator("#events-map .leaflet-control-zoom-in").get_attribute("title") == "Zoom ind"
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"shared-map-events-{width}")
    assert_accessible(page)
