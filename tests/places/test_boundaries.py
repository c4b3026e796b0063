"""Municipality boundaries: the loader command, point-in-polygon, and the fallback without them."""

import csv
import io
import json

import pytest
import shapely
from django.core.management import CommandError, call_command
from shapely.geometry import Point, shape
from shapely.ops import nearest_points, unary_union

from places.geocoding import in_denmark, municipality_at, reverse
from places.geocoding.outline import DENMARK_OUTLINE
from places.models import Municipality, MunicipalityBoundary
from tests.conftest import REPO_DIR, SHARED_DATA_DIR

pytestmark = pytest.mark.django_db

DAGI_FILE = SHARED_DATA_DIR / "dagi-municipalities-2014.geojson"

FREDERIKSBERG_AT_FORUM = (55.6819, 12.5526)  # in the enclave, yet nearer København's town hall
AARHUS_CENTRE = (56.1572, 10.2107)
MALMOE = (55.605, 13.0)
FLENSBURG = (54.7833, 9.4333)
KATTEGAT = (56.5, 11.5)


def load(path=DAGI_FILE) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_municipality_boundaries", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_collection(tmp_path, features) -> str:
    path = tmp_path / "boundaries.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def dagi_features() -> list[dict]:
    return json.loads(DAGI_FILE.read_text(encoding="utf-8"))["features"]


def code_at(lat: float, lng: float) -> str | None:
    municipality = municipality_at(lat, lng)
    return municipality.code if municipality else None


def test_the_command_loads_all_98_municipalities_and_skips_christiansoe():
    out, err = load()
    assert "Loaded 308 polygons for 98 municipalities" in out
    assert "code 411: Christiansø" in err
    assert MunicipalityBoundary.objects.count() == 98
    assert len({b.batch for b in MunicipalityBoundary.objects.all()}) == 1
    svendborg = MunicipalityBoundary.objects.get(municipality__code="479")
    assert svendborg.polygon_count > 5  # Tåsinge, Thurø and the small islands
    assert svendborg.min_lat < 55.06 < svendborg.max_lat


def test_the_placeholder_third_coordinate_is_dropped():
    load()
    geometry = json.loads(MunicipalityBoundary.objects.get(municipality__code="751").geometry)
    assert geometry["type"] == "MultiPolygon"
    assert {len(point) for point in geometry["coordinates"][0][0]} == {2}


def test_points_on_land_are_in_their_municipality_islands_and_enclaves_included():
    load()
    assert code_at(*AARHUS_CENTRE) == "751"
    assert code_at(*FREDERIKSBERG_AT_FORUM) == "147"
    assert code_at(55.6761, 12.5683) == "101"  # Københavns Rådhusplads
    assert code_at(55.1009, 14.7066) == "400"  # Rønne, Bornholm
    assert code_at(54.8880, 10.4112) == "492"  # Ærøskøbing
    assert code_at(55.4460, 8.3979) == "563"  # Nordby, Fanø
    assert code_at(57.2568, 10.9974) == "825"  # Læsø


@pytest.mark.parametrize("point", [MALMOE, FLENSBURG, KATTEGAT, (59.91, 10.75)])
def test_points_abroad_or_at_sea_are_in_no_municipality_and_not_in_denmark(point):
    load()
    assert municipality_at(*point) is None
    assert not in_denmark(*point)


def test_reverse_geocoding_uses_the_boundaries(settings):
    settings.GEOCODER = "offline"
    load()
    assert reverse(*FREDERIKSBERG_AT_FORUM).municipality.code == "147"
    assert reverse(*MALMOE) is None


def test_ertholmene_is_denmark_but_no_municipality():
    load()
    assert municipality_at(55.3205, 15.1872) is None
    assert in_denmark(55.3205, 15.1872)


def test_a_pin_just_off_the_generalised_coast_still_counts(settings):
    load()
    aarhus = shapely.from_geojson(
        MunicipalityBoundary.objects.get(municipality__code="751").geometry
    )
    bay = Point(10.30, 56.15)
    coast = nearest_points(aarhus, bay)[0]
    step = 0.002 / coast.distance(bay)  # about 150 m out to sea
    off = Point(coast.x + (bay.x - coast.x) * step, coast.y + (bay.y - coast.y) * step)
    assert not aarhus.contains(off)

    assert code_at(off.y, off.x) == "751"
    settings.GEOCODER_BOUNDARY_TOLERANCE_M = 0
    assert code_at(off.y, off.x) is None


def test_a_new_load_replaces_the_old_one_and_every_process_notices(tmp_path):
    load()
    assert code_at(*AARHUS_CENTRE) == "751"
    # The same polygons with Aarhus handed to Odder: a lookup must see it at once, although
    # the old polygons are cached in this process.
    features = dagi_features()
    for feature in features:
        if feature["properties"]["lau_1"] == "751":
            feature["properties"]["lau_1"] = "727"
    load(write_collection(tmp_path, features))
    assert code_at(*AARHUS_CENTRE) == "727"


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
    aarhus = [f for f in dagi_features() if f["properties"]["lau_1"] == "751"]
    unknown = {**aarhus[0], "properties": {"lau_1": "999"}}
    broken = {"type": "Feature", "properties": {"lau_1": "461"}, "geometry": None}
    out, err = load(write_collection(tmp_path, [*aarhus, unknown, broken]))
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


def test_a_warm_lookup_costs_two_queries(django_assert_num_queries):
    load()
    municipality_at(*AARHUS_CENTRE)  # reads the polygons into this process once
    # 1. which boundary load is current, 2. the municipality
    with django_assert_num_queries(2):
        assert municipality_at(*AARHUS_CENTRE).code == "751"


# --- Without boundaries ------------------------------------------------------------------------


def test_without_boundaries_the_nearest_town_hall_decides():
    assert not MunicipalityBoundary.objects.exists()
    assert code_at(*AARHUS_CENTRE) == "751"
    assert code_at(55.6786, 12.5300) == "147"  # Frederiksberg, near its town hall
    # Inside the enclave but nearer København's town hall: the fallback is only approximate.
    assert code_at(*FREDERIKSBERG_AT_FORUM) == "101"


@pytest.mark.parametrize(
    "point", [MALMOE, FLENSBURG, (56.046, 12.694), (55.905, 12.69), (54.9, 8.31), (54.45, 11.2)]
)
def test_without_boundaries_places_abroad_are_outside(point):
    """Malmö, Flensburg, Helsingborg, Ven, Sylt and Fehmarn."""
    assert not in_denmark(*point)
    assert municipality_at(*point) is None


def test_without_boundaries_every_town_hall_is_in_denmark():
    for m in Municipality.objects.all():
        assert in_denmark(m.lat, m.lng), m.name
        assert code_at(m.lat, m.lng) == m.code


@pytest.mark.parametrize("point", [(float("nan"), 10.0), (91.0, 10.0), ("x", 1), (None, None)])
def test_nonsense_coordinates_are_nowhere(point):
    assert municipality_at(*point) is None
    assert not in_denmark(*point)


def test_the_hand_drawn_outline_covers_the_real_country():
    polygons = [shapely.force_2d(shape(f["geometry"])) for f in dagi_features()]
    denmark = unary_union(polygons)
    assert DENMARK_OUTLINE.intersection(denmark).area / denmark.area > 0.999
    assert all(DENMARK_OUTLINE.contains(p.representative_point()) for p in polygons)
    with open(REPO_DIR / "places" / "data" / "municipalities.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert DENMARK_OUTLINE.contains(Point(float(row["lng"]), float(row["lat"])))


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
