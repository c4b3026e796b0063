"""The one open-data API layer (smartcity/open_data_api.py, smartcity/http_cache.py): every
JSON answer and feed of every app answers conditional requests, in the language of the
request, and the public API carries CORS `*`."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(public_thread):
    project = ProjectFactory(theme=ThemeFactory(slug="parkering"), title="Parkeringssensorer")
    event = EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")
    return {"project": project, "event": event, "thread": public_thread}


def api_urls(content) -> dict[str, str]:
    project, event, thread = content["project"], content["event"], content["thread"]
    return {
        "projects": reverse("api:projects-list"),
        "project": reverse("api:projects-detail", args=[project.slug]),
        "projects geojson": reverse("api:projects-geojson"),
        "projects csv": reverse("api:projects-csv"),
        "map": reverse("api:map") + "?bbox=8,54.5,13,57.8&zoom=7",
        "themes": reverse("api:themes-list"),
        "municipalities": reverse("api:municipalities-list"),
        "events": reverse("api:events-list"),
        "events as geojson": reverse("api:events-list") + "?format=geojson",
        "event": reverse("api:events-detail", args=[event.slug]),
        "events geojson": reverse("api:events-geojson"),
        "events calendar": reverse("api:events-ics"),
        "event calendar": reverse("api:events-detail-ics", args=[event.slug]),
        "forum threads": reverse("api:forum-threads-list"),
        "forum thread": reverse("api:forum-threads-detail", args=[thread.pk]),
        "forum posts": reverse("api:forum-threads-posts", args=[thread.pk]),
    }


FEEDS = ["/forum/feed/", "/forum/c/smart-parkering/feed/"]


def test_every_api_answer_carries_cors_and_answers_304_when_unchanged(client, content):
    for name, url in api_urls(content).items():
        first = client.get(url)
        assert first.status_code == 200, name
        assert first["Access-Control-Allow-Origin"] == "*", name
        assert "must-revalidate" in first["Cache-Control"], name
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, name


def test_every_feed_answers_304_when_unchanged(client, content):
    for url in FEEDS:
        first = client.get(url)
        assert first.status_code == 200 and first.has_header("Last-Modified"), url
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url


def test_new_activity_changes_the_validators_of_the_forum_answers(client, content):
    thread = content["thread"]
    urls = [*FEEDS, reverse("api:forum-threads-list")]
    tags = {url: client.get(url)["ETag"] for url in urls}
    type(thread).objects.filter(pk=thread.pk).update(
        title="Nye erfaringer", last_post_at=timezone.now()
    )
    for url in urls:
        assert client.get(url, HTTP_IF_NONE_MATCH=tags[url]).status_code == 200, url


def test_the_language_is_part_of_every_validator(client, content):
    for name, url in api_urls(content).items():
        client.cookies["django_language"] = "da"
        danish = client.get(url)["ETag"]
        client.cookies["django_language"] = "en"
        english = client.get(url)["ETag"]
        assert danish != english, name
        assert client.get(url, HTTP_IF_NONE_MATCH=danish).status_code == 200, name
