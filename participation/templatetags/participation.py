from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import registry
from ..services import followers_of

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
        # joined to the content type by name: one query even with a cold content-type cache
        following = followers_of(type(target)).filter(user=user, object_id=target.pk).exists()
    return {
        "csrf_token": context.get("csrf_token"),
        "signed_in": user.is_authenticated,
        "following": following,
        "target_key": f"{entry.name}:{target.pk}",
        "next": request.get_full_path(),
    }


@register.inclusion_tag("participation/includes/alert_button.html", takes_context=True)
def alert_button(context, municipality=None, theme=None):
    """ "Alert me about new projects" for a municipality, a theme or both, with its Atom feed:
    a link to the alert form, filled in. The same for everyone (cacheable, no query)."""
    query = {}
    if municipality is not None:
        query["municipality"] = municipality.slug
    if theme is not None:
        query["theme"] = theme.slug
    if municipality is not None and theme is not None:
        label = _("Alert me about new %(theme)s projects in %(municipality)s") % {
            "theme": str(theme.label).lower(),
            "municipality": municipality.name,
        }
    elif municipality is not None:
        label = _("Alert me about new projects in %(municipality)s") % {
            "municipality": municipality.name
        }
    else:
        label = _("Alert me about new %(theme)s projects") % {"theme": str(theme.label).lower()}
    return {
        "label": label,
        "alert_url": reverse("participation:settings") + "?" + urlencode(query) + "#new-alert",
        "feed_url": reverse("projects:feed") + "?" + urlencode(query),
    }


@register.inclusion_tag("participation/includes/alert_button.html", takes_context=True)
def alert_for_filters(context, filter_form, filters):
    """The alert (and feed) for the municipality and theme chosen in the map's filter bar. The
    names come from the filter form's choices, already loaded: no query."""
    from types import SimpleNamespace

    def chosen(name):
        slug = getattr(filters, name, "")
        label = dict(filter_form.fields[name].choices).get(slug) if slug else None
        return SimpleNamespace(slug=slug, name=label, label=label) if label else None

    municipality, theme = chosen("municipality"), chosen("theme")
    if municipality is None and theme is None:
        return {"hidden": True}
    return alert_button(context, municipality=municipality, theme=theme)
