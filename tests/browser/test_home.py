import pytest

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_in_danish_has_no_accessibility_violations(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("navigation", name="Hovedmenu").is_visible()
    assert page.get_by_role("link", name="Tilgængelighedserklæring").is_visible()
    screenshot(page, "home-da")
    assert_accessible(page)


def test_home_page_switches_to_english_and_has_no_accessibility_violations(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Events").is_visible()
    screenshot(page, "home-en")
    assert_accessible(page)


def test_the_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Spring til hovedindholdet" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_about_and_accessibility_pages_have_no_violations(page):
    for path, name in (("/about/", "about"), ("/accessibility/", "accessibility")):
        page.goto(path)
        screenshot(page, name)
        assert_accessible(page)
