from django import template

from moderation.appeals import appeal_status

register = template.Library()


@register.inclusion_tag("moderation/includes/appeal_panel.html", takes_context=True)
def appeal_panel(context, obj):
    """Where an appeal against the rejection or hide of `obj` stands, for its author (nothing
    for anyone else, and no query unless the item is down and theirs)."""
    return {"status": appeal_status(obj, user=context.get("user"))}
