from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import RejectionTemplate, Report


class ReportForm(forms.Form):
    """A user's report of any content: one form for projects, forum posts and events."""

    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Only moderators read it."),
    )


class RejectForm(forms.Form):
    """A moderator's reason for rejecting: a template (sent in each author's language) or
    their own words. One form for projects, forum posts and events."""

    template = forms.ModelChoiceField(
        queryset=RejectionTemplate.objects.all(),
        required=False,
        label=_("Reason template"),
        empty_label=_("— write your own —"),
    )
    reason = forms.CharField(
        label=_("Reason sent to the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("reason", "").strip() and not data.get("template"):
            raise ValidationError(_("Write or choose a reason for the author."))
        return data

    def reason_for(self, author) -> str:
        """The reason in the author's language (a template) or as the moderator wrote it."""
        reason = self.cleaned_data["reason"].strip()
        template = self.cleaned_data["template"]
        if not reason and template:
            reason = template.text_for(author.language if author else "da")
        return reason


class AppealForm(forms.Form):
    """An author's appeal against a rejection or a hide, for any kind of content."""

    reason = forms.CharField(
        label=_("Why should a second moderator look again?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A moderator other than the one who decided reads it. You can appeal once."),
    )
