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
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics, renderers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .client_address import ClientAnonRateThrottle, ClientUserRateThrottle
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


class OpenDataAnonThrottle(LiveRateMixin, ClientAnonRateThrottle):
    pass


class OpenDataUserThrottle(LiveRateMixin, ClientUserRateThrottle):
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
        # An unknown ?format= is a 404, as with DRF's own negotiation.
        asked = format_suffix or request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        if asked and asked not in {renderer.format for renderer in renderers}:
            raise NotFound(_("Unknown format."))
        return renderers[0], renderers[0].media_type


def EMPTY_OR(schema: dict) -> dict:  # noqa: N802 (reads as a schema constructor)
    """A query parameter that may also be sent empty, meaning "not given" (as HTML forms do)."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


class OpenDataPagination(PageNumberPagination):
    """`page` and `page_size` (1 to `max_page_size`); a page_size that is not such a number is
    a 400 that says so, not silently the default."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = _("page_size must be a whole number from 1 to %(max)d.")
            raise ValidationError({"page_size": [message % {"max": self.max_page_size}]})
        return size

    def check_query(self, request) -> None:
        """Refuse malformed paging parameters as paginating would (400 for page_size, 404 for
        page), for an answer in another format that is not paginated."""
        self.get_page_size(request)
        page = request.query_params.get(self.page_query_param) or "1"
        if not page.isdigit() or int(page) < 1:
            raise NotFound(_("Invalid page."))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = EMPTY_OR({"type": "integer", "minimum": 1})
        return parameters


# --- Errors, documented once for every operation --------------------------------------------

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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # No text anywhere may hold a NUL character (PostgreSQL refuses it in a query).
        if any("\x00" in value for value in request.query_params.values()):
            raise ValidationError({"detail": [_("The request contains a NUL character.")]})
        # Every documented query parameter takes one value: a repeated one is refused rather
        # than read as its last value (which would let `?page=x&page=` through).
        repeated = sorted(name for name, values in request.query_params.lists() if len(values) > 1)
        if repeated:
            message = _("Give each query parameter at most once.")
            raise ValidationError({name: [message] for name in repeated})

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON even where the answer itself is GeoJSON, CSV or a calendar.
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
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


class ReferenceList(OpenDataView, generics.ListAPIView):
    """A short list without timestamps (themes, municipalities): its content is its validator."""

    pagination_class = None
    filter_backends: list = []

    def list(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_queryset(), many=True).data
        return self.conditional_data(request, data)


NO_NUL = r"^[^\u0000]*$"  # text without NUL characters (see OpenDataView.initial)
ERROR_SCHEMA = {
    "type": "object",
    "description": '{"detail": "reason"}, or {"field": ["reason", ...]} for malformed filters.',
    "additionalProperties": True,
}
ERROR_DESCRIPTIONS = {
    "400": "The request is malformed; the answer says why.",
    "404": "Not found (or a page past the last one).",
    "429": "Too many requests: wait as long as Retry-After says.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation can answer 400, 404 and 429 (a
    malformed query, a missing object or page, a throttle), so every operation says so; and an
    optional query parameter sent empty means "not given", so a list of values includes ""."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                optional = parameter.get("in") == "query" and not parameter.get("required")
                if optional and "enum" in schema and "" not in schema["enum"]:
                    schema["enum"] = [*schema["enum"], ""]
                free_text = schema.get("type") == "string" and not schema.keys() & {
                    "enum",
                    "pattern",
                    "format",
                }
                if parameter.get("in") == "query" and free_text:
                    schema["pattern"] = NO_NUL
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_DESCRIPTIONS.items():
                content = {"application/json": {"schema": ERROR_SCHEMA}}
                if code == "404":
                    # A path that matches no route at all gets the site's HTML error page.
                    content["text/html"] = {"schema": {"type": "string"}}
                documented = responses.setdefault(code, {"description": description})
                for media_type, schema in content.items():
                    documented.setdefault("content", {}).setdefault(media_type, schema)
    return result
