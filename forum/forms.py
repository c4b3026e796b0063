from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from smartcity.text import one_line

from .models import Category

BODY_HELP = _(
    "Markdown: **bold**, *italic*, [link](https://…), lists and > quotes. "
    "Mention a member with @[Display name]."
)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class _PostFields(forms.Form):
    body = forms.CharField(
        label=_("Your text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=BODY_HELP,
    )
    images = MultipleImageField(
        label=_("Images"),
        help_text=_("Optional. JPEG, PNG or WebP, at most %(count)s.")
        % {"count": settings.FORUM_MAX_ATTACHMENTS},
    )
    image_description = forms.CharField(
        label=_("Image description"),
        required=False,
        max_length=200,
        help_text=_("Describe the images for people who cannot see them."),
    )


class TitleField(forms.CharField):
    """A title is one line: it is normalised as the service does before its length is checked,
    so a title of control characters is too short rather than empty."""

    def to_python(self, value):
        return one_line(super().to_python(value))


class ThreadForm(_PostFields):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    title = TitleField(label=_("Title"), max_length=160, min_length=5)

    field_order = ["category", "title", "body", "images", "image_description"]

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = (
            categories if categories is not None else Category.objects.none()
        )


class ReplyForm(_PostFields):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=BODY_HELP,
    )


class EditForm(forms.Form):
    title = TitleField(label=_("Title"), max_length=160, min_length=5)
    body = forms.CharField(
        label=_("Your text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
        help_text=BODY_HELP,
    )

    def __init__(self, *args, with_title: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class ThreadModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("lock", "unlock", "pin", "unpin", "hide", "publish", "move")]
    )
    category = forms.ModelChoiceField(
        label=_("Move to"), queryset=Category.objects.all(), required=False
    )
