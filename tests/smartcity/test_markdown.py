from html.parser import HTMLParser

import pytest

from smartcity.markdown import ALLOWED_TAGS, render_markdown


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


def assert_inert(html: str) -> None:
    """No element outside the allow-list, no event handler, no URL but http(s)/mailto."""
    for tag, attrs in elements_of(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                assert value.split(":")[0].lower() in ("http", "https", "mailto"), value


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    "<a href='javascript:alert(1)'>x</a>",
    '[x](" onmouseover="alert(1))',
    "<iframe src=https://evil.example></iframe>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_script_in_markdown_renders_inert(payload):
    assert_inert(render_markdown(payload))


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[KL](https://www.kl.dk)")
    assert 'href="https://www.kl.dk"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_ordinary_markdown_survives():
    html = render_markdown("# Overskrift\n\n**fed** og *kursiv*\n\n- punkt\n\n`kode`")
    assert "<h2>Overskrift</h2>" in html
    assert "<strong>fed</strong>" in html and "<em>kursiv</em>" in html
    assert "<li>punkt</li>" in html and "<code>kode</code>" in html
