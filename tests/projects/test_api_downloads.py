import csv
import io
import json

import pytest

from projects.models import Project
from tests.factories import PublishedProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/projects/geojson/"
CSV = "/api/v1/projects/csv/"


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response), newline="")))


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_with_lng_lat_coordinates(client, aarhus):
    PublishedProjectFactory(slug="aarhus-lys", municipality=aarhus, lat=56.1572, lng=10.2107)
    PublishedProjectFactory(slug="venter", state=Project.State.NEEDS_REVIEW)

    response = client.get(GEOJSON)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    assert "CC BY 4.0" in collection["license"]
    assert len(collection["features"]) == 1
    feature = collection["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [10.2107, 56.1572]}
    assert feature["properties"]["slug"] == "aarhus-lys"
    assert feature["properties"]["municipality"] == "Aarhus"
    assert feature["properties"]["url"] == "http://testserver/projects/aarhus-lys/"


def test_geojson_holds_every_matching_project_across_batches(client):
    theme = ThemeFactory()
    Project.objects.bulk_create(
        PublishedProjectFactory.build(theme=theme, lat=55.5) for _ in range(1203)
    )
    Project.objects.bulk_create(
        PublishedProjectFactory.build(theme=theme, lat=57.0) for _ in range(10)
    )

    everything = json.loads(body(client.get(GEOJSON)))
    south = json.loads(body(client.get(GEOJSON, {"bbox": "8,54.5,13,56"})))

    assert len(everything["features"]) == 1213
    assert len({f["id"] for f in everything["features"]}) == 1213
    assert len(south["features"]) == 1203
    for feature in south["features"]:
        lng, lat = feature["geometry"]["coordinates"]
        assert 8 <= lng <= 13 and 54.5 <= lat <= 56


def test_a_malformed_filter_on_a_download_is_a_json_400(client):
    response = client.get(GEOJSON, {"bbox": "nonsense"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "bbox" in response.json()


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_a_header_row_and_one_row_a_project(client, aarhus):
    PublishedProjectFactory(slug="p1", municipality=aarhus, lat=56.1, lng=10.2, adoption_count=2)

    response = client.get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="smartcity-projects.csv"' in response["Content-Disposition"]
    header, row = rows(response)
    assert header[:4] == ["slug", "title", "summary", "theme"]
    record = dict(zip(header, row, strict=True))
    assert record["slug"] == "p1"
    assert record["municipality_code"] == "751"
    assert (record["lat"], record["lng"], record["adoption_count"]) == ("56.1", "10.2", "2")
    assert record["url"] == "http://testserver/projects/p1/"


def test_csv_escapes_quotes_commas_and_newlines(client):
    title = 'Lys, "smart" lys'
    summary = "Første linje\nAnden linje, med komma"
    PublishedProjectFactory(title=title, summary=summary)

    text = body(client.get(CSV))
    header, row = rows(client.get(CSV))

    assert '"Lys, ""smart"" lys"' in text
    record = dict(zip(header, row, strict=True))
    assert record["title"] == title
    assert record["summary"] == summary


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(client, dangerous):
    PublishedProjectFactory(title=dangerous, organisation=dangerous)

    header, row = rows(client.get(CSV))

    record = dict(zip(header, row, strict=True))
    assert record["title"] == "'" + dangerous
    assert record["organisation"] == "'" + dangerous


def test_csv_keeps_ordinary_text_and_numbers_as_they_are(client):
    PublishedProjectFactory(title="Gadelys 2.0", lat=55.5, lng=9.5)

    header, row = rows(client.get(CSV))

    record = dict(zip(header, row, strict=True))
    assert (record["title"], record["lat"], record["lng"]) == ("Gadelys 2.0", "55.5", "9.5")


def test_csv_filters_like_the_list(client, aarhus):
    PublishedProjectFactory(slug="i-aarhus", municipality=aarhus)
    PublishedProjectFactory(slug="andetsteds")

    _header, *found = rows(client.get(CSV, {"municipality": "aarhus"}))

    assert [row[0] for row in found] == ["i-aarhus"]


# --- Conditional requests -------------------------------------------------------------------


@pytest.mark.parametrize("url", [GEOJSON, CSV])
def test_an_unchanged_download_answers_304(client, url):
    PublishedProjectFactory()
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    PublishedProjectFactory()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_downloads_use_a_constant_number_of_queries(client, django_assert_num_queries):
    theme = ThemeFactory()
    Project.objects.bulk_create(PublishedProjectFactory.build(theme=theme) for _ in range(2500))

    # the validator; the measured results of the matching projects; the rows, streamed from one
    # query in batches of 1,000
    with django_assert_num_queries(3):
        assert len(json.loads(body(client.get(GEOJSON)))["features"]) == 2500


@pytest.mark.parametrize("url", [GEOJSON, CSV])
def test_a_download_answers_in_its_format_whatever_the_client_accepts(client, url):
    PublishedProjectFactory()

    response = client.get(url, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] in ("application/geo+json", "text/csv; charset=utf-8")
