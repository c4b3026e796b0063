"""The catalogue's open-data API: datasets, data areas, the matrix, and DCAT-AP-DK.

Every read is public, throttled and answers conditional requests (ETag, Last-Modified)."""

import csv
import io
import re
from datetime import UTC, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from places.models import Region
from places.reference import read_csv
from smartcity.http_cache import (
    Validator,
    not_modified,
    validator_for_queryset,
    with_validator,
)
from smartcity.open_data_api import (
    CONDITIONAL,
    EMPTY_OR,
    NO_NUL,
    FixedFormat,
    OpenDataPagination,
    OpenDataView,
    ReferenceList,
)
from smartcity.spreadsheets import csv_cell

from . import dcat, selectors, serializers
from .models import DataArea, Dataset, Distribution

FILTER_PARAMETERS = [
    OpenApiParameter(
        "municipality",
        {"type": "string", "pattern": NO_NUL},
        description="Slug or three-digit code of a municipality.",
    ),
    OpenApiParameter(
        "area", {"type": "string", "pattern": NO_NUL}, description="Slug of a data area."
    ),
    OpenApiParameter(
        "format",
        {"type": "string", "pattern": NO_NUL},
        description="A distribution format, e.g. CSV (a filter here: the answer is JSON).",
    ),
    OpenApiParameter(
        "q",
        {"type": "string", "pattern": NO_NUL},
        description="Words in title, keywords, description (the first 200 characters count).",
    ),
    OpenApiParameter(
        "modified_since",
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
                {"type": "string", "maxLength": 0},
            ]
        },
        description=(
            "Only datasets modified at or after this date or time (ISO 8601, e.g. 2026-01-31 "
            "or 2026-01-31T12:00:00+01:00); anything else is a 400."
        ),
    ),
]


class BadFilter(Exception):
    pass


def _filters(params) -> selectors.DatasetFilters:
    since = None
    if raw := (params.get("modified_since") or "").strip():
        try:
            since = parse_datetime(raw)
            if since is None and (day := parse_date(raw)) is not None:
                since = datetime.combine(day, time.min)
        except ValueError:
            since = None
        if since is None:
            raise BadFilter(_("modified_since must be a date or time, e.g. 2026-01-31."))
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        try:
            since.astimezone(UTC)
        except OverflowError:  # within a day of year 1 or 9999: before or after every dataset
            since = datetime.min if since.year == 1 else datetime.max
            since = since.replace(tzinfo=UTC)
    # `format` is DRF's format switch too; the list answers JSON only, so it is a filter here.
    return selectors.DatasetFilters(
        q=(params.get("q") or "")[:200],
        municipality=params.get("municipality") or "",
        area=params.get("area") or "",
        format=params.get("format") or "",
        modified_since=since,
    )


