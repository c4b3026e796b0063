"""Municipality boundaries: the shipped ones answer with no manual step; the loader command
loads a newer official file over them."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import Point
from shapely.ops import nearest_points

from places.geocoding import in_denmark, municipality_at, reverse
from places.geocoding.boundaries import SHIPPED_BOUNDARIES
from places.models import MunicipalityBoundary
from tests.places.conftest import metres_between, shipped_municipalities, shipped_outlines

pytestmark = pytest.mark.django_db

FREDERIKSBERG_INSIDE = (55.6796, 12.5248)  # more than 1 km from Frederiksberg's boundary
FREDERIKSBERG_AT_FORUM = (55.6819, 12.5526)  # in the enclave, yet nearer København's town hall
AARHUS_CENTRE = (56.1572, 10.2107)
KATTEGAT_NEAR_SAMSOE = (56.0, 10.5)  # 2 km off Samsø's northern tip
MALMOE = (55.605, 13.0)
HELSINGBORG = (56.046, 12.694)
FLENSBURG = (54.7833, 9.4333)
SYLT = (54.9, 8.31)


def load(path=SHIPPED_BOUNDARIES) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_municipality_boundaries", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_collection(tmp_path, features) -> str:
    path = tmp_path / "boundaries.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def code_at(lat: float, lng: float) -> str | None:
    municipality = municipality_at(lat, lng)
    return municipality.code if municipality else None


def off_the_coast(code: str, towards: tuple[float, float], metres: float) -> tuple[float, float]:
    """The point `metres` out to sea from the municipality's nearest coast towards a point."""
    sea = Point(towards[1], towards[0])
    coast = nearest_points(shipped_outlines()[code], sea)[0]
    step = metres / metres_between(coast.y, coast.x, sea.y, sea.x)
    return coast.y + (sea.y - coast.y) * step, coast.x + (sea.x - coast.x) * step


# --- The shipped boundaries, with nothing loaded ------------------------------------------------


def test_the_shipped_boundaries_answer_with_nothing_loaded():
    assert not MunicipalityBoundary.objects.exists()
    assert code_at(*AARHUS_CENTRE) == "751"
    assert code_at(55.6761, 12.5683) == "101"  # Københavns Rådhusplads


def test_a_pin_1_km_inside_frederiksberg_is_frederiksberg():
    frederiksberg = shipped_outlines()["147"]
    lat, lng = FREDERIKSBERG_INSIDE
    assert frederiksberg.contains(Point(lng, lat))
    edge = frederiksberg.boundary.interpolate(frederiksberg.boundary.project(Point(lng, lat)))
    assert metres_between(lat, lng, edge.y, edge.x) > 1000
    assert code_at(*FREDERIKSBERG_INSIDE) == "147"
    # Nearer København's town hall than Frederiksberg's: the outline decides, not the distance.
    assert code_at(*FREDERIKSBERG_AT_FORUM) == "147"


@pytest.mark.parametrize(
    "point, code",
    [
        ((57.2568, 10.9974), "825"),  # Byrum, Læsø
        ((55.8375, 10.5967), "741"),  # Tranebjerg, Samsø
        ((55.4460, 8.3979), "563"),  # Nordby, Fanø
        ((54.8880, 10.4112), "492"),  # Ærøskøbing
        ((55.1009, 14.7066), "400"),  # Rønne, Bornholm
        ((56.7160, 11.5110), "707"),  # Anholt by (Norddjurs)
    ],
)
def test_a_pin_on_an_island_is_in_the_islands_municipality(point, code):
    assert code_at(*point) == code


def test_a_pin_500_m_off_the_west_coast_of_jutland_is_still_the_coastal_municipality(settings):
    # Off Søndervig, Ringkøbing-Skjern, towards the North Sea.
    off = off_the_coast("760", towards=(56.12, 7.90), metres=490)
    assert not any(outline.covers(Point(off[1], off[0])) for outline in shipped_outlines().values())
    assert settings.GEOCODER_BOUNDARY_TOLERANCE_M == 500
    assert code_at(*off) == "760"
    assert in_denmark(*off)

    farther = off_the_coast("760", towards=(56.12, 7.90), metres=1500)
    assert code_at(*farther) is None
    assert not in_denmark(*farther)
    settings.GEOCODER_BOUNDARY_TOLERANCE_M = 0
    assert code_at(*off) is None


@pytest.mark.parametrize(
    "point", [MALMOE, HELSINGBORG, FLENSBURG, SYLT, KATTEGAT_NEAR_SAMSOE, (56.5, 11.5)]
)
def test_a_pin_abroad_or_out_at_sea_is_in_no_municipality_and_not_in_denmark(point):
    assert municipality_at(*point) is None
    assert not in_denmark(*point)


def test_reverse_geocoding_uses_the_shipped_boundaries(settings):
    settings.GEOCODER = "offline"
    assert reverse(*FREDERIKSBERG_AT_FORUM).municipality.code == "147"
    assert reverse(*MALMOE) is None
    assert reverse(*KATTEGAT_NEAR_SAMSOE) is None


def test_ertholmene_is_denmark_but_no_municipality():
    assert municipality_at(55.3205, 15.1872) is None
    assert in_denmark(55.3205, 15.1872)


@pytest.mark.parametrize("point", [(float("nan"), 10.0), (91.0, 10.0), ("x", 1), (None, None)])
def test_nonsense_coordinates_are_nowhere(point):
    assert municipality_at(*point) is None
    assert not in_denmark(*point)


def test_a_warm_lookup_costs_two_queries(django_assert_num_queries):
    municipality_at(*AARHUS_CENTRE)  # reads the shipped polygons into this process once
    # 1. whether a boundary file was loaded into the database, 2. the municipality
    with django_assert_num_queries(2):
        assert municipality_at(*AARHUS_CENTRE).code == "751"


