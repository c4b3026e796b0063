from django import template

from catalogue import selectors

register = template.Library()


@register.inclusion_tag("catalogue/includes/municipality_open_data.html", takes_context=True)
def municipality_open_data(context, municipality):
    """The municipality's open data: its datasets by area, its coverage and its gaps."""
    return {
        "data": selectors.municipality_open_data(municipality),
        "request": context.get("request"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
