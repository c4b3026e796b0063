"""How projects, themes and municipalities look in the open-data API.

Authors appear by display name only; e-mail addresses never leave the database."""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from places.serializers import MunicipalitySummarySerializer
from smartcity.open_data_api import ATTRIBUTION, LICENCE
from smartcity.spreadsheets import csv_cell

from .clustering import MapLayer, MapPoint
from .forms import ProjectDataForm
from .models import Adoption, Project, ProjectImage, ProjectResult, Theme
from .results import RESULT_FIELDS

SLUG_PLACEHOLDER = "slug-placeholder"


def project_path_builder() -> Callable[[str], str]:
    """The path of a project page from its slug, reversing the URL pattern once for many rows
    (the GeoJSON and CSV downloads build 100,000 of them)."""
    pattern = reverse("projects:detail", args=[SLUG_PLACEHOLDER])
    head, _placeholder, tail = pattern.partition(SLUG_PLACEHOLDER)
    return lambda slug: f"{head}{slug}{tail}"


def theme_summary(theme: Theme) -> dict:
    return {"slug": theme.slug, "label": theme.label, "color": theme.color, "icon": theme.icon}


# --- The map --------------------------------------------------------------------------------
# Plain dictionaries: the map's JavaScript relies on exactly this shape, and the answer is on the
# hot path of every pan and zoom.


def map_feature_collection(layer: MapLayer, points: Iterable[MapPoint]) -> dict:
    path_of = project_path_builder()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [cell.lng, cell.lat]},
            "properties": {"kind": "cluster", "count": cell.count, "bbox": cell.bbox},
        }
        for cell in layer.clusters
    ]
    features.extend(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [project.lng, project.lat]},
            "properties": {
                "kind": "project",
                "slug": project.slug,
                "title": project.title,
                "url": path_of(project.slug),
                "theme": theme_summary(project.theme),
                "municipality": project.municipality_name,
                "adoptions": project.adoption_count,
            },
        }
        for project in points
    )
    return {"type": "FeatureCollection", "total": layer.total, "features": features}


# --- Reference lists ------------------------------------------------------------------------


class ThemeSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The name in the current language.")

    class Meta:
        model = Theme
        fields = ["slug", "name", "name_en", "label", "description", "color", "icon"]


# --- Projects -------------------------------------------------------------------------------


class ThemeSummarySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Theme
        fields = ["slug", "label", "color", "icon"]


class ProjectResultSerializer(serializers.ModelSerializer):
    """A measured result: `metric` went from `baseline` to `result` (in `unit`) over `period`,
    according to `source`. `baseline` may be null."""

    class Meta:
        model = ProjectResult
        fields = list(RESULT_FIELDS)


class ProjectSerializer(serializers.ModelSerializer):
    """One project in the paginated list."""

    results = ProjectResultSerializer(many=True, read_only=True)

    url = serializers.SerializerMethodField(help_text="The project's page on the site.")
    theme = ThemeSummarySerializer(read_only=True)
    municipality = MunicipalitySummarySerializer(read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    submitter_kind_label = serializers.CharField(
        source="get_submitter_kind_display", read_only=True
    )

    class Meta:
        model = Project
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "theme",
            "status",
            "status_label",
            "submitter_kind",
            "submitter_kind_label",
            "organisation",
            "municipality",
            "lat",
            "lng",
            "adoption_count",
            "results",
            "featured_at",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_url(self, project: Project) -> str:
        return self.context["request"].build_absolute_uri(project_path_builder()(project.slug))


class ProjectImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectImage
        fields = ["url", "width", "height", "alt_text"]

    def get_url(self, image: ProjectImage) -> str:
        # Through the site's own view, which serves published projects' images only.
        return self.context["request"].build_absolute_uri(
            reverse("projects:image", args=[image.token])
        )


class AdoptionSerializer(serializers.ModelSerializer):
    municipality = MunicipalitySummarySerializer(read_only=True)

    class Meta:
        model = Adoption
        fields = ["municipality", "note", "created_at"]


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]}
)
class OptionalURLField(serializers.URLField):
    """A web address, or "" when there is none."""


