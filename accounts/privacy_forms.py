from allauth.core import ratelimit
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    """Confirm with the password, and the second factor when the user has one."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app (or a recovery code)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.needs_code = is_mfa_enabled(self.user)
        if not self.needs_code:
            del self.fields["code"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # The same limit as allauth's own "confirm it is you" form: guessing costs time.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(_("Too many attempts. Please wait a minute."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "").strip()
        if not code:
            raise forms.ValidationError(_("Please enter the code from your authenticator app."))
        second_factor = BaseAuthenticateForm(data={"code": code}, user=self.user)
        if not second_factor.is_valid():
            raise forms.ValidationError(_("The code is not correct."))
        return code
