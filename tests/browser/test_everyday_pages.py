"""The pages users tripped over (issue 17): each looked at on a phone and a desktop, in Danish and
English, with no axe violations."""

import re

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


@pytest.fixture
def demo_site():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for user in User.objects.all():
        user.set_password("correct-horse-battery")
        user.save(update_fields=["password"])


def look(page, path: str, name: str) -> None:
    """Open the page at phone and desktop width: screenshot, no sideways scrolling, no axe
    violations."""
    for label, viewport in (("390", PHONE), ("1366", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(path)
        screenshot(page, f"{name}-{label}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (path, label, width)
        assert_accessible(page)


def english(page) -> None:
    with page.expect_navigation():
        page.locator(".language-switch button").click()


def test_the_pages_that_were_too_wide_for_a_phone(page, demo_site):
    for path, name in (
        ("/open-data/", "open-data"),
        ("/forum/", "forum"),
        ("/forum/c/smart-parkering/", "forum-category"),
        ("/accessibility/", "accessibility"),
    ):
        look(page, path, name)
    sign_in(page, "borger@example.com")
    look(page, "/projects/mine/", "my-submissions")


def test_error_pages_in_danish_and_english(page, demo_site):
    look(page, "/findes-ikke/", "error-404-da")
    assert page.get_by_role("heading", level=1).inner_text() == "Vi kan ikke finde den side"
    assert page.get_by_role("link", name="Log ind", exact=True).first.is_visible()
    english(page)
    look(page, "/does-not-exist/", "error-404-en")
    assert page.title() == "Page not found – Smart City Danmark"

    sign_in(page, "borger@example.com")
    look(page, "/events/new/", "error-403-en")
    assert "You do not have access to this page" in page.content()


def test_a_visitor_opening_a_staff_only_category_is_sent_to_sign_in_and_back(page, demo_site):
    page.goto("/forum/c/indkoeb/")
    assert page.url.endswith("/accounts/login/?next=/forum/c/indkoeb/")
    page.fill("input[name=login]", "trafik@aarhus.dk")
    page.fill("input[name=password]", "correct-horse-battery")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/forum/c/indkoeb/")


def test_my_pages_are_one_click_from_the_header(page, demo_site):
    sign_in(page, "trafik@aarhus.dk")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Konto").get_by_role("link", name="Mine sider").click()
    assert page.get_by_role("heading", name="Mine indsendelser").is_visible()
    look(page, "/mine/", "my-pages-da")
    english(page)
    look(page, "/mine/", "my-pages-en")


def test_profile_language_panel_and_e_mail_addresses(page, demo_site):
    sign_in(page, "borger@example.com")
    look(page, "/accounts/profile/", "profile-da")
    page.get_by_label("Sprog for siden og de e-mails, vi sender dig").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem sprog").click()
    assert page.locator("html").get_attribute("lang") == "en"
    look(page, "/accounts/profile/", "profile-en")
    look(page, "/accounts/email/", "email-addresses-en")
    english(page)  # back to Danish
    look(page, "/accounts/email/", "email-addresses-da")
    assert "Bekræftet" in page.content()


def test_sign_up_reads_sign_up_in_english(page, demo_site):
    page.goto("/")
    english(page)
    look(page, "/accounts/signup/", "signup-en")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign up"
    assert page.title() == "Sign up – Smart City Danmark"


def test_the_map_controls_speak_danish_and_the_theme_filter_is_not_cut(page, demo_site):
    look(page, "/", "home")
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom ind"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "Zoom ud"
    prefix = page.locator(".leaflet-control-attribution a").first
    assert prefix.get_attribute("title") == "Et JavaScript-bibliotek til interaktive kort"
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        cut = page.evaluate(
            """() => [...document.querySelectorAll('.explorer-filters select')]
                 .filter(s => s.scrollWidth > s.clientWidth + 1 ||
                   (() => { const c = document.createElement('canvas').getContext('2d');
                            const st = getComputedStyle(s);
                            c.font = st.font;
                            const text = s.options[s.selectedIndex].text;
                            const room = s.clientWidth - parseFloat(st.paddingLeft)
                                         - parseFloat(st.paddingRight) - 16;
                            return c.measureText(text).width > room; })())
                 .map(s => s.name)"""
        )
        assert cut == [], (viewport, cut)


def test_favicon_is_found(page):
    response = page.request.get("/favicon.ico")
    assert response.ok
    assert response.url.endswith("/static/favicon.ico")
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_the_organiser_can_download_a_pending_events_calendar_file(page, demo_site):
    from events.models import Event

    event = Event.objects.filter(organiser__email="trafik@aarhus.dk").first()
    Event.objects.filter(pk=event.pk).update(state="pending")
    sign_in(page, "trafik@aarhus.dk")
    page.goto(event.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Føj til kalender")).click()
    assert download.value.suggested_filename == f"{event.slug}.ics"
    look(page, event.get_absolute_url(), "event-pending-organiser")


def test_the_api_docs_have_our_colours_and_say_what_cannot_be_fixed(page):
    for viewport, label in ((PHONE, "390"), (DESKTOP, "1366")):
        page.set_viewport_size(viewport)
        page.goto("/api/docs/")
        page.wait_for_selector(".opblock-summary-control")
        screenshot(page, f"api-docs-{label}")
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(
            page,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}},
        )
        found = {v["id"] for v in results.response["violations"]}
        # Swagger UI nests buttons in its operation headings; CSS cannot change that, and the
        # page says so (tested below). Everything else, colours included, must pass.
        assert found <= {"nested-interactive"}, results.generate_report()
    note = page.locator(".api-docs-note").inner_text()
    assert "indeholder andre knapper" in note
    for tag in ("events", "forum"):
        assert page.locator(f"#operations-tag-{tag}").is_visible()
    assert page.locator("#operations-tag-v1").count() == 0