class ProjectDetailSerializer(ProjectSerializer):
    author = serializers.SerializerMethodField(
        help_text="The author's display name (never an e-mail address)."
    )
    website = OptionalURLField(read_only=True, help_text='The project\'s web site, or "".')
    images = ProjectImageSerializer(many=True, read_only=True)
    adoptions = AdoptionSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "description",
            "description_html",
            "address",
            "precision",
            "started_on",
            "ended_on",
            "website",
            "open_data_links",
            "author",
            "images",
            "adoptions",
        ]
        read_only_fields = fields

    def get_author(self, project: Project) -> str | None:
        if project.author is None:
            return None
        return project.author.display_name or None


class OpenDataLinkSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    url = serializers.URLField()


def _limit(name: str) -> int:
    """The length limit of a field, from the one set of rules (ProjectDataForm)."""
    return ProjectDataForm.base_fields[name].max_length


class ProjectResultInputSerializer(serializers.Serializer):
    metric = serializers.CharField(max_length=160)
    baseline = serializers.FloatField(required=False, allow_null=True)
    result = serializers.FloatField()
    unit = serializers.CharField(max_length=40)
    period = serializers.CharField(max_length=80, required=False)
    source = serializers.CharField(max_length=200, required=False)


class ProjectSubmitSerializer(serializers.Serializer):
    """What a submission holds. Documentation only: projects.services validates with
    ProjectDataForm, whose limits these are."""

    title = serializers.CharField(max_length=_limit("title"))
    summary = serializers.CharField(max_length=_limit("summary"))
    description = serializers.CharField(
        required=False, max_length=_limit("description"), help_text="Markdown."
    )
    theme = serializers.SlugField(help_text="Slug of a theme, see /api/v1/themes/.")
    status = serializers.ChoiceField(choices=Project.Status.choices)
    submitter_kind = serializers.ChoiceField(choices=Project.SubmitterKind.choices)
    results = ProjectResultInputSerializer(
        many=True, required=False, help_text="Measured results (at most 10); screened too."
    )
    organisation = serializers.CharField(max_length=_limit("organisation"), required=False)
    started_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False)
    website = serializers.URLField(max_length=_limit("website"), required=False)
    open_data_links = OpenDataLinkSerializer(many=True, required=False)
    address = serializers.CharField(
        max_length=_limit("address"), required=False, help_text="Geocoded when no point is given."
    )
    lat = serializers.FloatField(required=False, help_text="Latitude (WGS84), inside Denmark.")
    lng = serializers.FloatField(required=False, help_text="Longitude (WGS84), inside Denmark.")
    image_tokens = serializers.ListField(child=serializers.CharField(), required=False)


class ProjectSubmittedSerializer(serializers.Serializer):
    """The answer to a submission: it is received and waits for the checks."""

    slug = serializers.SlugField()
    state = serializers.ChoiceField(choices=Project.State.choices)
    url = serializers.URLField()


# --- Downloads ------------------------------------------------------------------------------
# Streamed in batches from plain rows (values_list): a download holds every published project.

DOWNLOAD_FIELDS = [
    "slug",
    "title",
    "summary",
    "theme__slug",
    "status",
    "submitter_kind",
    "organisation",
    "municipality__code",
    "municipality__name",
    "lat",
    "lng",
    "adoption_count",
    "website",
    "published_at",
    "updated_at",
]
CSV_HEADER = [
    "slug",
    "title",
    "summary",
    "theme",
    "status",
    "submitter_kind",
    "organisation",
    "municipality_code",
    "municipality",
    "lat",
    "lng",
    "adoption_count",
    "website",
    "url",
    "published_at",
    "updated_at",
    "results",
]
BATCH = 1000


def _download_rows(queryset):
    return queryset.order_by("pk").values_list(*DOWNLOAD_FIELDS).iterator(chunk_size=BATCH)


