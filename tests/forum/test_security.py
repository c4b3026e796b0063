"""Hostile input renders inert, and nobody reads or changes what they may not."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from forum.models import Post, Thread
from participation.services import followers_of

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "<a href=javascript:alert(1)>klik</a>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](jav&#x09;ascript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](java\\script:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    "![billede](javascript:alert(1))",
    '![x](https://example.com/x.png" onerror="alert(1))',
    '[klik](https://example.com "title\\" onmouseover=\\"alert(1)")',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<a href='https://example.com' onclick='alert(1)'>klik</a>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=//evil.example/>",
    "<form action=//evil.example><button>send</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
    "**<img src=x onerror=alert(1)>**",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'\"><svg/onload=alert(1)>",
    '<a href="&#x6A;avascript:alert(1)">klik</a>',
    "@[<script>alert(1)</script>]",
    "[<img src=x onerror=alert(1)>](https://example.com)",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]

ALLOWED_SCHEMES = {"", "http", "https", "mailto"}
FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base",
    "form", "input", "details", "noscript", "img", "body",
}  # fmt: skip


class PostBodies(HTMLParser):
    """Collects every tag and attribute inside <div class="post-body ...">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.bodies = 0

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.tags.append((tag, attrs))
        elif tag == "div" and "post-body" in (dict(attrs).get("class") or ""):
            self.depth = 1
            self.bodies += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


class AllTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _scheme(url: str) -> str:
    # Browsers ignore control characters and whitespace inside a scheme.
    cleaned = "".join(ch for ch in url if ch > " ").lower()
    return urlsplit(cleaned).scheme


def test_the_xss_corpus_renders_inert_in_the_thread_page(
    client, staff_user, colleague, moderator, public_category, make_thread, reply, settings
):
    assert len(XSS_PAYLOADS) >= 30
    thread = make_thread(staff_user, public_category, title="XSS-korpus", body=XSS_PAYLOADS[0])
    for payload in XSS_PAYLOADS[1:]:
        reply(colleague, thread, body=payload)
    assert Post.objects.filter(thread=thread, state="published").count() == len(XSS_PAYLOADS)
    pages = []
    for number in (1, 2, 3):
        response = client.get(f"{thread.get_absolute_url()}?page={number}")
        pages.append(response.content.decode())
    parser = PostBodies()
    for page in pages:
        parser.feed(page)
    assert parser.bodies == len(XSS_PAYLOADS)
    for tag, attrs in parser.tags:
        assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert name not in {"style", "src", "srcdoc", "formaction", "action"}, (tag, name)
            if name in {"href", "cite"}:
                assert _scheme(value or "") in ALLOWED_SCHEMES, (tag, value)
    # The whole page: only our own script file, no inline handlers anywhere.
    page = "".join(pages)
    assert page.count("<script") == 3 and page.count('src="/static/js/forum.js"') == 3
    everything = AllTags()
    everything.feed(page)
    assert not [a for _tag, attrs in everything.tags for a, _v in attrs if a.startswith("on")]


def test_a_hostile_title_and_display_name_are_escaped(client, public_category, make_thread, aarhus):
    from accounts.services import user_make_staff_of
    from tests.factories import UserFactory

    author = user_make_staff_of(
        user=UserFactory(email="x@aarhus.dk", display_name="<img src=x onerror=alert(1)>"),
        municipality=aarhus,
    )
    thread = make_thread(author, public_category, title="<script>alert('titel')</script>")
    for url in [thread.get_absolute_url(), public_category.get_absolute_url(), "/forum/"]:
        page = client.get(url).content.decode()
        assert "<script>alert('titel')" not in page
        assert "<img src=x onerror" not in page


