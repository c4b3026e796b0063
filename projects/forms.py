"""What a project's submitted data is, and the HTML forms built on it.

`ProjectDataForm` is the single definition of valid project data: `projects.services` validates
every submission and edit with it (form view, API and admin alike), so the rules live once.
"""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from catalogue.selectors import link_datasets
from places.geocoding import in_denmark, outside_denmark_message
from places.models import Municipality

from .models import Project, Theme

MAX_OPEN_DATA_LINKS = 10
MAX_IMAGES = 8

_url_validator = URLValidator(schemes=["http", "https"])


def clean_open_data_links(value) -> list[dict]:
    """Accept a list of {"title", "url"} dicts or of plain URLs, or text with one link a line
    ("Title | https://..." or just the URL). Return a list of {"title", "url"} dicts, with
    "dataset" (its slug) on those that point to a catalogue dataset."""
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        items = [line.strip() for line in value.splitlines() if line.strip()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise ValidationError(_("Enter one link a line."), code="invalid")
    if len(items) > MAX_OPEN_DATA_LINKS:
        raise ValidationError(
            _("Enter at most %(max)s links."), code="too_many", params={"max": MAX_OPEN_DATA_LINKS}
        )
    links = []
    for item in items:
        if isinstance(item, dict):
            title, url = str(item.get("title") or "").strip(), str(item.get("url") or "").strip()
        elif isinstance(item, str):
            title, _sep, url = item.rpartition("|")
            title, url = title.strip(), url.strip()
        else:
            raise ValidationError(_("Enter one link a line."), code="invalid")
        try:
            _url_validator(url)
        except ValidationError:
            raise ValidationError(
                _("“%(url)s” is not a web address starting with http:// or https://."),
                code="invalid_url",
                params={"url": url[:100]},
            ) from None
        links.append({"title": title[:200] or urlsplit(url).netloc, "url": url})
    # A link to a catalogue dataset (its page here, its landing page or a file) links it.
    return link_datasets(links)


class OpenDataLinksField(forms.Field):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        return clean_open_data_links(value)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{link['title']} | {link['url']}" if isinstance(link, dict) else str(link)
                for link in value
            )
        return value


class ProjectDataForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in lists and on the map."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can use Markdown: **bold**, *italic*, lists and links."),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug"
    )
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    submitter_kind = forms.ChoiceField(
        label=_("Submitted by"), choices=Project.SubmitterKind.choices
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=160, required=False)
    started_on = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ended_on = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    open_data_links = OpenDataLinksField(
        label=_("Open datasets used"),
        required=False,
        help_text=_("One link a line, optionally with a title: “Parking data | https://…”."),
    )
    address = forms.CharField(
        label=_("Address or place"),
        max_length=200,
        required=False,
        help_text=_("Instead of picking a point on the map you can type an address or a town."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lng = forms.FloatField(label=_("Longitude"), required=False)

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and urlsplit(website).scheme not in ("http", "https"):
            raise ValidationError(_("Enter a web address starting with http:// or https://."))
        return website

    def clean(self):
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        if "lat" in data and "lng" in data:  # both parsed (or empty)
            if (lat is None) != (lng is None):
                self.add_error(
                    "lat", _("Pick a point on the map, or clear it and type an address.")
                )
            elif lat is not None:
                if not in_denmark(lat, lng):
                    self.add_error("lat", outside_denmark_message())
            elif "address" in data and not data["address"].strip():
                self.add_error(
                    "address", _("Pick a point on the map or type an address or a place.")
                )
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date must not be before the start date."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImagesField(forms.FileField):
    """Several files in one input. The view checks each with the image upload service."""

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleImagesField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class ProjectForm(ProjectDataForm):
    """The submission/edit page: the data fields plus the images already uploaded (tokens)
    and new files; the picked point travels in hidden fields the point picker fills."""

    lat = forms.FloatField(label=_("Latitude"), required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(label=_("Longitude"), required=False, widget=forms.HiddenInput)
    images = MultipleImagesField(
        label=_("Images"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. Location data in the files is removed."),
    )

    def __init__(self, *args, image_tokens: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.image_tokens = list(image_tokens)


class ProjectFilterForm(forms.Form):
    """The filters of the map and the list; every value lives in the query string.

    Theme and municipality are plain choices filled with one query each; the same rows
    render the selects and validate the values, so filtering costs no extra query."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Project.Status.choices],
    )
    min_adoptions = forms.TypedChoiceField(
        label=_("Used by"),
        required=False,
        coerce=int,
        empty_value=0,
        choices=[
            ("", _("Any number of municipalities")),
            ("1", _("1+ municipalities")),
            ("2", _("2+ municipalities")),
            ("3", _("3+ municipalities")),
            ("5", _("5+ municipalities")),
        ],
    )
    results = forms.ChoiceField(
        label=_("Measured results"),
        required=False,
        choices=[("", _("All projects")), ("1", _("With measured results"))],
    )
    featured = forms.ChoiceField(
        label=_("Success stories"),
        required=False,
        choices=[("", _("All projects")), ("1", _("Success stories only"))],
    )
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.only("slug", "name", "name_en")
        self.fields["theme"].choices = [("", _("All themes"))] + [(t.slug, t.label) for t in themes]
        municipalities = Municipality.objects.only("slug", "name")
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (m.slug, m.name) for m in municipalities
        ]


class AdoptionForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        help_text=_("For example how and since when your municipality uses the solution."),
    )
