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
