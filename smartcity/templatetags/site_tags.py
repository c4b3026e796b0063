from django import template
from django.utils import translation
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


class SameOnEveryPageNode(template.Node):
    def __init__(self, nodelist, key_expressions=()):
        self.nodelist = nodelist
        self.key_expressions = key_expressions
        # (language, *key values) -> HTML; lives as long as the template
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        key = (translation.get_language(), *(e.resolve(context) for e in self.key_expressions))
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) > 1000:  # keyed by values: keep it bounded
                self.rendered.clear()
            html = self.rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def same_on_every_page(parser, token):
    """Render what is inside once per language and process, for markup that depends on
    nothing but the language and the code (the footer, the search boxes): every page of the
    template shows the same, and the cached template loader keeps the template, so a deploy
    renders it afresh.
    `{% same_on_every_page %}...{% end_same_on_every_page %}`."""
    nodelist = parser.parse(("end_same_on_every_page",))
    parser.delete_first_token()
    return SameOnEveryPageNode(nodelist)


@register.tag
def same_for(parser, token):
    """Like same_on_every_page, for markup that depends on the language, the code and the
    values named, and nothing else: `{% same_for page.number page.paginator.num_pages %}
    {% include "includes/pagination.html" %}{% end_same_for %}`."""
    expressions = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("end_same_for",))
    parser.delete_first_token()
    return SameOnEveryPageNode(nodelist, expressions)
