from django import forms
from django.utils.translation import gettext_lazy as _

from places.models import Municipality

from .display_names import check_display_name_free
from .models import StaffRequest, User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown next to what you publish. Your e-mail address is never shown."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        check_display_name_free(name)
        return name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.language = getattr(request, "LANGUAGE_CODE", "da")
        user.save(update_fields=["display_name", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        # The language has its own panel: it is the language switch (smartcity.views).
        fields = ["display_name"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter a display name."))
        return name  # User.clean() checks that no other member has it


class StaffRequestForm(forms.ModelForm):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.order_by("name"), label=_("Municipality")
    )

    class Meta:
        model = StaffRequest
        fields = ["municipality", "job_title", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
