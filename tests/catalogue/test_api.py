import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.catalogue.conftest import add_dataset

pytestmark = pytest.mark.django_db


def test_the_list_is_paginated_and_leaves_withdrawn_out(client):
    for n in range(3):
        add_dataset(title=f"Parkering {n}")
    add_dataset(title="Gammel", withdrawn=True)

    data = client.get("/api/v1/datasets/?page_size=2").json()

    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]
    first = data["results"][0]
    assert first["municipality"] == {"code": "751", "slug": "aarhus", "name": "Aarhus"}
    assert first["distributions"][0]["format"] == "CSV"
    assert first["areas"] == ["parkering"]
    assert first["url"].endswith(f"/datasets/{first['slug']}/")


@pytest.mark.parametrize("value", ["aarhus", "751"])
def test_it_filters_by_municipality_slug_or_code(client, value):
    add_dataset(title="Aarhus-data", municipality="751")
    add_dataset(title="Odense-data", municipality="461")

    data = client.get(f"/api/v1/datasets/?municipality={value}").json()

    assert [d["title"] for d in data["results"]] == ["Aarhus-data"]


def test_it_filters_by_area_format_and_words(client):
    add_dataset(title="Ladestandere", areas=("ladestandere",), formats=("GEOJSON",))
    add_dataset(title="Parkering i midtbyen", areas=("parkering",), formats=("CSV",))

    def titles(query):
        return [d["title"] for d in client.get(f"/api/v1/datasets/?{query}").json()["results"]]

    assert titles("area=ladestandere") == ["Ladestandere"]
    assert titles("format=csv") == ["Parkering i midtbyen"]
    assert titles("q=midtbyen") == ["Parkering i midtbyen"]


def test_it_filters_by_modified_since(client):
    add_dataset(title="Ny", modified=timezone.now())
    add_dataset(title="Gammel", modified=timezone.now() - timedelta(days=400))
    since = (timezone.now() - timedelta(days=30)).date().isoformat()

    data = client.get(f"/api/v1/datasets/?modified_since={since}").json()

    assert [d["title"] for d in data["results"]] == ["Ny"]


def test_a_bad_modified_since_is_a_clear_400(client):
    answer = client.get("/api/v1/datasets/?modified_since=last-week")

    assert answer.status_code == 400
    assert "modified_since" in answer.json()["detail"]


def test_a_pasted_address_finds_its_dataset(client):
    dataset = add_dataset(title="Cykeltællinger", areas=("cykeltaellinger",))
    add_dataset(title="Andet")
    url = dataset.distributions.get().access_url

    data = client.get("/api/v1/datasets/", {"q": url}).json()

    assert [d["slug"] for d in data["results"]] == [dataset.slug]


def test_the_detail_answers_and_a_withdrawn_dataset_is_404(client):
    dataset = add_dataset(title="Luftkvalitet", areas=("luftkvalitet",))
    gone = add_dataset(title="Væk", withdrawn=True)

    assert client.get(f"/api/v1/datasets/{dataset.slug}/").json()["title"] == "Luftkvalitet"
    assert client.get(f"/api/v1/datasets/{gone.slug}/").status_code == 404


def test_the_list_answers_conditional_requests(client):
    add_dataset()
    first = client.get("/api/v1/datasets/")

    again = client.get("/api/v1/datasets/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    add_dataset(title="Ny")
    assert client.get("/api/v1/datasets/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_data_areas_are_listed_with_guidelines(client):
    data = client.get("/api/v1/data-areas/").json()

    slugs = [area["slug"] for area in data]
    assert {"parkering", "luftkvalitet", "affald", "befolkning"} <= set(slugs)
    assert all(area["guideline"] and area["guideline_en"] for area in data)


def test_the_matrix_has_a_cell_per_municipality_and_area(client):
    add_dataset(municipality="751", areas=("parkering",))
    add_dataset(municipality="751", areas=("parkering",))
    add_dataset(municipality="461", areas=("affald",))

    data = client.get("/api/v1/data-areas/matrix/").json()

    assert len(data["municipalities"]) == 98
    assert len(data["cells"]) == 98 * len(data["areas"])
    cells = {(c["municipality"], c["area"]): c["count"] for c in data["cells"]}
    assert cells[("751", "parkering")] == 2
    assert cells[("461", "affald")] == 1
    assert cells[("461", "parkering")] == 0


def test_the_matrix_as_csv_has_the_same_numbers(client):
    add_dataset(municipality="751", areas=("parkering",))

    answer = client.get("/api/v1/data-areas/matrix/?format=csv")

    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    aarhus = next(r for r in rows if r["municipality_code"] == "751" and r["area"] == "parkering")
    assert aarhus["count"] == "1" and aarhus["municipality"] == "Aarhus"
    assert len(rows) == len(client.get("/api/v1/data-areas/matrix/").json()["cells"])


def test_the_matrix_keeps_one_region_and_rejects_an_unknown_one(client):
    data = client.get("/api/v1/data-areas/matrix/?region=region-nordjylland").json()

    assert len(data["municipalities"]) == 11
    assert client.get("/api/v1/data-areas/matrix/?region=atlantis").status_code == 400


def test_every_catalogue_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()

    for path in [
        "/api/v1/datasets/",
        "/api/v1/datasets/{slug}/",
        "/api/v1/data-areas/",
        "/api/v1/data-areas/matrix/",
        "/api/v1/dcat/catalog.ttl",
        "/api/v1/dcat/catalog.jsonld",
    ]:
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/datasets/"]["get"]["parameters"]}
    assert {"municipality", "area", "format", "q", "modified_since"} <= parameters


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31T23:59:59-23:59", "2026-01-31"])
def test_a_modified_since_at_the_ends_of_the_calendar_is_no_error(client, since):
    assert client.get("/api/v1/datasets/", {"modified_since": since}).status_code == 200


def test_the_matrix_lists_the_regions_it_accepts(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/data-areas/matrix/"]["get"]
    region = next(p for p in operation["parameters"] if p["name"] == "region")

    assert "region-nordjylland" in region["schema"]["enum"]
    for slug in region["schema"]["enum"]:
        assert client.get("/api/v1/data-areas/matrix/", {"region": slug}).status_code == 200
