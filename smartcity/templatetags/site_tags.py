from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

SITE_NAME = "Smart City Danmark"


@register.filter(needs_autoescape=True)
def page_title(title, autoescape=True):
    """ "Projekter – Smart City Danmark" for a page with a title, the site's name alone for one
    without. Used as `{% filter page_title %}{% block title %}{% endblock %}{% endfilter %}`,
    because a template cannot ask whether a block is empty."""
    if autoescape:
        title = conditional_escape(title)  # a block's output is already escaped and safe
    title = " ".join(str(title).split())
    if not title:
        return SITE_NAME
    return mark_safe(f"{title} – {SITE_NAME}")  # noqa: S308 (escaped above)
