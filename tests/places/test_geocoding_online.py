"""Nominatim and Photon, against a local fake of each (tests/geocoder_server.py)."""

import itertools
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection

from places.geocoding import (
    ADDRESS,
    MUNICIPALITY,
    STREET,
    TOWN,
    GeocoderError,
    GeocoderUnavailable,
    geocode,
    reverse,
)
from places.models import GeocodeCacheEntry
from tests.conftest import reload_reference_data
from tests.places.conftest import USER_AGENT

pytestmark = pytest.mark.django_db

AARHUS_TOWN_HALL = (56.1529161, 10.2039064)


def searches(fake) -> list:
    return [r for r in fake.requests if r.path.endswith(("/search", "/api"))]


# --- Nominatim ----------------------------------------------------------------------------------


def test_an_address_is_found_with_its_municipality_and_address_precision(nominatim, aarhus):
    (result,) = geocode("Rådhuspladsen 2, 8000 Aarhus")
    assert (result.lat, result.lng) == AARHUS_TOWN_HALL
    assert result.address.startswith("Aarhus Rådhus, 2, Rådhuspladsen, Aarhus C")
    assert (result.precision, result.municipality) == (ADDRESS, aarhus)


def test_the_request_is_limited_to_denmark_and_says_who_we_are(nominatim):
    geocode("Skagen")
    (request,) = nominatim.requests
    assert request.path == "/nominatim/search"  # the path of GEOCODER_URL is kept
    assert request.params["countrycodes"] == "dk"
    assert request.params["addressdetails"] == "1"
    assert request.headers["User-Agent"] == USER_AGENT


def test_places_outside_denmark_are_not_found(nominatim):
    assert geocode("Malmö") == []


@pytest.mark.parametrize(
    "query, precision, municipality",
    [
        ("Rådhuspladsen 2 Aarhus", ADDRESS, "Aarhus"),
        ("Vestergade, Odense", STREET, "Odense"),
        ("Skagen", TOWN, "Frederikshavn"),
        ("Lolland Kommune", MUNICIPALITY, "Lolland"),
    ],
)
def test_the_precision_follows_the_address_details(nominatim, query, precision, municipality):
    (result,) = geocode(query)
    assert (result.precision, result.municipality.name) == (precision, municipality)


def test_the_same_question_goes_to_the_network_once(nominatim):
    first = geocode("Rådhuspladsen 2, 8000 Aarhus")
    again = geocode("  rådhuspladsen 2,   8000 AARHUS ")
    assert again == first
    assert len(nominatim.requests) == 1
    entry = GeocodeCacheEntry.objects.get()
    assert (entry.provider, entry.query) == ("nominatim", "rådhuspladsen 2, 8000 aarhus")


def test_nothing_found_is_remembered_too(nominatim):
    assert geocode("Atlantis") == []
    assert geocode("Atlantis") == []
    assert len(nominatim.requests) == 1


def test_an_old_answer_is_asked_for_again(nominatim, settings):
    geocode("Skagen")
    old = GeocodeCacheEntry.objects.get()
    old.created_at -= timedelta(days=settings.GEOCODER_CACHE_DAYS, minutes=1)
    old.save(update_fields=["created_at"])
    geocode("Skagen")
    assert len(nominatim.requests) == 2
    assert GeocodeCacheEntry.objects.get().created_at > old.created_at


def test_a_cached_answer_costs_three_queries(nominatim, django_assert_num_queries):
    geocode("Skagen")
    # 1. the cached answer, 2. the current boundary load, 3. the municipality of the answer
    with django_assert_num_queries(3):
        (result,) = geocode("Skagen")
    assert result.municipality.name == "Frederikshavn"


def test_an_empty_or_meaningless_query_asks_nobody(nominatim):
    assert geocode("") == []
    assert geocode("  ,. ") == []
    assert geocode("x" * 301) == []
    assert nominatim.requests == []


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_server_errors_and_rate_limits_mean_try_again_later(nominatim, status):
    nominatim.fail_next(status)
    with pytest.raises(GeocoderUnavailable):
        geocode("Skagen")
    assert not GeocodeCacheEntry.objects.exists()  # a failure is not remembered
    (result,) = geocode("Skagen")  # the next attempt succeeds
    assert result.precision == TOWN


def test_a_rate_limit_answer_tells_when_to_come_back_and_everybody_waits(nominatim, settings):
    nominatim.fail_next(429, headers={"Retry-After": "2"})
    with pytest.raises(GeocoderUnavailable) as raised:
        geocode("Skagen")
    assert raised.value.retry_after == 2
    # No other request goes out before the service's pause is over.
    settings.GEOCODER_MAX_WAIT = 0.3
    with pytest.raises(GeocoderUnavailable, match="busy"):
        geocode("Vestergade, Odense")
    assert len(nominatim.requests) == 1


def test_a_slow_answer_times_out(nominatim, settings):
    settings.GEOCODER_TIMEOUT = 0.5
    nominatim.delay = 2.0
    started = time.monotonic()
    with pytest.raises(GeocoderUnavailable):
        geocode("Skagen")
    assert time.monotonic() - started < 1.5


