from django import template
from django.template.loader import render_to_string

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def project_explorer(context):
    """The map, the filters and the list of projects: the home page shows the same component
    as /projects/."""
    from ..views import explorer_context

    request = context["request"]
    return render_to_string(
        "projects/includes/explorer.html", explorer_context(request), request=request
    )


@register.inclusion_tag("projects/includes/municipality_section.html", takes_context=True)
def municipality_projects(context, municipality):
    """The projects of a municipality and the solutions it has adopted, for its page."""
    return {
        "municipality": municipality,
        "projects": selectors.municipality_projects(municipality),
        "adoptions": selectors.municipality_adoptions(municipality),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
