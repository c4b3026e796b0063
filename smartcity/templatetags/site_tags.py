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
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[str, str] = {}  # language -> HTML; lives as long as the template

    def render(self, context):
        language = translation.get_language()
        html = self.rendered.get(language)
        if html is None:
            html = self.rendered[language] = self.nodelist.render(context)
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
