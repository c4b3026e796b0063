from django import template

register = template.Library()


@register.filter
def guide_version(guide, language):
    """The guide's published version to show in `language` (the other language if none)."""
    return guide.version_for(language or "da")