# --- Loading a newer official file over the shipped one ---------------------------------------


def test_the_command_loads_a_file_and_its_boundaries_win_over_the_shipped_ones(tmp_path):
    features = list(shipped_municipalities().values())
    polygons = sum(len(f["geometry"]["coordinates"]) for f in features)
    out, _ = load()
    assert f"Loaded {polygons} polygons for 98 municipalities" in out
    assert MunicipalityBoundary.objects.count() == 98
    assert len({b.batch for b in MunicipalityBoundary.objects.all()}) == 1
    svendborg = MunicipalityBoundary.objects.get(municipality__code="479")
    assert svendborg.polygon_count > 5  # Tåsinge, Thurø and the small islands
    assert svendborg.min_lat < 55.06 < svendborg.max_lat
    assert code_at(*AARHUS_CENTRE) == "751"

    # The same polygons with Aarhus handed to Odder: a lookup must see it at once, although
    # the old polygons are cached in this process.
    for feature in features:
        if feature["properties"]["lau_1"] == "751":
            feature["properties"]["lau_1"] = "727"
    load(write_collection(tmp_path, features))
    assert code_at(*AARHUS_CENTRE) == "727"

    # Deleting the loaded rows (admin may) brings back the shipped boundaries.
    MunicipalityBoundary.objects.all().delete()
    assert code_at(*AARHUS_CENTRE) == "751"


def test_an_official_dagi_style_file_loads_christiansoe_skipped_third_coordinate_dropped(
    tmp_path,
):
    """DAGI writes one feature per island, a -999.0 third coordinate, and code 411."""
    aarhus = shipped_municipalities()["751"]["geometry"]
    features = [
        {
            "type": "Feature",
            "properties": {"lau_1": "751"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, y, -999.0] for x, y in ring] for ring in polygon],
            },
        }
        for polygon in aarhus["coordinates"]
    ]
    christiansoe = [[15.18, 55.31, -999.0], [15.19, 55.31, -999.0], [15.19, 55.32, -999.0]]
    features.append(
        {
            "type": "Feature",
            "properties": {"lau_1": "411"},
            "geometry": {"type": "Polygon", "coordinates": [[*christiansoe, christiansoe[0]]]},
        }
    )
    out, err = load(write_collection(tmp_path, features))
    assert "for 1 municipalities" in out
    assert "code 411: Christiansø" in err
    geometry = json.loads(MunicipalityBoundary.objects.get(municipality__code="751").geometry)
    assert geometry["type"] == "MultiPolygon"
    assert {len(point) for point in geometry["coordinates"][0][0]} == {2}
    assert code_at(*AARHUS_CENTRE) == "751"


def test_a_file_without_known_municipalities_changes_nothing(tmp_path):
    load()
    before = set(MunicipalityBoundary.objects.values_list("pk", flat=True))
    square = {"type": "Polygon", "coordinates": [[[9, 56], [10, 56], [10, 57], [9, 56]]]}
    path = write_collection(
        tmp_path, [{"type": "Feature", "properties": {"lau_1": "999"}, "geometry": square}]
    )
    with pytest.raises(CommandError, match="no polygon for any known municipality"):
        load(path)
    assert set(MunicipalityBoundary.objects.values_list("pk", flat=True)) == before


def test_unknown_codes_and_broken_features_are_skipped_with_a_warning(tmp_path):
    aarhus = shipped_municipalities()["751"]
    unknown = {**aarhus, "properties": {"lau_1": "999"}}
    broken = {"type": "Feature", "properties": {"lau_1": "461"}, "geometry": None}
    out, err = load(write_collection(tmp_path, [aarhus, unknown, broken]))
    assert "code 999: unknown code" in err
    assert "(461) has no usable geometry" in err
    assert "No boundary for 97 municipalities" in err
    assert list(MunicipalityBoundary.objects.values_list("municipality__code", flat=True)) == [
        "751"
    ]


def test_a_file_that_is_not_geojson_is_refused(tmp_path):
    path = tmp_path / "nonsense.geojson"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        load(path)
    path.write_text("[]")
    with pytest.raises(CommandError, match="not a GeoJSON FeatureCollection"):
        load(path)
    gz = tmp_path / "nonsense.geojson.gz"
    gz.write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="Cannot read"):
        load(gz)


def test_admins_can_look_at_the_loaded_boundaries_but_not_edit_them(client):
    from tests.factories import UserFactory

    load()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    boundary = MunicipalityBoundary.objects.get(municipality__code="751")
    assert client.get("/admin/places/municipalityboundary/").status_code == 200
    page = client.get(f"/admin/places/municipalityboundary/{boundary.pk}/change/")
    assert page.status_code == 200
    assert b'name="geometry"' not in page.content  # read-only: no form fields
    assert client.get("/admin/places/municipalityboundary/add/").status_code == 403


def test_the_admin_names_of_the_new_models_are_in_danish():
    from django.utils import translation

    from places.models import GeocodeCacheEntry

    with translation.override("da"):
        assert str(MunicipalityBoundary._meta.verbose_name_plural) == "kommunegrænser"
        assert str(GeocodeCacheEntry._meta.verbose_name_plural) == "gemte geokodningssvar"


def test_the_shipped_lookup_is_exact_at_every_town_hall(django_assert_max_num_queries):
    from places.geocoding.boundaries import municipality_codes_at
    from places.models import Municipality

    seats = list(Municipality.objects.values_list("code", "lat", "lng"))
    with django_assert_max_num_queries(1):
        codes = municipality_codes_at([(lat, lng) for _, lat, lng in seats])
    assert codes == [code for code, _, _ in seats]
