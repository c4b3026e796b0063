"""Online geocoders through geopy: Nominatim (OpenStreetMap) and Photon.

Three rules keep us a good citizen of the public services and keep the pipeline predictable:

- at most one request per GEOCODER_MIN_INTERVAL seconds across every worker and process: a
  turn is taken in the shared cache (Redis in production) before each request, and the next
  turn starts only GEOCODER_MIN_INTERVAL seconds after the request has ended;
- every answer, "nothing found" included, is kept in the database (GeocodeCacheEntry) for
  GEOCODER_CACHE_DAYS, so the same question never goes to the network twice;
- every request has a time-out (GEOCODER_TIMEOUT); network errors, time-outs, HTTP 5xx and 429
  raise GeocoderUnavailable, which tells the caller to try again later.

Answers are stored without their municipality, which is looked up from the point on every
read, so a newly loaded boundary file applies to cached answers too.
"""

import hashlib
import math
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from geopy import exc as geopy_errors
from geopy.adapters import URLLibAdapter
from geopy.geocoders import Nominatim, Photon

from places.models import GeocodeCacheEntry, Municipality

from . import gazetteer, results
from .boundaries import municipality_codes_at

MAX_RESULTS = 5
# Photon has no country filter: ask within Denmark's bounding box, then keep only DK answers.
DENMARK_BBOX = ((54.5, 8.0), (57.8, 15.2))
_POLL_SECONDS = 0.05
_UNEXPECTED = "Unexpected answer from the geocoder: {}"


# --- Providers --------------------------------------------------------------------------------


def _service(provider: str):
    # One plain request per call. geopy would pick `requests` when it is installed (ckanapi
    # brings it), and its adapter retries time-outs and 429s by itself, hidden from the turn
    # and the back-off here, which must see every request and every refusal.
    options = {"timeout": settings.GEOCODER_TIMEOUT, "adapter_factory": URLLibAdapter}
    if settings.GEOCODER_URL:  # a self-hosted instance, e.g. https://geo.example.dk/nominatim
        url = urlsplit(settings.GEOCODER_URL)
        options["scheme"] = url.scheme or "https"
        options["domain"] = url.netloc + url.path.rstrip("/")
    agent = settings.GEOCODER_USER_AGENT
    if provider == "nominatim":
        if not agent:
            raise results.GeocoderError("GEOCODER_USER_AGENT must identify this site.")
        return Nominatim(user_agent=agent, **options)
    if provider == "photon":
        return Photon(user_agent=agent or None, **options)
    raise results.GeocoderError(f"Unknown geocoder {provider!r}.")


_NOMINATIM_STREET = ("road", "pedestrian", "footway", "cycleway", "path", "square")
_NOMINATIM_TOWN = (
    "city",
    "town",
    "village",
    "hamlet",
    "suburb",
    "city_district",
    "quarter",
    "neighbourhood",
    "isolated_dwelling",
)


def _from_nominatim(raw: dict) -> dict:
    address = raw.get("address") or {}
    if address.get("house_number"):
        precision = results.ADDRESS
    elif any(address.get(key) for key in _NOMINATIM_STREET):
        precision = results.STREET
    elif any(address.get(key) for key in _NOMINATIM_TOWN):
        precision = results.TOWN
    else:
        precision = results.MUNICIPALITY
    return {
        "lat": float(raw["lat"]),
        "lng": float(raw["lon"]),
        "address": raw.get("display_name") or "",
        "precision": precision,
    }


def _from_photon(raw: dict) -> dict | None:
    props = raw.get("properties") or {}
    if str(props.get("countrycode", "")).upper() != "DK":
        return None
    if props.get("housenumber"):
        precision = results.ADDRESS
    elif props.get("street") or props.get("type") == "street":
        precision = results.STREET
    elif props.get("city") or props.get("type") in ("city", "town", "village", "district"):
        precision = results.TOWN
    else:
        precision = results.MUNICIPALITY
    street = " ".join(filter(None, [props.get("street"), props.get("housenumber")]))
    town = " ".join(filter(None, [props.get("postcode"), props.get("city")]))
    parts = [p for p in (props.get("name"), street, town) if p]
    lng, lat = raw["geometry"]["coordinates"][:2]
    return {
        "lat": float(lat),
        "lng": float(lng),
        "address": ", ".join(dict.fromkeys(parts)),
        "precision": precision,
    }


def _ask_geocode(provider: str, query: str) -> list[dict]:
    service = _service(provider)
    if provider == "nominatim":
        found = _call(
            lambda: service.geocode(
                query,
                exactly_one=False,
                limit=MAX_RESULTS,
                addressdetails=True,
                country_codes="dk",
            )
        )
        return _rows(found, _from_nominatim)
    found = _call(
        lambda: service.geocode(query, exactly_one=False, limit=MAX_RESULTS, bbox=DENMARK_BBOX)
    )
    return _rows(found, _from_photon)


def _ask_reverse(provider: str, lat: float, lng: float) -> list[dict]:
    service = _service(provider)
    if provider == "nominatim":
        found = _call(
            lambda: service.reverse((lat, lng), exactly_one=True, addressdetails=True, zoom=18)
        )
        return _rows([found] if found else [], _from_nominatim)
    found = _call(lambda: service.reverse((lat, lng), exactly_one=True))
    return _rows([found] if found else [], _from_photon)


