"""What every open-data API view shares, for every app: public reads with CORS `*`, throttles
whose rates are settings, the formats (JSON, GeoJSON, CSV), pagination, the licence, and
answers that honour conditional requests (through smartcity.http_cache).

An app's API view is `class ThingList(OpenDataView, generics.ListAPIView)`; URL names live in
the one `api` namespace (smartcity/api_urls.py): `api:<resource>-list`, `api:<resource>-detail`,
`api:<resource>-<format>`.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import renderers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from .http_cache import Validator, not_modified, with_validator

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
ATTRIBUTION = "Smart City Danmark, KL's Smart City Forum"

CONDITIONAL = (
    " Answers carry ETag and Last-Modified; send If-None-Match or If-Modified-Since to get "
    "304 Not Modified when nothing has changed."
)


# --- Throttling -----------------------------------------------------------------------------


class LiveRateMixin:
    """Read the rate from the settings at each request: DRF reads it once, at import time, so
    a changed setting (an environment, a test) would otherwise never reach the throttle."""

    def get_rate(self):
        rates = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope, getattr(self, "default_rate", None))


class OpenDataAnonThrottle(LiveRateMixin, AnonRateThrottle):
    pass


class OpenDataUserThrottle(LiveRateMixin, UserRateThrottle):
    pass


THROTTLES = [OpenDataAnonThrottle, OpenDataUserThrottle]


# --- Formats --------------------------------------------------------------------------------


class GeoJSONRenderer(renderers.JSONRenderer):
    """GeoJSON (RFC 7946): JSON with its own media type and `?format=geojson`."""

    media_type = "application/geo+json"
    format = "geojson"


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class FixedFormat(BaseContentNegotiation):
    """Answer in the view's one format whatever the Accept header says: a download link
    followed by a browser or `curl -H "Accept: text/html"` still gets the file."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class OpenDataPagination(PageNumberPagination):
    """`page` and `page_size` (at most `max_page_size`)."""

    page_size_query_param = "page_size"
    max_page_size = 500


# --- Errors, documented once for every operation --------------------------------------------

DETAIL = OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": "reason"}')
ERROR_RESPONSES = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="The request is malformed."),
    404: OpenApiResponse(OpenApiTypes.OBJECT, description='Not found: {"detail": "reason"}'),
    429: OpenApiResponse(
        OpenApiTypes.OBJECT, description='Too many requests: {"detail": "reason"}'
    ),
}


# --- The base view --------------------------------------------------------------------------


class OpenDataView:
    """Public reads, throttled, answered with CORS `*`; JSON or the browsable API."""

    permission_classes = [AllowAny]
    throttle_classes = THROTTLES

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            # Open data: any web page may read it (browsers send no cookies with "*").
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    def conditional(
        self, request, validator: Validator, build: Callable[[], HttpResponseBase]
    ) -> HttpResponseBase:
        """304 when the client's copy is current, else `build()` with the validator on it."""
        if (answer := not_modified(request, validator)) is not None:
            return answer
        return with_validator(build(), validator)

    def conditional_data(
        self, request, data, *, last_modified: datetime | None = None
    ) -> HttpResponseBase:
        """For answers built from rows without a usable timestamp: the data is the validator."""
        content = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()
        validator = Validator.of(
            request,
            request.accepted_renderer.format,
            hashlib.sha256(content).hexdigest(),
            last_modified=last_modified,
        )
        return self.conditional(request, validator, lambda: Response(data))
