"""Public pages are kept whole for anonymous visitors (smartcity/page_cache.py): the second
visitor costs no query, signed-in members always get their own page, a change is visible at
once, languages stay apart and nobody gets another visitor's CSRF token or CSP nonce."""

import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import _does_token_match
from django.test import Client, RequestFactory

from events.models import Event
from forum import services as forum_services
from forum.models import Category
from projects import services as project_services
from projects.models import Project
from smartcity import page_cache
from tests.factories import EventFactory, PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture
def pages(public_thread):
    project = PublishedProjectFactory(title="Sensorer i Aarhus Havn")
    event = EventFactory(title="Datadag i Vejle")
    return {
        "home": "/",
        "projects": "/projects/",
        "project": project.get_absolute_url(),
        "forum": "/forum/",
        "category": public_thread.category.get_absolute_url(),
        "thread": public_thread.get_absolute_url(),
        "events": "/events/",
        "event": event.get_absolute_url(),
        "guides": "/guides/",
        "start": "/start/",
    }


@pytest.mark.parametrize(
    "page",
    ["home", "projects", "project", "forum", "category", "thread", "events", "event", "guides"],
)
def test_the_second_anonymous_visitor_is_served_from_the_cache_without_a_query(
    pages, page, django_assert_num_queries
):
    first = Client().get(pages[page])
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = Client().get(pages[page])
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    # The same page, apart from each visitor's own token and nonce.
    assert _without_per_visitor_parts(second) == _without_per_visitor_parts(first)


def test_a_head_request_is_answered_from_the_same_page(pages, django_assert_num_queries):
    Client().get(pages["thread"])
    with django_assert_num_queries(0):
        answer = Client().head(pages["thread"])
    assert answer.status_code == 200
    assert answer["X-Page-Cache"] == "hit"


def test_signed_in_members_always_get_their_own_page(pages, staff_user):
    member = Client()
    member.force_login(staff_user)
    for _ in range(2):
        answer = member.get(pages["thread"])
        assert "X-Page-Cache" not in answer
        assert 'action="/accounts/logout/"' in answer.text

    # ... and their page is not what the next anonymous visitor gets.
    anonymous = Client().get(pages["thread"])
    assert anonymous["X-Page-Cache"] == "miss"
    assert 'action="/accounts/logout/"' not in anonymous.text


def test_a_browser_with_a_session_cookie_gets_a_fresh_page(pages):
    Client().get(pages["home"])
    browser = Client()
    browser.cookies["sessionid"] = "whatever"
    answer = browser.get(pages["home"])
    assert "X-Page-Cache" not in answer


def test_a_new_post_appears_at_once_for_anonymous_readers(
    pages, public_thread, staff_user, django_capture_on_commit_callbacks
):
    assert Client().get(pages["thread"])["X-Page-Cache"] == "miss"
    assert Client().get(pages["thread"])["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_create(
            author=staff_user,
            thread=public_thread,
            body="Vi har haft sensorer i to år, og de virker fint om vinteren.",
            enforce_rate_limit=False,
        )

    answer = Client().get(pages["thread"])
    assert answer["X-Page-Cache"] == "miss"
    assert "de virker fint om vinteren" in answer.text


def test_a_hidden_post_disappears_at_once_for_anonymous_readers(
    pages, public_thread, moderator, django_capture_on_commit_callbacks
):
    assert "Hvem har prøvet sensorer" in Client().get(pages["thread"]).text

    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_hide(post=public_thread.first_post, by=moderator)

    assert "Hvem har prøvet sensorer" not in Client().get(pages["thread"]).text


def test_a_published_project_appears_at_once_on_the_list(
    pages, staff_user, django_capture_on_commit_callbacks
):
    ThemeFactory(slug="gadebelysning", name="Gadebelysning", name_en="Street lighting")
    assert Client().get(pages["projects"])["X-Page-Cache"] == "miss"
    assert Client().get(pages["projects"])["X-Page-Cache"] == "hit"

    # Staff submissions are screened by the pipeline, which publishes with an UPDATE: the
    # moderation decision it records is what tells the page cache.
    with django_capture_on_commit_callbacks(execute=True):
        project = project_services.project_submit(
            author=staff_user,
            data={
                "title": "Intelligent LED-gadebelysning i Gladsaxe",
                "summary": "Gadelyset dæmpes, når ingen færdes, og skrues op ved bevægelse.",
                "description": "Vi har udskiftet 4.000 armaturer og sparer 60 % strøm.",
                "theme": "gadebelysning",
                "status": "operation",
                "submitter_kind": "municipality",
                "lat": 55.7335,
                "lng": 12.4870,
            },
        )
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED

    assert "Intelligent LED-gadebelysning i Gladsaxe" in Client().get(pages["projects"]).text