def _rows(locations, convert) -> list[dict]:
    try:
        rows = [convert(location.raw) for location in locations or []]
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise results.GeocoderUnavailable(_UNEXPECTED.format(error)) from error
    return [row for row in rows if row is not None]


def _call(request):
    """Run one geopy request, translating its errors into ours."""
    try:
        return request()
    except geopy_errors.GeocoderQueryError:
        return None  # the service found the query malformed: nothing to find
    except geopy_errors.GeocoderRateLimited as error:
        raise results.GeocoderUnavailable(
            f"The geocoder asks us to slow down: {error}", retry_after=error.retry_after
        ) from error
    except (
        geopy_errors.GeocoderAuthenticationFailure,
        geopy_errors.GeocoderInsufficientPrivileges,
        geopy_errors.ConfigurationError,
    ) as error:
        raise results.GeocoderError(f"The geocoder refuses us: {error}") from error
    except geopy_errors.GeopyError as error:  # time-outs, network errors, 5xx, bad JSON
        raise results.GeocoderUnavailable(f"The geocoder is unavailable: {error}") from error
    except (KeyError, TypeError, ValueError, IndexError) as error:  # JSON of the wrong shape
        raise results.GeocoderUnavailable(_UNEXPECTED.format(error)) from error


# --- One request at a time, across all processes ----------------------------------------------


@dataclass
class _Turn:
    used: bool = False
    pause: float = 0.0


@contextmanager
def _turn(provider: str):
    """Wait for our turn to send a request; hold it while the request runs and for
    GEOCODER_MIN_INTERVAL seconds after (longer if the service asked us to back off).

    The turn is a key added to the shared cache: `add` succeeds for one caller only, and the
    key expires by itself, so a process that dies while holding it blocks nobody for long."""
    interval = settings.GEOCODER_MIN_INTERVAL
    key = f"places:geocoder:turn:{provider}"
    token = uuid.uuid4().hex
    # Cache time-outs are whole seconds in Redis: round up, never down.
    holding = math.ceil(settings.GEOCODER_TIMEOUT + interval) + 1
    deadline = time.monotonic() + settings.GEOCODER_MAX_WAIT
    while not cache.add(key, token, timeout=holding):
        if time.monotonic() >= deadline:
            raise results.GeocoderUnavailable("The geocoder is busy: no turn was free in time.")
        time.sleep(_POLL_SECONDS)
    turn = _Turn(pause=interval)
    try:
        yield turn
    finally:
        if turn.used and turn.pause > 0:
            cache.set(key, token, timeout=math.ceil(turn.pause))
        else:
            cache.delete(key)


def _asked(provider: str, kind: str, query: str, ask) -> list[dict]:
    """The stored answer to this question, or a fresh one from the network (then stored)."""
    key = hashlib.sha256(f"{kind}:{query}".encode()).hexdigest()
    fresh_since = timezone.now() - timedelta(days=settings.GEOCODER_CACHE_DAYS)
    entries = GeocodeCacheEntry.objects.filter(
        provider=provider, query_key=key, created_at__gte=fresh_since
    ).values_list("result", flat=True)
    stored = entries.first()
    if stored is not None:
        return stored
    with _turn(provider) as turn:
        stored = entries.first()  # another worker may have asked while we waited
        if stored is not None:
            return stored
        turn.used = True
        try:
            rows = ask()
        except results.GeocoderUnavailable as error:
            turn.pause = max(turn.pause, error.retry_after or 0)
            raise
        # Stored before the turn passes on, so that the next in line finds it.
        GeocodeCacheEntry.objects.update_or_create(
            provider=provider,
            query_key=key,
            defaults={
                "query": query[: results.MAX_QUERY_LENGTH],
                "result": rows,
                "created_at": timezone.now(),
            },
        )
    return rows


def _results(rows: list[dict], codes: list[str | None]) -> list[results.GeocodeResult]:
    municipalities = Municipality.objects.in_bulk({c for c in codes if c}, field_name="code")
    return [
        results.GeocodeResult(
            lat=row["lat"],
            lng=row["lng"],
            address=row["address"],
            municipality=municipalities.get(code) if code else None,
            precision=row["precision"],
        )
        for row, code in zip(rows, codes, strict=True)
    ]


# --- The interface ----------------------------------------------------------------------------


def geocode(provider: str, text: str) -> list[results.GeocodeResult]:
    query = " ".join(text.split())
    if not any(c.isalnum() for c in query) or len(query) > results.MAX_QUERY_LENGTH:
        return []
    rows = _asked(provider, "geocode", query.casefold(), lambda: _ask_geocode(provider, query))
    return _results(rows, municipality_codes_at([(r["lat"], r["lng"]) for r in rows]))


def reverse(provider: str, lat: float, lng: float) -> results.GeocodeResult | None:
    """What the service says is at the point, keeping the point itself. The caller has checked
    that the point is in Denmark: if the service knows nothing there (at sea, just off the
    coast), the offline answer (town or municipality) is given instead."""
    rows = _asked(
        provider, "reverse", f"{lat:.5f},{lng:.5f}", lambda: _ask_reverse(provider, lat, lng)
    )
    if not rows:
        return gazetteer.reverse(lat, lng)
    (place,) = _results(rows[:1], municipality_codes_at([(lat, lng)]))
    return results.GeocodeResult(lat, lng, place.address, place.municipality, place.precision)
