from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import registry
from ..models import Follow

register = template.Library()


@register.inclusion_tag("participation/includes/follow_button.html", takes_context=True)
def follow_button(context, target):
    """A Follow / Stop following button: one indexed query for a signed-in user, none (and
    nothing personal: the page stays cacheable) for a visitor."""
    request = context["request"]
    user = request.user
    entry = registry.of(target)
    following = False
    if user.is_authenticated:
        following = Follow.objects.filter(
            user=user, content_type_id=registry.content_type_id(type(target)), object_id=target.pk
        ).exists()
    return {
        "csrf_token": context.get("csrf_token"),
        "signed_in": user.is_authenticated,
        "following": following,
        "target_key": f"{entry.name}:{target.pk}",
        "next": request.get_full_path(),
    }


@register.inclusion_tag("participation/includes/alert_button.html", takes_context=True)
def alert_button(context, municipality=None, theme=None):
    """ "Alert me about new projects" for a municipality, a theme or both, with its Atom feed."""
    request = context["request"]
    query = {}
    if municipality is not None:
        query["municipality"] = municipality.slug
    if theme is not None:
        query["theme"] = theme.slug
    if municipality is not None and theme is not None:
        label = _("Alert me about new %(theme)s projects in %(municipality)s") % {
            "theme": theme.label.lower(),
            "municipality": municipality.name,
        }
    elif municipality is not None:
        label = _("Alert me about new projects in %(municipality)s") % {
            "municipality": municipality.name
        }
    else:
        label = _("Alert me about new %(theme)s projects") % {"theme": theme.label.lower()}
    return {
        "csrf_token": context.get("csrf_token"),
        "signed_in": request.user.is_authenticated,
        "municipality": municipality,
        "theme": theme,
        "label": label,
        "next": request.get_full_path(),
        "feed_url": reverse("projects:feed") + "?" + urlencode(query),
    }


@register.inclusion_tag("participation/includes/alert_button.html", takes_context=True)
def alert_for_filters(context, filters):
    """The alert (and feed) for the municipality and theme chosen in the map's filter bar."""
    from django.apps import apps

    municipality = theme = None
    if filters.municipality:
        model = apps.get_model("places.Municipality")
        municipality = model.objects.filter(slug=filters.municipality).first()
    if filters.theme:
        theme = apps.get_model("projects.Theme").objects.filter(slug=filters.theme).first()
    if municipality is None and theme is None:
        return {"hidden": True}
    return alert_button(context, municipality=municipality, theme=theme)
