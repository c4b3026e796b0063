from django import template

from events import selectors

register = template.Library()


@register.simple_tag
def seats_left(event):
    """Free seats of an event (None for no limit), from the list's annotated count."""
    return selectors.seats_left(event)


@register.inclusion_tag("events/includes/municipality_events.html", takes_context=True)
def municipality_events(context, municipality):
    """The municipality's upcoming events, for its page."""
    return {
        "municipality": municipality,
        "events": selectors.upcoming_in_municipality(municipality),
        "request": context.get("request"),
    }
