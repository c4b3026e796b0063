import pytest
from shapely.geometry import Point

from places.models import Municipality, MunicipalityEmailDomain, Region
from tests.places.conftest import shipped_municipalities, shipped_outlines

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


def test_the_shipped_boundaries_have_our_98_codes_names_and_regions():
    shipped = {code: f["properties"] for code, f in shipped_municipalities().items()}
    ours = {m.code: m for m in Municipality.objects.select_related("region")}
    assert set(shipped) == set(ours)  # 98, Christiansø (411) left out
    region_of_iso = {f"DK-8{n}": f"108{n}" for n in range(1, 6)}
    assert {region_of_iso[p["iso_3166_2"]] for p in shipped.values()} == set(
        Region.objects.values_list("code", flat=True)
    )
    for code, municipality in ours.items():
        assert municipality.region.code == region_of_iso[shipped[code]["iso_3166_2"]], code
        assert shipped[code]["name"] == municipality.name  # "Aarhus", not 2014's "Århus"


def test_every_town_hall_lies_inside_its_own_municipality():
    outlines = shipped_outlines()
    for municipality in Municipality.objects.all():
        seat = Point(municipality.lng, municipality.lat)
        assert outlines[municipality.code].contains(seat), municipality.name


def test_frederiksberg_is_an_enclave_of_koebenhavn():
    outlines = shipped_outlines()
    frederiksberg, koebenhavn = outlines["147"], outlines["101"]
    assert not frederiksberg.intersection(koebenhavn).area  # side by side, not on top
    # Every metre of Frederiksberg's border is a border with København, and nothing else.
    assert frederiksberg.boundary.difference(koebenhavn.buffer(1e-7)).is_empty
    others = [g for code, g in outlines.items() if code not in {"147", "101"}]
    assert not any(frederiksberg.intersects(g) for g in others)


@pytest.mark.parametrize(
    "code, town",
    [
        ("825", (10.9974, 57.2568)),  # Læsø
        ("741", (10.5967, 55.8375)),  # Samsø
        ("563", (8.3979, 55.4460)),  # Fanø
        ("492", (10.4112, 54.8880)),  # Ærø
        ("400", (14.7066, 55.1009)),  # Bornholm
    ],
)
def test_the_island_municipalities_are_islands_that_hold_their_town(code, town):
    outlines = shipped_outlines()
    island = next(p for p in outlines[code].geoms if p.contains(Point(town)))
    others = [g for other, g in outlines.items() if other != code]
    assert not any(island.intersects(g) for g in others)  # water all round
