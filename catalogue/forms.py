from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from places.models import Municipality, Region

from . import selectors
from .models import DataArea


def region_label(region: Region) -> str:
    return region.name_en if get_language() == "en" else region.name


class DatasetFilterForm(forms.Form):
    """The catalogue's filters; every value lives in the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    area = forms.ChoiceField(label=_("Data area"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), required=False)
    recent = forms.BooleanField(label=_("Updated in the last 12 months"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.only("slug", "name")
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (m.slug, m.name) for m in municipalities
        ]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.slug, region_label(r)) for r in Region.objects.all()
        ]
        self.areas = list(DataArea.objects.all())
        self.fields["area"].choices = [("", _("All data areas"))] + [
            (a.slug, a.label) for a in self.areas
        ]
        self.fields["format"].choices = [("", _("All formats"))] + [
            (f, f) for f in selectors.format_choices()
        ]
        self.fields["licence"].choices = [("", _("All licences"))] + [
            (key, title or key) for key, title in selectors.licence_choices()
        ]

    def filters(self) -> selectors.DatasetFilters:
        values = {}
        if self.is_bound:
            self.is_valid()  # invalid values are dropped: a stale shared link still shows something
            values = self.cleaned_data
        return selectors.DatasetFilters(
            q=(values.get("q") or "").strip(),
            municipality=values.get("municipality") or "",
            region=values.get("region") or "",
            area=values.get("area") or "",
            format=values.get("format") or "",
            licence=values.get("licence") or "",
            recent=bool(values.get("recent")),
        )

    def chosen_area(self) -> DataArea | None:
        slug = self.filters().area
        return next((a for a in self.areas if a.slug == slug), None)


class MatrixFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, regions, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.slug, region_label(r)) for r in regions
        ]
        self.fields["sort"].choices = [
            ("name", _("Municipality name")),
            ("coverage", _("Coverage (most areas first)")),
        ] + [(a.slug, _("Datasets in “%(area)s”") % {"area": a.label}) for a in areas]
