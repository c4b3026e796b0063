"""The site beyond itself in a real browser: the embeddable map framed by another site (a
local page on another port), the snippet generator's code pasted into a page, and the search."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from places.models import Municipality
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import ProjectFactory


class _OtherSite:
    """A tiny web site on another port (another origin) that serves one page of HTML."""

    def __init__(self):
        self.html = ""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page_with(self, body: str) -> str:
        self.html = (
            '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">'
            f"<title>Kommunens hjemmeside</title></head><body><h1>Kommunen</h1>{body}</body></html>"
        )
        return self.url


@pytest.fixture
def other_site():
    site = _OtherSite()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def projects(db):
    # Three projects a few metres apart in Aarhus (one cluster until zoomed in), one elsewhere.
    for n, (lat, lng) in enumerate([(56.1500, 10.2000), (56.1503, 10.2004), (56.1497, 10.2005)]):
        ProjectFactory(title=f"Aarhus-projekt {n + 1}", lat=lat, lng=lng)
    ProjectFactory(
        title="Københavnsk projekt",
        municipality=Municipality.objects.get(code="101"),
        lat=55.676,
        lng=12.568,
    )


def _use_language(page, live_server, language: str) -> None:
    cookie = {"name": "django_language", "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])


def _embed_frame(page, other_site, live_server, query="?municipality=aarhus"):
    src = f"{live_server.url}/embed/map/{query}"
    page.goto(
        other_site.page_with(
            f'<iframe id="kort" src="{src}" title="Smart City-projekter på kortet" '
            'width="100%" height="560" style="border:0"></iframe>'
        )
    )
    return page.frame_locator("#kort")


def test_another_site_frames_the_embed_with_only_its_municipalitys_projects(
    page, live_server, other_site, projects
):
    frame = _embed_frame(page, other_site, live_server)
    results = frame.locator("#project-results")
    expect(results).to_contain_text("Aarhus-projekt 1")
    expect(results).to_contain_text("Aarhus-projekt 3")
    expect(results).not_to_contain_text("Københavnsk projekt")
    expect(frame.locator("#map-status")).to_contain_text("3 projekter")

    # The three Aarhus projects are one cluster on the country map; it opens into points.
    cluster = frame.locator(".map-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_text("3")
    cluster.click()
    expect(frame.locator(".map-point")).to_have_count(3)
    expect(frame.locator(".map-point[title='Aarhus-projekt 2']")).to_be_visible()

    # "Se på Smart City Danmark" opens the full site, with the same filter, in a new tab.
    with page.context.expect_page() as new_tab:
        frame.get_by_role("link", name="Se på Smart City Danmark").click()
    full_site = new_tab.value
    full_site.wait_for_load_state()
    # (the map page then adds its view, bbox=..., to the address)
    assert full_site.url.startswith(f"{live_server.url}/projects/?municipality=aarhus")
    expect(full_site.locator("header.site-header")).to_be_visible()
    expect(full_site.locator("#project-results")).to_contain_text("Aarhus-projekt 1")


def test_a_normal_page_framed_the_same_way_is_refused(page, live_server, other_site, projects):
    refusals = []
    page.on("console", lambda message: "frame-ancestors" in message.text and refusals.append(1))
    page.goto(
        other_site.page_with(
            f'<iframe id="normal" src="{live_server.url}/projects/?municipality=aarhus" '
            'title="Projekter"></iframe>'
            f'<iframe id="kort" src="{live_server.url}/embed/map/?municipality=aarhus" '
            'title="Kort"></iframe>'
        )
    )
    # The embed beside it loads, so the refusal is the page's own, not the test set-up's.
    expect(page.frame_locator("#kort").locator("#project-results")).to_contain_text(
        "Aarhus-projekt 1"
    )
    normal = page.locator("#normal").element_handle().content_frame()
    # Chromium puts its own error page in a frame it refuses, and says why in the console.
    assert normal.url == "chrome-error://chromewebdata/"
    assert "Aarhus-projekt 1" not in normal.content()
    assert refusals, "the browser reported no frame-ancestors refusal"


def test_the_snippet_generators_code_pasted_into_a_page_works(
    page, live_server, other_site, projects
):
    page.goto("/municipalities/aarhus/")
    generator = page.locator("[data-embed-generator]")
    generator.get_by_text("Indlejr dette kort").click()
    expect(page.locator("#embed-municipality")).to_have_value("aarhus")
    page.fill("#embed-height", "480")
    code = page.locator("#embed-code")
    expect(code).to_have_value(
        f'<iframe src="{live_server.url}/embed/map/?municipality=aarhus" '
        'title="Smart City-projekter på kortet" width="100%" height="480" style="border:0" '
        'loading="lazy"></iframe>'
    )
    # The live preview shows the same.
    expect(page.frame_locator("[data-embed-preview]").locator("#project-results")).to_contain_text(
        "Aarhus-projekt 1"
    )
    assert_accessible(page)
    screenshot(page, "municipality-embed-generator")

    page.goto(other_site.page_with(code.input_value()))
    frame = page.frame_locator("iframe")
    expect(frame.locator("#project-results")).to_contain_text("Aarhus-projekt 2")
    expect(frame.locator("#project-results")).not_to_contain_text("Københavnsk projekt")
    assert page.locator("iframe").get_attribute("height") == "480"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_embed_is_accessible_and_fits_narrow_and_wide_frames(
    page, live_server, projects, language
):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for width in (320, 1200):
        page.set_viewport_size({"width": width, "height": 700})
        page.goto("/embed/map/?municipality=aarhus")
        expect(page.locator("#map-status")).not_to_be_empty()
        expect(page.locator(".explorer-results[aria-busy]")).to_have_count(0)
        assert_accessible(page)
        screenshot(page, f"embed-map-{width}-{language}")
    # Keyboard: the full-site link, then the map's controls and markers, reach focus.
    page.keyboard.press("Tab")
    expect(page.locator(".embed-site-link")).to_be_focused()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_search_page_is_accessible(page, live_server, projects, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/")
    page.fill("#site-search-q", "aarhus-projekt")
    page.locator("#site-search-q").press("Enter")
    expect(page.locator(".search-result")).to_have_count(3)
    expect(page.locator(".search-result mark").first).to_be_visible()
    assert_accessible(page)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"search-{width}-{language}")
    page.goto("/search/?q=%25%25%25")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