def test_search_snippets_escape_the_text_around_the_hits(
    client, staff_user, public_category, make_thread
):
    make_thread(staff_user, public_category, body="sensorer <img src=x onerror=alert(1)> sensorer")
    page = client.get("/forum/search/?q=sensorer").content.decode()
    assert "<mark>" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_staff_only_threads_do_not_exist_for_citizens_and_visitors(
    client, alice, staff_user, staff_category, make_thread
):
    thread = make_thread(staff_user, staff_category, title="Tilbud fra leverandør X")
    urls = [
        thread.get_absolute_url(),
        f"/forum/t/{thread.pk}/",
        f"/forum/p/{thread.first_post_id}/",
        f"/api/v1/forum/threads/{thread.pk}/",
        f"/api/v1/forum/threads/{thread.pk}/posts/",
        f"/api/v1/forum/posts/?thread={thread.pk}",
        f"/forum/c/{staff_category.slug}/feed/",
    ]
    for user in [None, alice]:
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        if user:
            assert client.get(staff_category.get_absolute_url()).status_code == 404
        for url in [
            "/forum/",
            "/forum/search/?q=leverandør",
            "/api/v1/forum/threads/",
            "/forum/feed/",
        ]:
            assert "leverandør X" not in client.get(url).content.decode(), (user, url)
        post = client.post(f"/forum/t/{thread.pk}/reply/", {"body": "Hej", "send": "1"})
        assert post.status_code in (302, 404)
        assert Post.objects.count() == 1


def test_a_visitor_opening_a_staff_only_category_is_asked_to_sign_in(client, staff_category):
    response = client.get(staff_category.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/forum/c/{staff_category.slug}/"


def test_a_citizen_cannot_watch_report_or_moderate_a_staff_only_thread(
    client, alice, staff_user, staff_category, make_thread
):
    thread = make_thread(staff_user, staff_category)
    client.force_login(alice)
    assert client.post(f"/forum/t/{thread.pk}/watch/", {"watch": "1"}).status_code == 404
    assert client.get(f"/forum/p/{thread.first_post_id}/report/").status_code == 404
    assert client.post(f"/forum/t/{thread.pk}/moderate/", {"action": "hide"}).status_code == 403
    assert (
        client.post(f"/forum/p/{thread.first_post_id}/moderate/", {"action": "hide"}).status_code
        == 403
    )
    thread.refresh_from_db()
    assert thread.state == "published"


def test_a_post_waiting_for_review_is_visible_to_its_author_and_moderators_only(
    client, staff_user, colleague, moderator, public_category, make_thread
):
    thread = make_thread(
        staff_user, public_category, body="Ring til mig på 12 34 56 78", publish=False
    )
    assert thread.state == "needs_review"  # a phone number is personal data
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(colleague)
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert "12 34 56 78" in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_nobody_edits_a_post_by_guessing_its_id(
    client, alice, colleague, staff_user, public_category, make_thread
):
    thread = make_thread(staff_user, public_category, body="Original")
    for user in [alice, colleague]:
        client.force_login(user)
        response = client.post(
            f"/forum/p/{thread.first_post_id}/edit/", {"body": "Ændret", "send": "1"}
        )
        assert response.status_code == 403
    assert Post.objects.get(pk=thread.first_post_id).body == "Original"


def test_unsubscribe_links_cannot_be_forged(client, staff_user, public_category, make_thread):
    thread = make_thread(staff_user, public_category)
    assert client.get("/forum/unsubscribe/eyJ1IjoxLCJ0IjoxfQ:forged:sig/").status_code == 400
    assert client.post("/forum/unsubscribe/eyJ1IjoxLCJ0IjoxfQ:forged:sig/").status_code == 400
    assert followers_of(Thread).filter(user=staff_user, object_id=thread.pk).exists()


def test_attached_images_are_served_only_to_those_who_may_read_the_post(
    client, alice, staff_user, colleague, public_category, staff_category, make_thread
):
    from tests.forum.test_pages import png

    public = make_thread(staff_user, public_category, images=[png()])
    private = make_thread(staff_user, staff_category, title="Intern skitse", images=[png()])
    public_image = public.first_post.attachments.get()
    private_image = private.first_post.attachments.get()
    response = client.get(f"/forum/attachments/{public_image.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(alice)
    assert client.get(f"/forum/attachments/{private_image.pk}/").status_code == 404
    client.force_login(colleague)
    assert client.get(f"/forum/attachments/{private_image.pk}/").status_code == 200
