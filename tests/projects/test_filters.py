"""The one reading of a query string as project filters: the pages and the open-data API
agree, and the reasons for refusing a value are in the visitor's language."""

import pytest
from django.utils import timezone

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_list_page_and_the_api_keep_the_same_projects_for_the_same_query(client):
    ProjectFactory(title="Fremhævet", lat=56.15, lng=10.2, featured_at=timezone.now())
    ProjectFactory(title="Almindelig", lat=56.16, lng=10.21)
    query = "featured=1&bbox=9.8,55.9,10.6,56.4"

    page = client.get(f"/projects/?{query}").text
    api = client.get(f"/api/v1/projects/?{query}").json()

    assert "Fremhævet" in page and "Almindelig" not in page
    assert [p["title"] for p in api["results"]] == ["Fremhævet"]


@pytest.mark.parametrize(
    ("bbox", "danish"),
    [
        ("8,54,15", "bbox skal være fire tal: minLng,minLat,maxLng,maxLat"),
        ("8,54,200,57", "bbox' længdegrader skal ligge mellem -180 og 180"),
    ],
)
def test_a_malformed_bbox_is_refused_by_the_api_with_the_reason_in_danish(client, bbox, danish):
    client.cookies["django_language"] = "da"

    response = client.get("/api/v1/projects/", {"bbox": bbox})

    assert response.status_code == 400
    assert danish in str(response.json())


def test_the_list_page_drops_a_malformed_bbox_and_keeps_the_other_filters(client):
    ProjectFactory(title="Fremhævet", featured_at=timezone.now())
    ProjectFactory(title="Almindelig")

    text = client.get("/projects/?featured=1&bbox=8,54,15").text

    assert "Fremhævet" in text and "Almindelig" not in text
