from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from places.geocoding import GeocoderUnavailable

from .models import Event
from .services import check_event_data, venue_locate

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def region_label(region) -> str:
    return region.name_en if get_language() == "en" else region.name


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    """Create or edit an event. Times are entered in Danish time; the venue is located from the
    address (or from coordinates, when given) before anything is saved."""

    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        help_text=_("Number of seats. Leave empty for no limit."),
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        help_text=_(
            "Optional: only if the address cannot be found. Decimal degrees, e.g. 56.1572."
        ),
    )
    lng = forms.FloatField(
        label=_("Longitude"),
        required=False,
        help_text=_("Optional: decimal degrees, e.g. 10.2107."),
    )

    class Meta:
        model = Event
        formfield_callback = _formfield
        fields = [
            "title",
            "kind",
            "description",
            "themes",
            "starts_at",
            "ends_at",
            "registration_deadline",
            "capacity",
            "is_online",
            "online_url",
            "online_url_participants_only",
            "venue_name",
            "venue_address",
            "forum_url",
        ]
        labels = {
            "starts_at": _("Starts (Danish time)"),
            "ends_at": _("Ends (Danish time)"),
            "registration_deadline": _("Registration deadline (Danish time)"),
        }
        help_texts = {
            "description": _("Programme, speakers and who the event is for. Markdown is allowed."),
            "registration_deadline": _("Optional. Must be before the event starts."),
            "venue_address": _(
                "Street, number, postcode and town, e.g. Rådhuspladsen 2, 8000 Aarhus C."
            ),
            "forum_url": _("Optional: a link to the forum category where the event is discussed."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "registration_deadline": _datetime_widget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.lat is not None:
            self.initial.setdefault("lat", self.instance.lat)
            self.initial.setdefault("lng", self.instance.lng)
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["venue_address"].widget.attrs["autocomplete"] = "street-address"

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity <= 0:
            raise ValidationError(
                _("The capacity must be a positive number of seats. Leave it empty for no limit.")
            )
        return capacity

    def clean(self):
        data = super().clean()
        for field, message in check_event_data(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        if "venue_address" not in self.errors and "lat" not in self.errors:
            self._locate_venue(data)
        return data

    def _locate_venue(self, data):
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None):
            self.add_error("lat", _("Give both latitude and longitude, or neither."))
            return
        address = (data.get("venue_address") or "").strip()
        unchanged = (
            self.instance.pk
            and address == self.instance.venue_address
            and (lat, lng) == (self.instance.lat, self.instance.lng)
        )
        if unchanged:
            return
        try:
            location = venue_locate(address=address, lat=lat, lng=lng)
        except ValidationError as exc:
            for message in exc.message_dict.get("venue_address", exc.messages):
                self.add_error("venue_address", message)
            return
        except GeocoderUnavailable:
            # Saved without coordinates; the background task locates the venue later.
            data["lat"] = data["lng"] = None
            return
        if location is not None:
            data["lat"], data["lng"] = location.lat, location.lng


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Message to the participants"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Sent with the cancellation e-mail and shown on the event page."),
    )


class EventFilterForm(forms.Form):
    """The filters on the list page (GET, so the state lives in the URL)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.SearchInput)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    mode = forms.ChoiceField(
        label=_("Form"),
        required=False,
        choices=[
            ("", _("Online and in person")),
            ("online", _("Online")),
            ("in_person", _("In person")),
        ],
    )

    def __init__(self, *args, themes=(), regions=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *((t.slug, t.label) for t in themes)]
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((r.slug, region_label(r)) for r in regions),
        ]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *((m.slug, m.name) for m in municipalities),
        ]
