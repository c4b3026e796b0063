"""What a guide version is: the single definition of valid guide data. The services validate
every draft with GuideForm (form view and API alike)."""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalogue.models import DataArea
from projects.models import Theme

from .models import Guide, GuideVersion

MAX_STEPS = 30
MAX_LINKS = 20
MAX_DATA_AREAS = 20
DATA_AREA_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Pages of the site a guide can link to as cards.
LINK_PATTERNS = {
    "projects": re.compile(r"^/projects/(?P<key>[-a-z0-9]+)/?$"),
    "events": re.compile(r"^/events/(?P<key>[-a-z0-9]+)/?$"),
    "threads": re.compile(r"^/forum/t/(?P<key>\d+)(/[^/]*)?/?$"),
    "datasets": re.compile(r"^/datasets/(?P<key>[-\w]+)/?$"),
}


def clean_steps(value) -> list[str]:
    """One step a line (or a list of strings); at least one, at most MAX_STEPS."""
    if isinstance(value, str):
        lines = value.splitlines()
    elif isinstance(value, (list, tuple)):
        lines = [str(item) for item in value]
    else:
        lines = []
    steps = [re.sub(r"^\s*(\d+[.)]|[-*])\s*", "", line).strip() for line in lines]
    steps = [step[:500] for step in steps if step]
    if not steps:
        raise ValidationError(_("Give at least one step, one a line."), code="required")
    if len(steps) > MAX_STEPS:
        raise ValidationError(
            _("Give at most %(max)s steps.") % {"max": MAX_STEPS}, code="too_many"
        )
    return steps


def clean_data_areas(value) -> list[str]:
    if isinstance(value, str):
        items = re.split(r"[\s,]+", value)
    elif isinstance(value, (list, tuple)):
        items = [str(item) for item in value]
    else:
        items = []
    areas = list(dict.fromkeys(item.strip().lower() for item in items if item.strip()))
    for area in areas:
        if not DATA_AREA_RE.match(area):
            raise ValidationError(
                _("“%(area)s” is not a data area name: use lower-case letters, digits and hyphens.")
                % {"area": area[:80]},
                code="invalid",
            )
    if len(areas) > MAX_DATA_AREAS:
        raise ValidationError(
            _("Give at most %(max)s data areas.") % {"max": MAX_DATA_AREAS}, code="too_many"
        )
    return areas


def parse_links(value) -> dict[str, list[str]]:
    """Addresses of the site's projects, events, forum threads and catalogue datasets, one a
    line: the keys (slugs, thread ids) by kind. Whether they exist is checked by the service."""
    if isinstance(value, str):
        lines = [line.strip() for line in value.splitlines() if line.strip()]
    elif isinstance(value, (list, tuple)):
        lines = [str(line).strip() for line in value if str(line).strip()]
    else:
        lines = []
    if len(lines) > MAX_LINKS:
        raise ValidationError(
            _("Give at most %(max)s links.") % {"max": MAX_LINKS}, code="too_many"
        )
    found: dict[str, list[str]] = {kind: [] for kind in LINK_PATTERNS}
    for line in lines:
        path = urlsplit(line).path or line
        for kind, pattern in LINK_PATTERNS.items():
            if match := pattern.match(path):
                if match["key"] not in found[kind]:
                    found[kind].append(match["key"])
                break
        else:
            raise ValidationError(
                _(
                    "“%(link)s” is not the address of a project, an event, a forum thread or a "
                    "dataset here."
                )
                % {"link": line[:100]},
                code="invalid",
            )
    return found


class StepsField(forms.Field):
    widget = forms.Textarea(attrs={"rows": 6})

    def to_python(self, value):
        return clean_steps(value)

    def validate(self, value):
        pass  # to_python has checked it

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class DataAreasField(forms.Field):
    widget = forms.TextInput

    def to_python(self, value):
        return clean_data_areas(value)

    def validate(self, value):
        """Every name must be a data area of the catalogue (one query)."""
        if not value:
            return
        known = set(DataArea.objects.filter(slug__in=value).values_list("slug", flat=True))
        unknown = [area for area in value if area not in known]
        if unknown:
            raise ValidationError(
                [
                    ValidationError(
                        _("“%(area)s” is not a data area of the open-data catalogue."),
                        code="unknown",
                        params={"area": area},
                    )
                    for area in unknown
                ]
            )

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class LinksField(forms.Field):
    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value):
        return parse_links(value)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class GuideForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of this version"), choices=GuideVersion.Language.choices
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Two or three sentences: what the guide helps a municipality do."),
    )
    body = forms.CharField(
        label=_("Guide text"),
        max_length=40_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown. Headings (## Heading) make the table of contents; **bold**, lists and "
            "links work."
        ),
    )
    steps = StepsField(
        label=_("Steps"),
        help_text=_("The checklist: one step a line, in order."),
    )
    effort = forms.CharField(
        label=_("What it costs and takes"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Money, staff time and how long it takes. Markdown."),
    )
    pitfalls = forms.CharField(
        label=_("Pitfalls"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What tends to go wrong, and how to avoid it. Markdown."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Guide.Audience.choices)
    data_areas = DataAreasField(
        label=_("Data areas to publish"),
        required=False,
        help_text=_(
            "Names of data areas of the open-data catalogue, separated by commas, for example "
            "“parkering, trafiktaellinger”. The names are on the page Who publishes what."
        ),
    )
    links = LinksField(
        label=_("Linked projects, events, forum threads and datasets"),
        required=False,
        help_text=_("The addresses of their pages here, one a line."),
    )
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=300,
        required=False,
        help_text=_("What you changed and why, for the history."),
    )