def test_an_unreachable_server_means_try_again_later(settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_URL = f"http://127.0.0.1:{port}"
    settings.GEOCODER_USER_AGENT = USER_AGENT
    with pytest.raises(GeocoderUnavailable):
        geocode("Skagen")


def test_a_malformed_query_finds_nothing(nominatim):
    nominatim.fail_next(400)
    assert geocode("Skagen") == []


def test_a_refusal_is_an_error_that_waiting_will_not_fix(nominatim):
    nominatim.fail_next(403)
    with pytest.raises(GeocoderError) as raised:
        geocode("Skagen")
    assert not isinstance(raised.value, GeocoderUnavailable)


def test_nominatim_is_not_asked_without_a_user_agent(nominatim, settings):
    settings.GEOCODER_USER_AGENT = ""
    with pytest.raises(GeocoderError, match="GEOCODER_USER_AGENT"):
        geocode("Skagen")
    assert nominatim.requests == []


def test_reverse_describes_the_point_and_keeps_it(nominatim, aarhus):
    result = reverse(56.15295, 10.20395)
    assert (result.lat, result.lng) == (56.15295, 10.20395)
    assert result.address.startswith("Aarhus Rådhus")
    assert (result.precision, result.municipality) == (ADDRESS, aarhus)
    (request,) = nominatim.requests
    assert request.path == "/nominatim/reverse"
    assert (request.params["lat"], request.params["lon"]) == ("56.15295", "10.20395")
    reverse(56.15295, 10.20395)
    assert len(nominatim.requests) == 1  # remembered


def test_reverse_outside_denmark_asks_nobody(nominatim):
    assert reverse(55.605, 13.0) is None
    assert nominatim.requests == []


def test_reverse_where_the_service_knows_nothing_falls_back_to_the_municipality(nominatim):
    result = reverse(56.45, 9.40)  # Viborg; the fake knows nothing there
    assert len(nominatim.requests) == 1
    assert result.municipality.name == "Viborg"
    assert (result.lat, result.lng) == (56.45, 9.40)


# --- One request a second -----------------------------------------------------------------------


def test_requests_one_after_the_other_are_a_second_apart(nominatim, settings):
    settings.GEOCODER_MIN_INTERVAL = 1.0
    geocode("Skagen")
    geocode("Lolland Kommune")
    geocode("Skagen")  # remembered: no request, and no waiting for a turn
    first, second = nominatim.requests
    assert second.at - first.at >= 1.0


@pytest.mark.django_db(transaction=True)
def test_requests_from_several_workers_at_once_are_a_second_apart(nominatim, settings):
    reload_reference_data()  # this test commits, so it starts from empty tables
    settings.GEOCODER_MIN_INTERVAL = 1.0
    errors = []

    def worker(query):
        try:
            assert geocode(query)
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(q,))
        for q in ("Skagen", "Lolland Kommune", "Vestergade, Odense")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    arrivals = sorted(r.at for r in nominatim.requests)
    assert len(arrivals) == 3
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(arrivals))


def test_nobody_waits_longer_than_the_limit_for_a_turn(nominatim, settings):
    settings.GEOCODER_MIN_INTERVAL = 5.0
    settings.GEOCODER_MAX_WAIT = 0.3
    geocode("Skagen")
    started = time.monotonic()
    with pytest.raises(GeocoderUnavailable, match="busy"):
        geocode("Lolland Kommune")
    assert time.monotonic() - started < 1.0
    assert len(nominatim.requests) == 1


# --- Photon -------------------------------------------------------------------------------------


def test_photon_finds_an_address_and_formats_it(photon, aarhus):
    (result,) = geocode("Rådhuspladsen 2 Aarhus")
    assert (result.lat, result.lng) == AARHUS_TOWN_HALL
    assert result.address == "Aarhus Rådhus, Rådhuspladsen 2, 8000 Aarhus"
    assert (result.precision, result.municipality) == (ADDRESS, aarhus)
    (request,) = photon.requests
    assert request.path == "/photon/api"
    assert request.params["bbox"] == "8.0,54.5,15.2,57.8"
    assert request.headers["User-Agent"] == USER_AGENT


def test_photon_answers_from_other_countries_are_dropped(photon):
    assert geocode("Malmö") == []
    assert len(photon.requests) == 1


@pytest.mark.parametrize(
    "query, precision", [("Vestergade Odense", STREET), ("Skagen", TOWN), ("Lolland", MUNICIPALITY)]
)
def test_photon_precision_follows_the_properties(photon, query, precision):
    (result,) = geocode(query)
    assert result.precision == precision


def test_photon_reverse_and_cache(photon, aarhus):
    result = reverse(56.15295, 10.20395)
    assert (result.address, result.municipality) == (
        "Aarhus Rådhus, Rådhuspladsen 2, 8000 Aarhus",
        aarhus,
    )
    reverse(56.15295, 10.20395)
    geocode("Skagen")
    geocode("SKAGEN")
    assert len(photon.requests) == 2


def test_photon_errors_mean_try_again_later(photon, settings):
    photon.fail_next(500)
    with pytest.raises(GeocoderUnavailable):
        geocode("Skagen")
    settings.GEOCODER_TIMEOUT = 0.5
    photon.delay = 2.0
    with pytest.raises(GeocoderUnavailable):
        reverse(56.15295, 10.20395)


def test_an_answer_of_the_wrong_shape_means_try_again_later(photon):
    photon.fail_next(200)  # a JSON error object where a FeatureCollection belongs
    with pytest.raises(GeocoderUnavailable, match="Unexpected answer"):
        geocode("Skagen")
    assert not GeocodeCacheEntry.objects.exists()


def test_providers_keep_their_answers_apart(photon, settings):
    geocode("Skagen")
    settings.GEOCODER = "offline"
    (offline,) = [r for r in geocode("Skagen") if r.precision == TOWN]
    assert offline.address == "Skagen"  # not Photon's "Skagen, 9990"
    assert GeocodeCacheEntry.objects.get().provider == "photon"
