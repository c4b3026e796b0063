"""Markdown from users, rendered once at save: markdown-it-py with raw HTML off, then nh3.

Every app that stores user Markdown (project descriptions, forum posts, event descriptions)
renders it with render_markdown() and stores the result; templates output the stored HTML.
"""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _demote_headings(html: str) -> str:
    # A heading in user text must not compete with the page's own <h1>.
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render_markdown(text: str) -> str:
    """Return sanitised HTML for user Markdown. Links get rel="nofollow ugc noopener"."""
    return sanitise_html(_markdown.render(text or ""))


def sanitise_html(html: str) -> str:
    """Return HTML from elsewhere (a harvested portal, rendered Markdown) with only the
    allow-listed tags and attributes; scripts and styles go with their content."""
    return nh3.clean(
        _demote_headings(html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
