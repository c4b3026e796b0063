from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.activity import Kind

from .models import Frequency

# The kinds offered on the settings page, in the order a reader thinks of them.
KIND_LABELS = {
    Kind.CREATED: _("New projects matching my alerts"),
    Kind.STATUS_CHANGED: _("A project I follow changes status"),
    Kind.RESULTS_ADDED: _("A project I follow gets measured results"),
    Kind.ADOPTED: _("A project I follow is adopted by a municipality"),
    Kind.COMMENTED: _("New comments on what I follow"),
    Kind.THREAD_LINKED: _("A forum thread is linked to a project I follow"),
    Kind.REPLIED: _("New replies in forum threads I follow"),
    Kind.CHANGED: _("An event I follow is changed"),
    Kind.CANCELLED: _("An event I follow is cancelled"),
    Kind.NEW_VERSION: _("A guide I follow gets a new version"),
}


class PreferencesForm(forms.Form):
    def __init__(self, *args, initial_frequencies: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KIND_LABELS.items():
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Frequency.choices,
                initial=initial_frequencies[kind],
                widget=forms.RadioSelect,
            )


class AlertForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="slug",
        label=_("Municipality"),
        empty_label=_("Any municipality"),
    )
    theme = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="slug",
        label=_("Theme"),
        empty_label=_("Any theme"),
    )

    def __init__(self, *args, **kwargs):
        from django.apps import apps

        super().__init__(*args, **kwargs)
        # Resolved by name: this app knows no content app (the alert's FK does the same).
        self.fields["municipality"].queryset = apps.get_model("places.Municipality").objects.all()
        self.fields["theme"].queryset = apps.get_model("projects.Theme").objects.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("municipality") and not cleaned.get("theme"):
            raise forms.ValidationError(_("Choose a municipality, a theme or both."))
        return cleaned
