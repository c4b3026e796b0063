from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(db):
    return [
        EventFactory(title="Datadag i Aarhus", kind="data_day"),
        EventFactory(
            title="Webinar om åbne data",
            kind="webinar",
            is_online=True,
            online_url="https://meet.example.com/lukket",
            venue_name="",
            venue_address="",
            lat=None,
            lng=None,
            municipality=None,
        ),
        EventFactory(title="Kladde", state="needs_review"),
        EventFactory(title="Aflyst seminar", state="cancelled"),
        EventFactory(
            title="Gammel datadag",
            starts_at=timezone.now() - timedelta(days=30),
            ends_at=timezone.now() - timedelta(days=30, hours=-2),
        ),
    ]


def test_the_api_lists_upcoming_published_events_only(client, events):
    data = client.get("/api/v1/events/").json()
    assert [e["title"] for e in data["results"]] == ["Datadag i Aarhus", "Webinar om åbne data"]
    first = data["results"][0]
    assert first["municipality"]["slug"] == "aarhus"
    assert first["seats_left"] == 20
    assert first["url"].endswith(f"/events/{events[0].slug}/")
    assert first["starts_at"].endswith("+01:00") or first["starts_at"].endswith("+02:00")


def test_the_api_never_shows_a_participants_only_link(client, events):
    webinar = client.get("/api/v1/events/", {"kind": "webinar"}).json()["results"][0]
    assert webinar["online_url"] == ""


def test_the_api_filters_like_the_list(client, events):
    assert client.get("/api/v1/events/", {"mode": "online"}).json()["count"] == 1
    assert client.get("/api/v1/events/", {"q": "Aarhus"}).json()["count"] == 1
    past = client.get("/api/v1/events/", {"when": "past"}).json()
    assert [e["title"] for e in past["results"]] == ["Gammel datadag"]


def test_one_event_by_slug_and_unpublished_ones_are_404(client, events):
    assert client.get(f"/api/v1/events/{events[0].slug}/").json()["title"] == "Datadag i Aarhus"
    assert client.get(f"/api/v1/events/{events[2].slug}/").status_code == 404


def test_geojson_has_located_events_in_lng_lat_order(client, events):
    response = client.get("/api/v1/events/geojson/")
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [10.2039, 56.1527]
    assert feature["properties"]["title"] == "Datadag i Aarhus"


def test_the_api_answers_conditional_requests(client, events):
    first = client.get("/api/v1/events/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    other_filter = client.get("/api/v1/events/?kind=webinar", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other_filter.status_code == 200


def test_the_api_list_runs_a_fixed_number_of_queries(client, events):
    for n in range(10):
        EventFactory(title=f"Ekstra {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/events/").status_code == 200
    # validator (count + max), page count, the page, themes prefetch
    assert len(queries) == 4, "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/events/" in schema
