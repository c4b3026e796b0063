import math

import pytest

from tests import geocoder_server

USER_AGENT = "SmartCityDanmark-tests/1.0 (geo@example.dk)"


def _online(settings, flavour: str):
    running = geocoder_server.start(flavour)
    settings.GEOCODER = flavour
    # A self-hosted instance under a path, as GEOCODER_URL allows.
    settings.GEOCODER_URL = f"{running.url}/{flavour}"
    settings.GEOCODER_USER_AGENT = USER_AGENT
    settings.GEOCODER_TIMEOUT = 2.0
    settings.GEOCODER_MIN_INTERVAL = 0.0  # the tests of the spacing set it themselves
    settings.GEOCODER_MAX_WAIT = 10.0
    return running


@pytest.fixture
def nominatim(settings):
    """GEOCODER=nominatim, answered by a local fake Nominatim; yields the fake."""
    running = _online(settings, "nominatim")
    yield running.fake
    running.stop()


@pytest.fixture
def photon(settings):
    """GEOCODER=photon, answered by a local fake Photon; yields the fake."""
    running = _online(settings, "photon")
    yield running.fake
    running.stop()


def shipped_municipalities() -> dict[str, dict]:
    """The features of the municipal boundaries the project ships, by municipality code."""
    from places.geocoding.boundaries import SHIPPED_BOUNDARIES, read_geojson

    return {f["properties"]["lau_1"]: f for f in read_geojson(SHIPPED_BOUNDARIES)["features"]}


def shipped_outlines() -> dict:
    """code -> shapely (Multi)Polygon of the shipped municipal boundaries."""
    from shapely.geometry import shape

    return {code: shape(f["geometry"]) for code, f in shipped_municipalities().items()}


def metres_between(a_lat: float, a_lng: float, b_lat: float, b_lng: float) -> float:
    return 111_320.0 * math.hypot(a_lat - b_lat, (a_lng - b_lng) * math.cos(math.radians(a_lat)))