def test_danish_and_english_pages_are_kept_apart(pages):
    danish = Client()
    english = Client()
    english.cookies["django_language"] = "en"

    assert danish.get(pages["home"])["X-Page-Cache"] == "miss"
    answer = english.get(pages["home"])
    assert answer["X-Page-Cache"] == "miss"
    assert answer["Content-Language"] == "en"
    assert '<html lang="en"' in answer.text

    for client, language in ((danish, "da"), (english, "en")):
        answer = client.get(pages["home"])
        assert answer["X-Page-Cache"] == "hit"
        assert answer["Content-Language"] == language
        assert f'<html lang="{language}"' in answer.text


def test_no_visitor_gets_another_visitors_csrf_token_or_nonce(pages):
    first = Client().get(pages["thread"])
    second_browser = Client(enforce_csrf_checks=True)
    second = second_browser.get(pages["thread"])
    assert second["X-Page-Cache"] == "hit"

    first_secret = first.cookies["csrftoken"].value
    second_secret = second.cookies["csrftoken"].value
    assert second_secret != first_secret
    tokens = TOKEN.findall(second.text)
    assert tokens  # the language switch
    for token in tokens:
        assert _does_token_match(token, second_secret)
        assert not _does_token_match(token, first_secret)
    assert "@@page-cache" not in second.text

    # A visitor who has a CSRF cookie already keeps it: the page's token is made from it.
    again = second_browser.get(pages["thread"])
    assert again["X-Page-Cache"] == "hit"
    assert all(_does_token_match(token, second_secret) for token in TOKEN.findall(again.text))

    # The form on the cached page works for this visitor.
    switched = second_browser.post(
        "/i18n/setlang/", {"language": "en", "next": pages["thread"], "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


@pytest.mark.urls("tests.smartcity.page_cache_urls")
def test_every_visitor_gets_a_nonce_of_their_own_that_the_policy_allows(db):
    first = Client().get("/with-script/")
    second = Client().get("/with-script/")
    assert second["X-Page-Cache"] == "hit"
    (first_nonce,) = NONCE.findall(first.text)
    (second_nonce,) = NONCE.findall(second.text)
    assert second_nonce != first_nonce
    assert f"'nonce-{second_nonce}'" in second["Content-Security-Policy"]
    assert f"'nonce-{first_nonce}'" not in second["Content-Security-Policy"]


@pytest.mark.urls("tests.smartcity.page_cache_urls")
def test_a_stored_page_holds_no_token_nonce_or_cookie(db):
    answer = Client().get("/with-script/")
    token = TOKEN.search(answer.text).group(1)
    (nonce,) = NONCE.findall(answer.text)
    request = RequestFactory().get("/with-script/")
    request.LANGUAGE_CODE = "da"
    _version, _status, headers, body = cache.get(page_cache._page_key(request))
    assert page_cache.CSRF_PLACEHOLDER in body
    assert page_cache.NONCE_PLACEHOLDER in body
    assert token.encode() not in body
    assert nonce.encode() not in body
    assert not any(name.lower() == "set-cookie" for name, _value in headers)


def test_an_anonymous_page_that_redirects_to_sign_in_is_not_stored(db):
    staff_only = Category.objects.get(slug="indkoeb")
    for _ in range(2):
        answer = Client().get(staff_only.get_absolute_url())
        assert answer.status_code == 302
        assert "X-Page-Cache" not in answer


def test_the_page_cache_can_be_turned_off(pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert "X-Page-Cache" not in Client().get(pages["home"])


def _without_per_visitor_parts(response) -> str:
    return NONCE.sub("", TOKEN.sub("", response.content.decode()))


def test_pages_and_writes_go_on_while_the_cache_is_down(
    pages, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    # An organiser's correction is saved although the page cache cannot be told.
    event = Event.objects.get(title="Datadag i Vejle")
    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Datadag i Vejle (ny dato)"
        event.save(update_fields=["title"])
    answer = Client().get(pages["event"])
    assert answer.status_code == 200
    assert "X-Page-Cache" not in answer
    assert "Datadag i Vejle (ny dato)" in answer.text
