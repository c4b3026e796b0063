"""Geocoding for Smart City Danmark: one interface, providers chosen by settings.GEOCODER.

    geocode(text) -> list[GeocodeResult]         best first; [] when nothing is found
    reverse(lat, lng) -> GeocodeResult | None    None outside Denmark
    municipality_at(lat, lng) -> Municipality | None
    in_denmark(lat, lng) -> bool                 on land, or within the coastal tolerance
    outside_denmark_message() -> str             what a person is told when it is not

Providers: "offline" (default; gazetteer.py, no network), "nominatim" and "photon" (online.py,
through geopy, at most one request per GEOCODER_MIN_INTERVAL across all workers, answers cached
in the database). Online providers raise GeocoderUnavailable on network errors, time-outs,
HTTP 5xx and rate-limit answers: the caller retries later.
"""

from django.conf import settings

from . import gazetteer
from .boundaries import in_denmark, municipality_at, outside_denmark_message
from .results import (
    ADDRESS,
    MUNICIPALITY,
    PRECISIONS,
    STREET,
    TOWN,
    GeocoderError,
    GeocodeResult,
    GeocoderUnavailable,
)

__all__ = [
    "ADDRESS",
    "MUNICIPALITY",
    "PRECISIONS",
    "STREET",
    "TOWN",
    "GeocodeResult",
    "GeocoderError",
    "GeocoderUnavailable",
    "geocode",
    "in_denmark",
    "municipality_at",
    "outside_denmark_message",
    "reverse",
]


def geocode(text: str) -> list[GeocodeResult]:
    """Places matching the text, best first; [] for an empty query or when nothing matches."""
    if not isinstance(text, str) or not text.strip():
        return []
    if settings.GEOCODER == "offline":
        return gazetteer.geocode(text)
    from . import online

    return online.geocode(settings.GEOCODER, text)


def reverse(lat: float, lng: float) -> GeocodeResult | None:
    """What lies at the point (its coordinates are kept as given); None outside Denmark."""
    if settings.GEOCODER == "offline":
        return gazetteer.reverse(lat, lng)
    if not in_denmark(lat, lng):  # no need to ask the network
        return None
    from . import online

    return online.reverse(settings.GEOCODER, float(lat), float(lng))
