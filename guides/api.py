"""The open-data API of guides: the list and one guide with its published versions, on the
shared open-data view and its conditional requests (`OpenDataView.conditional`)."""

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from catalogue.models import DataArea, Dataset
from events.models import Event
from projects.selectors import published_projects
from smartcity.http_cache import Validator, validator_for_queryset
from smartcity.open_data_api import CONDITIONAL, OpenDataView

from .models import Guide, GuideVersion
from .selectors import _with_versions, published_guides


class VersionSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="Display name only.")

    class Meta:
        model = GuideVersion
        fields = ["number", "language", "title", "summary", "change_note", "author", "decided_at"]

    def get_author(self, version) -> str | None:
        # None for a deleted account (no author, or the empty stand-in).
        return (version.author.display_name if version.author else "") or None


class VersionTextSerializer(VersionSerializer):
    class Meta(VersionSerializer.Meta):
        fields = [
            *VersionSerializer.Meta.fields,
            "steps",
            "body",
            "body_html",
            "effort",
            "effort_html",
            "pitfalls",
            "pitfalls_html",
        ]


class DataAreaLinkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="label", help_text="In the request's language.")
    url = serializers.SerializerMethodField(help_text="The catalogue's datasets in the area.")

    class Meta:
        model = DataArea
        fields = ["slug", "name", "url"]

    def get_url(self, area) -> str:
        return self.context["request"].build_absolute_uri(area.get_absolute_url())


class GuideSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    data_areas = DataAreaLinkSerializer(many=True, read_only=True)
    da = VersionSerializer(source="current_da", allow_null=True, read_only=True)
    en = VersionSerializer(source="current_en", allow_null=True, read_only=True)
    is_stale = serializers.BooleanField(read_only=True)

    class Meta:
        model = Guide
        fields = ["slug", "url", "themes", "audience", "data_areas", "da", "en",
                  "last_reviewed_on", "is_stale", "published_at", "updated_at"]  # fmt: skip

    def get_url(self, guide) -> str:
        return self.context["request"].build_absolute_uri(guide.get_absolute_url())


class GuideDetailSerializer(GuideSerializer):
    da = VersionTextSerializer(source="current_da", allow_null=True, read_only=True)
    en = VersionTextSerializer(source="current_en", allow_null=True, read_only=True)
    versions = VersionSerializer(source="published_versions", many=True, read_only=True)
    projects = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    events = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    datasets = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta(GuideSerializer.Meta):
        fields = [*GuideSerializer.Meta.fields, "projects", "events", "datasets", "versions"]


class GuideList(OpenDataView, generics.ListAPIView):
    serializer_class = GuideSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return (
            _with_versions(published_guides())
            .select_related("current_da__author", "current_en__author")
            .prefetch_related("themes", "data_areas")
            .order_by("slug")
        )

    @extend_schema(
        summary="Published best-practice guides",
        description="Each guide with its current Danish and English version." + CONDITIONAL,
        tags=["guides"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        validator = validator_for_queryset(request, queryset, request.accepted_renderer.format)
        return self.conditional(
            request, validator, lambda: Response(self.get_serializer(queryset, many=True).data)
        )


class GuideDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = GuideDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return _with_versions(published_guides()).select_related(
            "current_da__author", "current_en__author"
        )

    @extend_schema(
        summary="One guide with its text and every published version",
        description="`versions` lists the published versions, newest first." + CONDITIONAL,
        tags=["guides"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        guide = self.get_object()
        validator = Validator.of(
            request, request.accepted_renderer.format, last_modified=guide.updated_at
        )
        return self.conditional(request, validator, lambda: self._detail_answer(guide))

    def _detail_answer(self, guide: Guide) -> Response:
        prefetch_related_objects(
            [guide],
            "themes",
            "data_areas",
            Prefetch("projects", published_projects()),
            Prefetch("events", Event.objects.filter(state=Event.State.PUBLISHED)),
            Prefetch("datasets", Dataset.published.all()),
            Prefetch(
                "versions",
                GuideVersion.objects.filter(state=GuideVersion.State.PUBLISHED)
                .select_related("author")
                .order_by("-number"),
                to_attr="published_versions",
            ),
        )
        return Response(self.get_serializer(guide).data)
