import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOOKALIKE = "trafik@aarhus\u2060\ufeff.dk"


@pytest.mark.parametrize(("language", "message"), [("da", "usynlige tegn"), ("en", "invisible")])
def test_sign_up_with_a_lookalike_address_shows_a_clear_accessible_error(
    page, live_server, language, message
):
    UserFactory(email="trafik@aarhus.dk")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/accounts/signup/")
    # Chromium cleans what is typed into an e-mail field; an attacker's script sends the raw
    # characters, so the field is made a text field to send them as the attack did.
    page.locator("input[name=email]").evaluate("input => { input.type = 'text'; }")
    page.fill("input[name=email]", LOOKALIKE)
    page.fill("input[name=display_name]", "Falsk")
    page.fill("input[name=password1]", "en-lang-og-sikker-adgang")
    page.fill("input[name=password2]", "en-lang-og-sikker-adgang")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    assert message in page.locator("main").inner_text()
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"signup-lookalike-{language}-{width}")
    assert_accessible(page)
