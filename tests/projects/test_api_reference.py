import pytest

from projects.models import Theme

pytestmark = pytest.mark.django_db


def test_the_themes_come_with_their_map_colour_and_icon(client):
    themes = client.get("/api/v1/themes/").json()

    parking = next(theme for theme in themes if theme["slug"] == "parkering")
    assert parking == {
        "slug": "parkering",
        "name": "Parkering",
        "name_en": "Parking",
        "label": "Parkering",
        "description": "",
        "color": "#1f4e9c",
        "icon": "parking",
    }
    assert len(themes) == Theme.objects.count() >= 13


def test_the_theme_label_follows_the_visitors_language(client):
    client.cookies["django_language"] = "en"

    themes = client.get("/api/v1/themes/").json()

    assert next(t["label"] for t in themes if t["slug"] == "parkering") == "Parking"


def test_the_municipalities_have_code_region_and_coordinates_but_no_email_domains(
    client, django_assert_num_queries
):
    # the municipalities with their regions
    with django_assert_num_queries(1):
        response = client.get("/api/v1/municipalities/")

    municipalities = response.json()
    assert len(municipalities) == 98
    aarhus = next(m for m in municipalities if m["code"] == "751")
    assert aarhus["slug"] == "aarhus"
    assert aarhus["region"] == "Region Midtjylland"
    assert aarhus["region_code"] == "1082"
    assert 56 < aarhus["lat"] < 56.3 and 10 < aarhus["lng"] < 10.4
    assert "aarhus.dk" not in response.content.decode()


def test_an_unchanged_reference_list_answers_304_until_it_changes(client):
    first = client.get("/api/v1/themes/")

    assert client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    Theme.objects.filter(slug="parkering").update(color="#000000")
    assert client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
