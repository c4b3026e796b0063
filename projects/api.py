"""The open-data API of projects: the map layer, the project list and downloads, themes and
municipalities. Every read is public, throttled and answers conditional requests."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum, prefetch_related_objects
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity.client_address import client_address
from smartcity.http_cache import (
    Validator,
    not_modified,
    validator_for_queryset,
    with_validator,
)
from smartcity.limits import LimitReached
from smartcity.open_data_api import (
    CONDITIONAL,
    EMPTY_OR,
    ERROR_RESPONSES,
    NO_NUL,
    CSVRenderer,
    FixedFormat,
    GeoJSONRenderer,
    OpenDataPagination,
    OpenDataView,
    ReferenceList,
)

from . import serializers, services
from .clustering import MAX_ZOOM, layer_projects, map_layer
from .filters import FLAG_VALUES, ProjectFilterSet, project_filters_from
from .models import Adoption, Project, Theme
from .selectors import ProjectFilters, published_projects
from .similar import Similarity, similar_projects

# Adoptions change Project.adoption_count with an UPDATE that leaves updated_at alone.
CHANGES_WITHOUT_TIMESTAMP = {"adoptions": Sum("adoption_count")}


# --- The map --------------------------------------------------------------------------------


def _first_message(error: ValidationError) -> str:
    for messages in error.message_dict.values():
        return str(messages[0])
    return _("The request is malformed.")


class BadMapRequest(Exception):
    pass


def _map_zoom(value: str | None) -> int:
    try:
        zoom = int(value or "")
    except ValueError:
        zoom = -1
    if not 0 <= zoom <= MAX_ZOOM:
        message = _("zoom must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM}
        raise BadMapRequest(message)
    return zoom


# Four decimal numbers; that the minimum does not exceed the maximum and that they lie on the
# globe is checked by the server (a 400 says which), since a schema cannot express it.
BBOX = r"-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}"
MAP_BBOX_SCHEMA = {"type": "string", "pattern": f"^{BBOX}$"}
BBOX_SCHEMA = {"type": "string", "pattern": f"^({BBOX})?$"}  # empty: no bbox
FILTER_PARAMETERS = [
    OpenApiParameter(
        "theme",
        {"type": "string", "maxLength": 50, "pattern": NO_NUL},
        description="Slug of a theme.",
    ),
    OpenApiParameter(
        "municipality",
        {"type": "string", "maxLength": 100, "pattern": NO_NUL},
        description="Slug of a municipality.",
    ),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Project.Status.values),
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": 200, "pattern": NO_NUL},
        description="Words in title, summary, organisation.",
    ),
    OpenApiParameter(
        "min_adoptions",
        EMPTY_OR({"type": "integer", "minimum": 0, "maximum": 1000}),
        description="Only projects used by at least this many municipalities.",
    ),
    OpenApiParameter(
        "results",
        OpenApiTypes.STR,
        enum=FLAG_VALUES,
        description="true or 1: only projects with measured results (anything else is a 400).",
    ),
    OpenApiParameter(
        "featured",
        OpenApiTypes.STR,
        enum=FLAG_VALUES,
        description="true or 1: only projects featured as success stories (else a 400).",
    ),
]
BBOX_PARAMETER = OpenApiParameter(
    "bbox", BBOX_SCHEMA, description="minLng,minLat,maxLng,maxLat in WGS84 degrees."
)
MAP_PARAMETERS = [
    OpenApiParameter(
        "bbox",
        MAP_BBOX_SCHEMA,
        required=True,
        description="The view: minLng,minLat,maxLng,maxLat in WGS84 degrees.",
    ),
    OpenApiParameter(
        "zoom",
        {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM},
        required=True,
        description=f"Map zoom level, 0 to {MAX_ZOOM}.",
    ),
]


class MapView(OpenDataView, APIView):
    renderer_classes = [renderers.JSONRenderer]
    content_negotiation_class = FixedFormat

    @extend_schema(
        operation_id="map_layer",
        summary="Clusters and projects for one map view",
        description=(
            "The published projects in the view, clustered on a grid that depends on the zoom: "
            "at most a few hundred features whatever the number of projects. A feature is a "
            "cluster (`kind: cluster`, with `count` and the `bbox` of its projects) or a single "
            "project (`kind: project`). Coordinates are `[lng, lat]`. The grid is fixed per "
            "zoom and the answer covers the whole cells the view meets, so a cluster at the "
            "edge keeps its count whatever the pan. The counts of clusters and projects add up "
            "to `total`, the number of matching projects in those cells." + CONDITIONAL
        ),
        parameters=[*MAP_PARAMETERS, *FILTER_PARAMETERS],
        tags=["map"],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="A GeoJSON FeatureCollection."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": "reason"}'),
        },
    )
    def get(self, request):
        try:
            if not request.query_params.get("bbox"):
                raise BadMapRequest(_("bbox is required: minLng,minLat,maxLng,maxLat."))
            zoom = _map_zoom(request.query_params.get("zoom"))
            filters = project_filters_from(request.query_params)
        except BadMapRequest as exc:
            return Response({"detail": str(exc)}, status=400)
        except ValidationError as exc:
            return Response({"detail": _first_message(exc)}, status=400)

        # Every visitor's first view of the country asks the same question: keep the answer
        # for a few seconds (PROJECTS_MAP_CACHE_SECONDS) instead of aggregating again.
        key = _map_cache_key(request)
        if (cached := cache.get(key)) is None:
            cached = _map_answer(request, filters, zoom)
            cache.set(key, cached, settings.PROJECTS_MAP_CACHE_SECONDS)
        content, validator = cached
        if (answer := not_modified(request, validator)) is not None:
            return answer
        return with_validator(HttpResponse(content, content_type="application/json"), validator)


def _map_cache_key(request) -> str:
    query = sorted(request.query_params.lists())
    digest = hashlib.sha256(f"{query}|{translation.get_language()}".encode()).hexdigest()
    return f"projects:map:{digest}"


def _map_answer(request, filters: ProjectFilters, zoom: int) -> tuple[bytes, Validator]:
    # Query 1: the grid cells, with their counts, extents and newest change.
    layer = map_layer(filters, zoom=zoom)
    # Query 2: the projects shown one by one.
    singles = layer_projects(filters, layer)
    data = serializers.map_feature_collection(layer, singles)
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    # The tag is the content itself (adoption counts change without a timestamp).
    validator = Validator.of(
        request, hashlib.sha256(content).hexdigest(), last_modified=layer.last_updated
    )
    return content, validator


# --- Projects -------------------------------------------------------------------------------


class ProjectList(OpenDataView, generics.ListAPIView):
    """Read: public. Write: a signed-in user submits a project through the same service as the
    form; it is received and waits for the checks (202)."""

    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet
    pagination_class = OpenDataPagination

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return (
            published_projects()
            .select_related("theme", "municipality")
            .prefetch_related("results")
            .order_by("-published_at", "-pk")
        )

    @extend_schema(
        summary="Published projects, paginated and filtered",
        description="Newest first; `page` and `page_size` (at most 500)." + CONDITIONAL,
        parameters=[*FILTER_PARAMETERS, BBOX_PARAMETER],
        tags=["projects"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        validator = validator_for_queryset(
            request, queryset, request.accepted_renderer.format, **CHANGES_WITHOUT_TIMESTAMP
        )
        if (answer := not_modified(request, validator)) is not None:
            return answer
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return with_validator(self.get_paginated_response(serializer.data), validator)

    @extend_schema(
        summary="Submit a project (signed in)",
        description=(
            "The project is received in state `submitted`; it is geocoded and checked in the "
            "background, then published or held for a moderator. `image_tokens` are tokens of "
            "images the user has uploaded through the site's form."
        ),
        request=serializers.ProjectSubmitSerializer,
        tags=["projects"],
        responses={
            202: serializers.ProjectSubmittedSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="{field: [messages]}"),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": "reason"}'),
            429: ERROR_RESPONSES[429],
        },
    )
    def post(self, request, *args, **kwargs):
        # The service validates (one set of rules for form, API and admin); the serializer only
        # documents the fields.
        data = {name: request.data.get(name) for name in services.DATA_FIELDS}
        if "results" in request.data:
            data["results"] = request.data.get("results")
        tokens = request.data.get("image_tokens") or []
        if hasattr(request.data, "getlist"):
            tokens = request.data.getlist("image_tokens")
        if not isinstance(tokens, list):
            tokens = []
        try:
            project = services.project_submit(
                author=request.user,
                data=data,
                image_tokens=tokens,
                client=client_address(request),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except LimitReached as exc:
            headers = {"Retry-After": str(exc.retry_after)}
            return Response({"detail": exc.messages[0]}, status=429, headers=headers)
        except ValidationError as exc:
            return Response(exc.message_dict, status=400)
        # Without a broker the pipeline has already run (eagerly, on commit): say where it got.
        project.refresh_from_db(fields=["state"])
        answer = {
            "slug": project.slug,
            "state": project.state,
            "url": request.build_absolute_uri(serializers.project_path_builder()(project.slug)),
        }
        return Response(answer, status=202)


class SimilarProjects(OpenDataView, APIView):
    """What the submission form shows while a project is written: published projects like it
    (the same function feeds the screening's near-duplicate rule)."""

    renderer_classes = [renderers.JSONRenderer]
    content_negotiation_class = FixedFormat

    @extend_schema(
        operation_id="projects_similar",
        summary="Published projects similar to one being written",
        description=(
            "Up to five published projects that share words with the title and summary (the "
            "last word may be unfinished), near the point when `lat` and `lng` are given, the "
            "same theme first. The submission form shows them, and the screening's "
            "near-duplicate rule compares a new project with exactly these." + CONDITIONAL
        ),
        parameters=[
            OpenApiParameter("title", {"type": "string", "maxLength": 160, "pattern": NO_NUL}),
            OpenApiParameter("summary", {"type": "string", "maxLength": 300, "pattern": NO_NUL}),
            OpenApiParameter(
                "lat",
                EMPTY_OR({"type": "number", "minimum": -90, "maximum": 90}),
                description="WGS84; with lng.",
            ),
            OpenApiParameter(
                "lng",
                EMPTY_OR({"type": "number", "minimum": -180, "maximum": 180}),
                description="WGS84; with lat.",
            ),
            OpenApiParameter(
                "theme",
                {"type": "string", "maxLength": 50, "pattern": NO_NUL},
                description="Slug of the project's theme (its projects rank first).",
            ),
        ],
        tags=["projects"],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description='{"results": [project, ...]}'),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="{field: [messages]}"),
            429: ERROR_RESPONSES[429],
        },
    )
    def get(self, request):
        query = serializers.SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        similar = similar_projects(
            Similarity(
                title=data["title"],
                summary=data["summary"],
                lat=data.get("lat"),
                lng=data.get("lng"),
                theme_id=data["theme"],
            )
        )
        path = serializers.project_path_builder()
        results = [serializers.similar_project(project, path) for project in similar]
        return self.conditional_data(request, {"results": results})


class ProjectDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = serializers.ProjectDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return published_projects().select_related("theme", "municipality", "author")

    @extend_schema(
        summary="One published project",
        description="The author is shown by display name only." + CONDITIONAL,
        tags=["projects"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        validator = Validator.of(
            request,
            request.accepted_renderer.format,
            project.adoption_count,
            last_modified=project.updated_at,
        )
        if (answer := not_modified(request, validator)) is not None:
            return answer
        prefetch_related_objects(
            [project],
            "images",
            "results",
            Prefetch("adoptions", Adoption.objects.select_related("municipality")),
        )
        return with_validator(Response(self.get_serializer(project).data), validator)


# --- Downloads ------------------------------------------------------------------------------


class DownloadView(OpenDataView, APIView):
    """All published projects matching the filters, streamed, for one download."""

    content_negotiation_class = FixedFormat

    # Each download names its content type and file, and defines stream(request, queryset).
    content_type = ""
    filename = ""

    def get(self, request):
        filterset = ProjectFilterSet(request.query_params, queryset=published_projects())
        if not filterset.is_valid():
            return Response(filterset.errors, status=400)
        queryset = filterset.qs
        validator = validator_for_queryset(request, queryset, **CHANGES_WITHOUT_TIMESTAMP)
        if (answer := not_modified(request, validator)) is not None:
            return answer
        response = StreamingHttpResponse(
            self.stream(request, queryset), content_type=self.content_type
        )
        response.headers["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return with_validator(response, validator)


class ProjectGeoJSON(DownloadView):
    renderer_classes = [GeoJSONRenderer, renderers.JSONRenderer]
    content_type = "application/geo+json"
    filename = "smartcity-projects.geojson"

    def stream(self, request, queryset):
        return serializers.geojson_chunks(queryset, origin=_origin(request))

    @extend_schema(
        operation_id="projects_geojson",
        parameters=[*FILTER_PARAMETERS, BBOX_PARAMETER],
        tags=["downloads"],
        summary="All published projects as GeoJSON",
        description=(
            "One GeoJSON FeatureCollection (RFC 7946) of every published project matching the "
            "filters; coordinates are `[lng, lat]`." + CONDITIONAL
        ),
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)


class ProjectCSV(DownloadView):
    renderer_classes = [CSVRenderer, renderers.JSONRenderer]
    content_type = "text/csv; charset=utf-8"
    filename = "smartcity-projects.csv"

    def stream(self, request, queryset):
        return serializers.csv_chunks(queryset, origin=_origin(request))

    @extend_schema(
        operation_id="projects_csv",
        parameters=[*FILTER_PARAMETERS, BBOX_PARAMETER],
        tags=["downloads"],
        summary="All published projects as CSV",
        description=(
            "Every published project matching the filters, one row each, with a header row. "
            "Text that a spreadsheet would read as a formula starts with a single quote."
            + CONDITIONAL
        ),
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        return super().get(request)


def _origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- Reference lists ------------------------------------------------------------------------


class ThemeList(ReferenceList):
    serializer_class = serializers.ThemeSerializer
    queryset = Theme.objects.all()

    @extend_schema(
        summary="The Smart City themes, with their map colour and icon",
        description="The theme slugs are the values of the `theme` filter." + CONDITIONAL,
        tags=["reference"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
