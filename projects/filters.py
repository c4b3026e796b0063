"""The project filters of the open-data API, as a django-filter FilterSet.

The FilterSet only reads and validates the query string; the filtering itself is
`selectors.filter_projects`, the same function the pages use, so that a filter means the same
thing everywhere."""

from collections.abc import Iterable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Project
from .selectors import BBox, ProjectFilters, filter_projects


class BBoxField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return BBox.parse(value)
        except ValueError as exc:  # its reason is already in the visitor's language
            raise ValidationError(str(exc), code="invalid") from None


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(django_filters.Filter):
    field_class = BBoxField


@extend_schema_field(OpenApiTypes.INT)
class MinimumFilter(django_filters.Filter):
    field_class = forms.IntegerField


# The values of a flag in a query string, as the schema lists them (empty: not given).
FLAG_VALUES = ["true", "false", "1", "0"]


class FlagField(forms.NullBooleanField):
    """true/1 or false/0 in a query string (the map's filter form sends 1); anything else is
    refused with a message, not read as "not given" as NullBooleanField would."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Use true or 1, false or 0.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if value in FLAG_VALUES:
            return value in ("true", "1")
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        pass


@extend_schema_field({"type": "string", "enum": FLAG_VALUES})
class FlagFilter(django_filters.Filter):
    field_class = FlagField


class ProjectFilterSet(django_filters.FilterSet):
    theme = django_filters.CharFilter(
        label=_("Theme"), help_text=_("Slug of a theme, see /api/v1/themes/."), max_length=50
    )
    municipality = django_filters.CharFilter(
        label=_("Municipality"),
        help_text=_("Slug of a municipality, see /api/v1/municipalities/."),
        max_length=100,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices)
    q = django_filters.CharFilter(
        label=_("Search"),
        help_text=_("Words in the title, summary or organisation."),
        max_length=200,
    )
    min_adoptions = MinimumFilter(
        label=_("Used by at least"),
        help_text=_("Only projects used by at least this many municipalities."),
        min_value=0,
        max_value=1000,
    )
    results = FlagFilter(
        label=_("With measured results"),
        help_text=_("true: only projects that report measured results."),
    )
    featured = FlagFilter(
        label=_("Success stories"), help_text=_("true: only projects featured as success stories.")
    )
    bbox = BBoxFilter(
        label=_("Bounding box"),
        help_text=_("minLng,minLat,maxLng,maxLat in WGS84 degrees, e.g. 12.45,55.6,12.7,55.75."),
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def project_filters(self) -> ProjectFilters:
        """The validated query string as the selectors' ProjectFilters; call is_valid() first."""
        data = self.form.cleaned_data
        return ProjectFilters(
            theme=data.get("theme") or "",
            municipality=data.get("municipality") or "",
            status=data.get("status") or "",
            q=(data.get("q") or "").strip(),
            min_adoptions=data.get("min_adoptions") or 0,
            with_results=bool(data.get("results")),
            featured=bool(data.get("featured")),
            bbox=data.get("bbox"),
        )

    def filter_queryset(self, queryset):
        return filter_projects(queryset, self.project_filters())


def project_filters_from(
    params: QueryDict, *, drop_invalid: Iterable[str] = (), lenient: bool = False
) -> ProjectFilters:
    """The one reading of a query string as project filters, for the pages and the APIs.

    A malformed value raises ValidationError (a field dict) — or, with `lenient` (the pages: a
    stale shared link still shows something), is dropped, as are the `drop_invalid` names."""
    params = params.copy()
    for name in drop_invalid:
        params.pop(name, None)
    filterset = ProjectFilterSet(params, queryset=Project.objects.none())
    if not filterset.is_valid():
        if not lenient:
            raise ValidationError(filterset.errors)
        for name in filterset.errors:
            params.pop(name, None)
        filterset = ProjectFilterSet(params, queryset=Project.objects.none())
        filterset.is_valid()
    return filterset.project_filters()
