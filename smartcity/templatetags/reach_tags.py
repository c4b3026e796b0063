"""Template tags for the site's reach beyond itself: the "Embed this map" snippet generator and
the tags that make a shared link look like the page it points to."""

import copy

from django import forms, template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.forms import ProjectFilterForm

from ..embed import DEFAULT_HEIGHT, MAX_HEIGHT, MIN_HEIGHT

register = template.Library()

OG_LOCALES = {"da": "da_DK", "en": "en_GB"}
DESCRIPTION_LENGTH = 200


class EmbedSnippetForm(forms.Form):
    """The map's filters (less the free-text search and the view) and the frame's height."""

    FILTERS = ("theme", "municipality", "status", "min_adoptions", "results", "featured")

    height = forms.IntegerField(
        label=_("Height in pixels"), min_value=MIN_HEIGHT, max_value=MAX_HEIGHT
    )

    def __init__(
        self, *args, choices_from: ProjectFilterForm | None = None, municipality=None, **kwargs
    ):
        """choices_from: the page's own filter form, whose selects are filled already (the
        map page has one), so that the generator costs no query of its own there. On a
        municipality's page (`municipality`) the map is that municipality's, across all themes:
        the filters that need no query remain, so the page keeps its query budget."""
        super().__init__(*args, auto_id="embed-%s", **kwargs)
        if municipality is not None:
            self.fields["municipality"] = forms.CharField(
                widget=forms.HiddenInput, initial=municipality.slug
            )
            names = [name for name in self.FILTERS if name not in ("theme", "municipality")]
            source = ProjectFilterForm.__new__(ProjectFilterForm)
            source.fields = copy.deepcopy(ProjectFilterForm.base_fields)
        else:
            names = list(self.FILTERS)
            source = choices_from if choices_from is not None else ProjectFilterForm()
        for name in names:
            self.fields[name] = copy.deepcopy(source.fields[name])
        self.order_fields([*self.FILTERS, "height"])


@register.inclusion_tag("reach/embed_generator.html", takes_context=True)
def embed_generator(context, municipality=None):
    """ "Embed this map": choose filters and a height, copy the <iframe> code, see a preview."""
    request = context["request"]
    initial = {"height": DEFAULT_HEIGHT}
    if municipality is None:
        initial.update(
            {
                name: request.GET.get(name, "")
                for name in ("theme", "municipality", "status", "min_adoptions")
            }
        )
    return {
        "form": EmbedSnippetForm(
            initial=initial, choices_from=context.get("filter_form"), municipality=municipality
        ),
        "embed_url": request.build_absolute_uri(reverse("embed_map")),
    }


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context, title, description="", image=""):
    """OpenGraph and Twitter-card tags and the canonical URL of a page, for link previews in
    newsletters and social media. The canonical URL is the page's path on SITE_URL, without
    its query string."""
    description = " ".join(str(description).split())
    if len(description) > DESCRIPTION_LENGTH:
        description = description[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    request = context["request"]
    return {
        "title": title,
        "description": description,
        "image": _absolute(image or static("img/share.png")),
        "url": _absolute(request.path),
        "locale": OG_LOCALES.get(get_language() or "da", "da_DK"),
    }