def _results_by_slug(queryset) -> dict[str, list[dict]]:
    """The measured results of the projects in `queryset`, in one query (results are few)."""
    rows = (
        ProjectResult.objects.filter(project__in=queryset.order_by().values("pk"))
        .order_by("project_id", "position", "pk")
        .values_list("project__slug", *RESULT_FIELDS)
    )
    found: dict[str, list[dict]] = {}
    for slug, *values in rows:
        found.setdefault(slug, []).append(dict(zip(RESULT_FIELDS, values, strict=True)))
    return found


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def geojson_chunks(queryset, *, origin: str) -> Iterator[str]:
    """A GeoJSON FeatureCollection (RFC 7946), coordinates [lng, lat]; licence and attribution
    travel with the data as foreign members."""
    path_of = project_path_builder()
    results = _results_by_slug(queryset)
    head = {"type": "FeatureCollection", "license": LICENCE, "attribution": ATTRIBUTION}
    yield json.dumps(head)[:-1] + ', "features": ['
    batch = []
    separator = ""
    for row in _download_rows(queryset):
        (slug, title, summary, theme, status, kind, organisation, code, municipality, lat, lng,
         adoptions, website, published_at, updated_at) = row  # fmt: skip
        has_point = lat is not None and lng is not None
        feature = {
            "type": "Feature",
            "id": slug,
            "geometry": {"type": "Point", "coordinates": [lng, lat]} if has_point else None,
            "properties": {
                "slug": slug,
                "title": title,
                "summary": summary,
                "theme": theme,
                "status": status,
                "submitter_kind": kind,
                "organisation": organisation,
                "municipality_code": code,
                "municipality": municipality,
                "adoption_count": adoptions,
                "website": website,
                "url": f"{origin}{path_of(slug)}",
                "published_at": _iso(published_at),
                "updated_at": _iso(updated_at),
                "results": results.get(slug, []),
            },
        }
        batch.append(json.dumps(feature, ensure_ascii=False))
        if len(batch) >= BATCH:
            yield separator + ",".join(batch)
            separator, batch = ",", []
    if batch:
        yield separator + ",".join(batch)
    yield "]}"


def csv_chunks(queryset, *, origin: str) -> Iterator[str]:
    """RFC 4180 CSV with a header row; the csv module quotes commas, quotes and newlines."""
    path_of = project_path_builder()
    results = _results_by_slug(queryset)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for count, row in enumerate(_download_rows(queryset), start=1):
        *fields, published_at, updated_at = row
        slug = fields[0]
        writer.writerow(
            [
                *(csv_cell(value) for value in fields),
                f"{origin}{path_of(slug)}",
                _iso(published_at) or "",
                _iso(updated_at) or "",
                json.dumps(results[slug], ensure_ascii=False) if slug in results else "",
            ]
        )
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- Similar projects -------------------------------------------------------------------------


class SimilarQuerySerializer(serializers.Serializer):
    """The query string of /api/v1/projects/similar/: what the submission form has so far."""

    title = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False)
    lng = serializers.FloatField(min_value=-180, max_value=180, required=False)
    theme = serializers.SlugField(max_length=50, required=False, allow_blank=True, default="")

    def validate_theme(self, value: str) -> int | None:
        if not value:
            return None
        theme_id = Theme.objects.filter(slug=value).values_list("pk", flat=True).first()
        if theme_id is None:
            raise serializers.ValidationError(_("Unknown theme; see /api/v1/themes/."))
        return theme_id

    def validate(self, data: dict) -> dict:
        if ("lat" in data) != ("lng" in data):
            raise serializers.ValidationError(
                {"lat": [_("Give lat and lng together, or neither.")]}
            )
        return data  # text without a word is not an error: nothing is similar to it yet


def similar_project(project: Project, path: Callable[[str], str]) -> dict:
    return {
        "slug": project.slug,
        "title": project.title,
        "summary": project.summary,
        "url": path(project.slug),
        "theme": theme_summary(project.theme),
        "municipality": project.municipality.name if project.municipality else None,
        "adoption_count": project.adoption_count,
    }
