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
