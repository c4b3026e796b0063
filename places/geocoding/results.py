"""What every geocoder provider answers with, and the errors it may raise."""

from dataclasses import dataclass

from places.models import Municipality

# How much a result says about where the thing is, from most to least precise.
ADDRESS = "address"
STREET = "street"
TOWN = "town"
MUNICIPALITY = "municipality"
PRECISIONS = (ADDRESS, STREET, TOWN, MUNICIPALITY)

MAX_QUERY_LENGTH = 300  # longer text is no place name: nothing is looked up


@dataclass(frozen=True)
class GeocodeResult:
    lat: float
    lng: float
    address: str  # formatted address or place name
    municipality: Municipality | None
    precision: str  # one of PRECISIONS


class GeocoderError(Exception):
    """The geocoder could not answer, and asking again will not help (configuration)."""


class GeocoderUnavailable(GeocoderError):
    """Network error, time-out, HTTP 5xx or a rate-limit answer: try again later.

    `retry_after` is the number of seconds the service asked us to wait, when it said."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after
