"""No page is wider than a phone: every page of the site, for each kind of user, at 320 and
390 px, must fit without sideways scrolling.

The site map is found by crawling: from the pages each role can reach through the header, the
test follows every link on the site (one page per URL pattern, so a hundred projects cost one
visit) and loads each page in Chromium at both widths."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390)
ROLES = {
    "visitor": None,
    "citizen": "borger@example.com",
    "staff": "trafik@aarhus.dk",
    "moderator": "moderator@example.com",
}
# Where a crawl starts besides the home page: what a role finds in the header and footer is
# reached from "/", and these are the pages behind a form or a button.
START = ["/", "/projects/submit/", "/forum/new/", "/events/new/", "/forum/search/?q=parkering"]
# Not pages: the admin (its own layout, checked elsewhere), the API and its docs, files.
NOT_PAGES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/accounts/logout/")
NOT_PAGE_NAMES = {
    "feed",
    "category_feed",
    "participants_csv",
    "image",
    "attachment",
    "theme_styles",
}


def _page_key(path: str) -> str | None:
    """One visit per URL pattern: the pattern's name, or None for what is not a page."""
    if path.startswith(NOT_PAGES) or path.endswith((".ics", ".csv", ".geojson", ".xml")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in NOT_PAGE_NAMES:
        return None
    return f"{match.namespace}:{match.url_name}"


def site_map(client: Client) -> list[str]:
    """The pages this client can open, one per URL pattern, found by following links."""
    seen_keys, pages, queue = set(), [], list(START)
    visited = set()
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        key = _page_key(urlsplit(url).path)
        if key is None or key in seen_keys:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen_keys.add(key)
        pages.append(url)
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            absolute = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(absolute)
            if parts.netloc in ("", "testserver"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


@pytest.fixture
def demo_site():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for user in User.objects.all():
        user.set_password("correct-horse-battery")
        user.save(update_fields=["password"])


@pytest.mark.parametrize("role", ROLES)
def test_no_page_is_wider_than_a_phone(role, demo_site, browser, live_server):
    client = Client()
    if ROLES[role]:
        client.force_login(User.objects.get(email=ROLES[role]))
    pages = site_map(client)
    assert len(pages) >= 10, pages

    too_wide = []
    for width in WIDTHS:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 800}
        )
        context.route(
            re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"),
            lambda r: r.abort(),
        )
        if ROLES[role]:
            session = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        for url in pages:
            page.goto(url)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide.append(f"{url} at {width} px: {scroll_width} px")
        context.close()
    assert not too_wide, "\n".join(too_wide)
