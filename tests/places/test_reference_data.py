import json

import pytest
from shapely.geometry import Point, shape

from places.models import Municipality, MunicipalityEmailDomain, Region
from tests.conftest import SHARED_DATA_DIR

pytestmark = pytest.mark.django_db


def test_there_are_five_regions_and_98_municipalities():
    assert Region.objects.count() == 5
    assert Municipality.objects.count() == 98
    assert not Municipality.objects.filter(code="411").exists()  # Christiansø is not one


def test_known_facts_hold():
    kbh = Municipality.objects.select_related("region").get(code="101")
    assert (kbh.name, kbh.region.code) == ("København", "1084")
    assert Municipality.objects.get(code="751").name == "Aarhus"
    assert Municipality.objects.get(code="461").region.name == "Region Syddanmark"
    assert MunicipalityEmailDomain.objects.get(domain="kk.dk").municipality == kbh
    assert MunicipalityEmailDomain.objects.get(domain="aarhus.dk").municipality.code == "751"


def test_codes_and_regions_match_the_official_boundary_data():
    import csv

    with open(SHARED_DATA_DIR / "dagi-municipalities-2014.csv", encoding="utf-8") as f:
        rows = {row["lau_1"].zfill(3): row for row in csv.DictReader(f)}
    ours = {m.code: m for m in Municipality.objects.select_related("region")}
    assert set(ours) == set(rows) - {"411"}
    region_of_iso = {"DK-81": "1081", "DK-82": "1082", "DK-83": "1083", "DK-84": "1084"}
    region_of_iso["DK-85"] = "1085"
    for code, municipality in ours.items():
        assert municipality.region.code == region_of_iso[rows[code]["iso_3166_2"]], code


def test_every_town_hall_lies_inside_its_own_municipality():
    with open(SHARED_DATA_DIR / "dagi-municipalities-2014.geojson", encoding="utf-8") as f:
        features = json.load(f)["features"]
    polygons: dict[str, list] = {}
    for feature in features:
        polygons.setdefault(str(feature["properties"]["lau_1"]).zfill(3), []).append(
            shape(feature["geometry"])
        )
    for municipality in Municipality.objects.all():
        seat = Point(municipality.lng, municipality.lat)
        assert any(p.contains(seat) for p in polygons[municipality.code]), municipality.name
