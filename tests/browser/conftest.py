"""Playwright driving Debian's Chromium against Django's live server, and an axe-core check."""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.conftest import ARTIFACTS_DIR

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Map tiles come from outside; this machine has no internet, and tests must not need it.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda r: r.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name: str) -> str:
    """Save a full-page screenshot as a test artifact and return its path."""
    path = ARTIFACTS_DIR / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return str(path)


def assert_accessible(page, context: str | None = None) -> None:
    """Fail on any WCAG 2.1 A/AA violation that axe-core finds on the current page."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    results = Axe().run(page, context=context, options=options)
    violations = results.response["violations"]
    assert not violations, results.generate_report()


def sign_in(page, email: str, password: str = "correct-horse-battery") -> None:
    """Sign in through the form; when the account has a second factor, enter the code its
    authenticator app would show."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/accounts/2fa/authenticate/" in page.url:
        from accounts.models import User
        from tests.factories import totp_code

        page.fill("input[name=code]", totp_code(User.objects.get(email=email)))
        with page.expect_navigation():
            page.click("main form button[type=submit]")


def serve_blank_tiles(page) -> None:
    """Answer every outside request (map tiles) with a blank PNG instead of refusing it, so
    that any console error a test then sees is the page's own."""
    from tests.projects.test_moderation_queue import _png

    blank = _png().read()
    page.route(
        re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=blank),
    )
