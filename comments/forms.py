from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("You can use Markdown. Comments are checked before they are shown."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
