import random

import pytest
from django.utils.http import http_date

from projects.clustering import MAX_FEATURES
from projects.models import Project
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MAP = "/api/v1/map/"
DENMARK = "8.0,54.5,15.3,57.8"


def scatter(count, *, seed=3, south=54.8, west=8.2, north=57.6, east=12.6, **fields):
    rng = random.Random(seed)
    theme = fields.pop("theme", None) or ThemeFactory()
    return Project.objects.bulk_create(
        PublishedProjectFactory.build(
            theme=theme, lat=rng.uniform(south, north), lng=rng.uniform(west, east), **fields
        )
        for _ in range(count)
    )


def features_of(answer, kind):
    return [f for f in answer["features"] if f["properties"]["kind"] == kind]


def test_a_lone_project_is_a_point_with_everything_the_popup_needs(client, aarhus):
    theme = ThemeFactory(slug="test-parkering", name="Test-parkering", color="#123456", icon="car")
    PublishedProjectFactory(
        slug="smart-parkering",
        title="Smart parkering",
        theme=theme,
        municipality=aarhus,
        lat=56.15,
        lng=10.2,
        adoption_count=3,
    )

    response = client.get(MAP, {"bbox": DENMARK, "zoom": 7})

    assert response.status_code == 200
    assert response.json() == {
        "type": "FeatureCollection",
        "total": 1,
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [10.2, 56.15]},
                "properties": {
                    "kind": "project",
                    "slug": "smart-parkering",
                    "title": "Smart parkering",
                    "url": "/projects/smart-parkering/",
                    "theme": {
                        "slug": "test-parkering",
                        "label": "Test-parkering",
                        "color": "#123456",
                        "icon": "car",
                    },
                    "municipality": "Aarhus",
                    "adoptions": 3,
                },
            }
        ],
    }


def test_clusters_carry_their_count_and_bbox_and_add_up_to_the_total(client):
    scatter(400)

    answer = client.get(MAP, {"bbox": DENMARK, "zoom": 7}).json()

    clusters = features_of(answer, "cluster")
    assert clusters
    for cluster in clusters:
        west, south, east, north = cluster["properties"]["bbox"]
        lng, lat = cluster["geometry"]["coordinates"]
        assert west <= lng <= east and south <= lat <= north
    counted = sum(c["properties"]["count"] for c in clusters) + len(features_of(answer, "project"))
    assert counted == answer["total"] == 400


def test_thousands_of_projects_give_at_most_a_few_hundred_features(client):
    scatter(5000)

    for bbox, zoom in ((DENMARK, 7), (DENMARK, 12), ("-180,-85,180,85", 18)):
        answer = client.get(MAP, {"bbox": bbox, "zoom": zoom}).json()
        assert len(answer["features"]) <= MAX_FEATURES
        assert answer["total"] == 5000


def test_the_map_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    scatter(3, south=56.0, north=56.0001, west=10.0, east=10.0001, seed=5)  # one more cluster
    scatter(2000)
    scatter(3, south=56.0, north=56.0001, west=10.0, east=10.0001, seed=4)

    # the grid cells; the projects shown one by one
    with django_assert_max_num_queries(2):
        answer = client.get(MAP, {"bbox": DENMARK, "zoom": 10}).json()
    assert features_of(answer, "project")


def test_the_view_and_the_filters_choose_the_projects(client, aarhus):
    parking = ThemeFactory(slug="parkering")
    lighting = ThemeFactory(slug="gadebelysning")
    PublishedProjectFactory(theme=parking, municipality=aarhus, title="Sensorer i p-huse")
    PublishedProjectFactory(theme=lighting, municipality=aarhus, status="pilot")
    PublishedProjectFactory(theme=lighting, lat=55.68, lng=12.57, adoption_count=4)
    PublishedProjectFactory(theme=parking, lat=55.68, lng=12.57, state=Project.State.REJECTED)

    def total(**params):
        return client.get(MAP, {"bbox": DENMARK, "zoom": 7, **params}).json()["total"]

    assert total() == 3
    assert total(bbox="12.0,55.0,13.0,56.0") == 1
    assert total(theme="parkering") == 1
    assert total(municipality="aarhus") == 2
    assert total(status="pilot") == 1
    assert total(q="p-huse") == 1
    assert total(min_adoptions=2) == 1
    assert total(theme="ukendt") == 0


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"zoom": 7}, "bbox"),
        ({"bbox": "8,54,15", "zoom": 7}, "fire tal"),
        ({"bbox": "8,54,a,57", "zoom": 7}, "fire tal"),
        ({"bbox": "15,54,8,57", "zoom": 7}, "minimum"),
        ({"bbox": "8,54,15,97", "zoom": 7}, "-90 og 90"),
        ({"bbox": DENMARK}, "zoom"),
        ({"bbox": DENMARK, "zoom": "7.5"}, "zoom"),
        ({"bbox": DENMARK, "zoom": 40}, "zoom"),
        ({"bbox": DENMARK, "zoom": 7, "status": "secret"}, "gyldig valgmulighed"),
        ({"bbox": DENMARK, "zoom": 7, "min_adoptions": "many"}, "heltal"),
    ],
)
def test_a_malformed_request_is_refused_with_a_reason_in_danish(client, params, reason):
    response = client.get(MAP, params)

    assert response.status_code == 400
    assert reason in response.json()["detail"]


def test_a_malformed_bbox_is_explained_in_english_to_an_english_visitor(client):
    client.cookies["django_language"] = "en"

    response = client.get(MAP, {"bbox": "8,54,15", "zoom": 7})

    assert response.json() == {"detail": "bbox must be four numbers: minLng,minLat,maxLng,maxLat"}


def test_an_unchanged_view_answers_304(client):
    project = PublishedProjectFactory()
    first = client.get(MAP, {"bbox": DENMARK, "zoom": 7})
    assert first["ETag"]
    assert first["Last-Modified"] == http_date(project.updated_at.timestamp())

    again = client.get(MAP, {"bbox": DENMARK, "zoom": 7}, HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get(
        MAP, {"bbox": DENMARK, "zoom": 7}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert since.status_code == 304


def test_a_new_project_in_the_view_changes_the_etag(client, settings):
    settings.PROJECTS_MAP_CACHE_SECONDS = 0
    PublishedProjectFactory()
    first = client.get(MAP, {"bbox": DENMARK, "zoom": 7})
    PublishedProjectFactory(lat=55.0, lng=9.0)

    again = client.get(MAP, {"bbox": DENMARK, "zoom": 7}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again.json()["total"] == 2


def test_a_repeated_view_is_answered_from_the_cache_for_a_few_seconds(
    client, django_assert_num_queries
):
    PublishedProjectFactory()
    first = client.get(MAP, {"bbox": DENMARK, "zoom": 7})
    PublishedProjectFactory(lat=55.0, lng=9.0)

    with django_assert_num_queries(0):
        again = client.get(MAP, {"zoom": 7, "bbox": DENMARK})

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_another_zoom_of_the_same_view_has_another_etag(client):
    PublishedProjectFactory()

    seven = client.get(MAP, {"bbox": DENMARK, "zoom": 7})
    eight = client.get(MAP, {"bbox": DENMARK, "zoom": 8}, HTTP_IF_NONE_MATCH=seven["ETag"])

    assert eight.status_code == 200