class JSONWithFormatFilter(FixedFormat):
    """JSON whatever `?format=` says: on the dataset list it filters by file format."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DatasetList(OpenDataView, generics.ListAPIView):
    serializer_class = serializers.DatasetSerializer
    pagination_class = OpenDataPagination
    filter_backends: list = []
    renderer_classes = [renderers.JSONRenderer]
    content_negotiation_class = JSONWithFormatFilter

    def get_queryset(self):
        datasets = selectors.filter_datasets(selectors.published_datasets(), self.filters)
        if not self.filters.q:
            datasets = datasets.order_by("-modified", "pk")
        return datasets.select_related("municipality").defer("search_vector")

    @extend_schema(
        operation_id="datasets_list",
        summary="Open datasets of Danish municipalities, paginated and filtered",
        description=(
            "Harvested from CKAN portals (Open Data DK and others), with DCAT-AP-DK metadata. "
            "Newest change first (best match first with `q`); `page` and `page_size` (at most "
            "500). Withdrawn datasets are left out." + CONDITIONAL
        ),
        parameters=FILTER_PARAMETERS,
        tags=["datasets"],
        responses={
            200: serializers.DatasetSerializer(many=True),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": "reason"}'),
        },
    )
    def get(self, request, *args, **kwargs):
        try:
            self.filters = _filters(request.query_params)
        except BadFilter as exc:
            return Response({"detail": str(exc)}, status=400)
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        validator = validator_for_queryset(request, queryset)
        return self.conditional(request, validator, lambda: self._page_answer(queryset))

    def _page_answer(self, queryset) -> Response:
        datasets = list(self.paginate_queryset(queryset))
        prefetch_related_objects(
            datasets, "areas", Prefetch("distributions", Distribution.objects.all())
        )
        return self.get_paginated_response(self.get_serializer(datasets, many=True).data)


class DatasetDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = serializers.DatasetSerializer
    lookup_field = "slug"
    renderer_classes = [renderers.JSONRenderer]

    def get_queryset(self):
        return (
            selectors.published_datasets()
            .select_related("municipality")
            .prefetch_related("areas", "distributions")
        )

    @extend_schema(
        operation_id="datasets_retrieve",
        summary="One open dataset",
        description="404 for a withdrawn dataset." + CONDITIONAL,
        tags=["datasets"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        dataset = self.get_object()
        validator = Validator.of(request, dataset.pk, last_modified=dataset.updated_at)
        return self.conditional(
            request, validator, lambda: Response(self.get_serializer(dataset).data)
        )


class DataAreaList(ReferenceList):
    serializer_class = serializers.DataAreaSerializer
    queryset = DataArea.objects.all()

    @extend_schema(
        operation_id="data_areas_list",
        summary="The data areas a municipality is expected to publish, with guidelines",
        description="The slugs are the values of the `area` filter." + CONDITIONAL,
        tags=["datasets"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MatrixCSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        if "cells" not in data:  # an error
            writer.writerow(["detail"])
            writer.writerow([csv_cell(data.get("detail", ""))])
            return out.getvalue().encode()
        names = {m["code"]: m["name"] for m in data["municipalities"]}
        writer.writerow(["municipality_code", "municipality", "area", "count", "newest"])
        for cell in data["cells"]:
            writer.writerow(
                [
                    csv_cell(cell["municipality"]),
                    csv_cell(names[cell["municipality"]]),
                    csv_cell(cell["area"]),
                    cell["count"],
                    cell["newest"] or "",
                ]
            )
        return out.getvalue().encode()


# The five regions are reference data shipped with the project (places/data/regions.csv).
REGION_SLUGS = [row["slug"] for row in read_csv("regions.csv")]


class MatrixView(OpenDataView, APIView):
    renderer_classes = [renderers.JSONRenderer, MatrixCSVRenderer]

    @extend_schema(
        operation_id="data_areas_matrix",
        summary="Who publishes what: datasets per municipality and data area",
        description=(
            "The data areas, the municipalities with their codes, and one cell per "
            "municipality × area with its number of published datasets and the newest change "
            "among them. `?format=csv` gives the cells as CSV; `region` (a slug) keeps one "
            "region." + CONDITIONAL
        ),
        parameters=[
            OpenApiParameter(
                "region",
                OpenApiTypes.STR,
                enum=REGION_SLUGS,
                description="Slug of a region; any other value is a 400.",
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
        ],
        tags=["datasets"],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        region = None
        if slug := request.query_params.get("region"):
            region = Region.objects.filter(slug=slug).first()
            if region is None:
                return Response({"detail": _("Unknown region.")}, status=400)
        # Areas are edited in admin without a timestamp: their names are part of the tag.
        areas = list(DataArea.objects.values_list("slug", "name", "name_en"))
        validator = validator_for_queryset(
            request, Dataset.objects.all(), request.accepted_renderer.format, areas
        )
        return self.conditional(request, validator, lambda: self._matrix_answer(request, region))

    def _matrix_answer(self, request, region) -> Response:
        response = Response(serializers.matrix_data(selectors.matrix(region=region)))
        if request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = 'attachment; filename="open-data-areas.csv"'
        return response


# --- DCAT-AP-DK -------------------------------------------------------------------------


PAGE_PARAMETER = OpenApiParameter(
    "page",
    EMPTY_OR({"type": "integer", "minimum": 1}),
    description="Page of the catalogue, from 1 (default 1); a page past the last is a 404.",
)
# rdflib writes JSON-LD in expanded form, without a context: a list of node objects.
JSONLD_SCHEMA = {
    "type": "array",
    "items": {"type": "object", "additionalProperties": True},
    "description": "The graph in expanded JSON-LD: one object per node.",
}


class TurtleRenderer(renderers.BaseRenderer):
    media_type = "text/turtle"
    format = "ttl"
    charset = "utf-8"


class JSONLDRenderer(renderers.BaseRenderer):
    media_type = "application/ld+json"
    format = "jsonld"
    charset = "utf-8"


class DcatView(OpenDataView, APIView):
    content_negotiation_class = FixedFormat
    rdf_format = ""

    def get(self, request):
        raw = request.query_params.get("page") or "1"
        page = int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else 0
        per_page = settings.CATALOGUE_DCAT_PAGE_SIZE
        validator = validator_for_queryset(request, Dataset.objects.all(), self.rdf_format)
        if (answer := not_modified(request, validator)) is not None:
            return answer
        origin = request.build_absolute_uri("/").rstrip("/")
        key = f"catalogue:dcat:{validator.etag}:{origin}"
        if (content := cache.get(key)) is None:
            total = Dataset.published.count()
            if not 1 <= page <= dcat.page_count(total, per_page):
                return Response({"detail": _("No such page.")}, status=404)
            graph = dcat.catalogue_graph(
                origin=origin,
                page_url=f"{origin}{request.path}",
                page=page,
                per_page=per_page,
            )
            content = graph.serialize(format=self.rdf_format)
            cache.set(key, content, settings.CATALOGUE_DCAT_CACHE_SECONDS)
        response = HttpResponse(content, content_type=self.renderer_classes[0].media_type)
        return with_validator(response, validator)


class DcatTurtle(DcatView):
    renderer_classes = [TurtleRenderer]
    rdf_format = "turtle"

    @extend_schema(
        operation_id="dcat_catalog_ttl",
        summary="The catalogue as DCAT-AP-DK (Turtle)",
        description=(
            "A dcat:Catalog with every published dataset of the catalogue and the site's own "
            "open data (projects, events, the data-area matrix), for harvesters such as Open "
            "Data DK and data.europa.eu. Paged like ckanext-dcat: `page` (from 1), with "
            "hydra:nextPage and hydra:lastPage in the answer." + CONDITIONAL
        ),
        parameters=[PAGE_PARAMETER],
        tags=["datasets"],
        responses={(200, "text/turtle"): OpenApiTypes.STR},
    )
    def get(self, request):
        return super().get(request)


class DcatJSONLD(DcatView):
    renderer_classes = [JSONLDRenderer]
    rdf_format = "json-ld"

    @extend_schema(
        operation_id="dcat_catalog_jsonld",
        summary="The catalogue as DCAT-AP-DK (JSON-LD)",
        description="The same graph as catalog.ttl, as JSON-LD." + CONDITIONAL,
        parameters=[PAGE_PARAMETER],
        tags=["datasets"],
        responses={(200, "application/ld+json"): JSONLD_SCHEMA},
    )
    def get(self, request):
        return super().get(request)
