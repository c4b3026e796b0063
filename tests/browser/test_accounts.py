import re

import pytest
from django.core import mail

from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(settings, live_server):
    """E-mailed links point at SITE_URL, as in production; here that is the test server."""
    settings.SITE_URL = live_server.url


def sign_up(page, email: str, display_name: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", display_name)
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def follow_confirmation_link(page) -> None:
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "bekræftet" in page.locator(".messages").inner_text()


def test_sign_up_verify_by_e_mail_link_and_sign_in(page):
    sign_up(page, "karen@example.com", "Karen", "en-lang-og-sikker-adgang")
    assert "/accounts/confirm-email/" in page.url
    screenshot(page, "signup-verify-sent")
    assert_accessible(page)
    follow_confirmation_link(page)
    sign_in(page, "karen@example.com", "en-lang-og-sikker-adgang")
    assert page.url.endswith("/accounts/profile/")
    assert page.get_by_test_id("role").inner_text() == "Borger"
    screenshot(page, "profile-citizen")
    assert_accessible(page)


def test_staff_are_verified_by_their_municipal_domain(page):
    sign_up(page, "vejdirektoer@aarhus.dk", "Vejafdelingen", "en-lang-og-sikker-adgang")
    follow_confirmation_link(page)
    sign_in(page, "vejdirektoer@aarhus.dk", "en-lang-og-sikker-adgang")
    assert page.get_by_test_id("role").inner_text() == "Kommunalt ansat"
    assert page.get_by_role("link", name="Aarhus").is_visible()


def test_sign_in_page_has_no_accessibility_violations(page):
    page.goto("/accounts/login/")
    screenshot(page, "login")
    assert_accessible(page)


def test_a_taken_display_name_is_refused_at_sign_up_and_on_the_profile(page):
    from tests.factories import UserFactory

    UserFactory(email="sofie@kk.dk", display_name="Sofie Byudvikler")
    UserFactory(email="karen@example.com", display_name="Karen")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        sign_up(page, f"ny{width}@example.com", "sofie BYUDVIKLER", "en-lang-og-sikker-adgang")
        expect_error = page.locator("main").inner_text()
        assert "En anden bruger har allerede dette visningsnavn" in expect_error
        screenshot(page, f"signup-name-taken-{width}")
        assert_accessible(page)

    sign_in(page, "karen@example.com")
    page.goto("/accounts/profile/")
    page.fill("input[name=display_name]", "Sófie Byudvikler")
    with page.expect_navigation():
        page.locator("form", has=page.locator("input[name=display_name]")).locator(
            "button[type=submit]"
        ).click()
    assert "En anden bruger har allerede dette visningsnavn" in page.locator("main").inner_text()
    screenshot(page, "profile-name-taken-1366")
    assert_accessible(page)
