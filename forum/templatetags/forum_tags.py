from django import template
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.selectors import municipality_threads

register = template.Library()


@register.simple_tag
def forum_time(value):
    """A <time> element with the machine-readable moment and a short local date and time."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(timespec="seconds"),
        date_format(local, "DATETIME_FORMAT"),
    )


@register.filter
def thread_mod_actions(thread):
    """The moderator's one-click actions that make sense for the thread's current state."""
    actions = [
        ("unlock", _("Unlock")) if thread.is_locked else ("lock", _("Lock")),
        ("unpin", _("Unpin")) if thread.is_pinned else ("pin", _("Pin")),
        ("publish", _("Publish")) if thread.state != "published" else ("hide", _("Hide thread")),
    ]
    return actions


@register.inclusion_tag("forum/includes/municipality_threads.html")
def municipality_forum_threads(municipality):
    """Recent public threads started by the municipality's staff (municipality page)."""
    return {"threads": municipality_threads(municipality=municipality)}


class _Shared:
    """What the actions of every post on one page share, worked out once per page: the
    request's CSRF token and path, the labels in the page's language, escaped."""

    def __init__(self, context):
        request = context["request"]
        self.csrf = escape(context.get("csrf_token") or get_token(request))  # the request's
        self.path = escape(request.get_full_path())
        self.can_reply = context.get("can_reply")
        self.is_moderator = context.get("is_moderator")
        page = context.get("page")
        self.quote_page = f"page={page.number}&amp;" if page and page.number > 1 else ""
        labels = {
            "useful": _("Useful"),
            "quote": _("Quote"),
            "edit": _("Edit"),
            "history": _("Edit history"),
            "report": _("Report"),
            "hide": _("Hide"),
            "publish": _("Publish"),
            "mark": _("Mark as answer"),
            "unmark": _("Unmark as answer"),
            "former": _("Former user"),
        }
        self.label = {key: escape(value) for key, value in labels.items()}

    def form(self, action: str, inside: str) -> str:
        return (
            f'<form method="post" action="{action}" class="inline-form">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">{inside}</form>'
        )

    def button(self, label: str) -> str:
        return f'<button type="submit" class="button secondary small">{label}</button>'


@register.simple_tag(takes_context=True)
def post_actions(context, post):
    """The reader's actions under a post on the thread page (useful, quote, answer, edit,
    history, report, moderate). Built here rather than in a template: it runs for every post of
    every page view, and the rest of the post comes from the cache (forum.fragments); what the
    posts share is worked out once per page (_Shared)."""
    shared = context.render_context.get(_Shared)
    if shared is None:
        shared = context.render_context[_Shared] = _Shared(context)
    label = shared.label
    url = escape(post.url)
    pk = int(post.pk)
    author = post.author_info
    name = author.display_name if author else ""
    post_by = _("the post by %(name)s") % {"name": name or label["former"]}
    hidden_by = f'<span class="visually-hidden"> {escape(post_by)}</span>'
    parts = []
    if post.can_useful:
        marked = post.marked_useful
        parts.append(
            shared.form(
                f"{url}useful/",
                f'<input type="hidden" name="next" value="{shared.path}#post-{pk}">'
                # The wanted state, not a toggle: repeated requests agree (issue 18.9).
                f'<input type="hidden" name="useful" value="{"0" if marked else "1"}">'
                '<button type="submit" class="button secondary small" '
                f'aria-pressed="{"true" if marked else "false"}">'
                f'{label["useful"]} <span class="count">{int(post.useful_count)}</span></button>',
            )
        )
    elif post.useful_count:
        found = ngettext(
            "%(counter)s found this useful", "%(counter)s found this useful", post.useful_count
        ) % {"counter": post.useful_count}
        parts.append(f'<span class="useful-count">{escape(found)}</span>')
    if shared.can_reply:
        parts.append(
            f'<a href="?{shared.quote_page}quote={pk}#reply" class="quote-link" '
            f'data-post="{pk}">{label["quote"]}{hidden_by}</a>'
        )
    if post.can_solve:
        parts.append(
            shared.form(
                f"{url}solution/",
                shared.button(label["unmark"] if post.is_solution else label["mark"]),
            )
        )
    if post.can_edit:
        parts.append(f'<a href="{url}edit/">{label["edit"]}{hidden_by}</a>')
    if shared.is_moderator and post.edited_at:
        parts.append(f'<a href="{url}history/">{label["history"]}</a>')
    if post.can_report:
        parts.append(f'<a href="{url}report/">{label["report"]}{hidden_by}</a>')
    if shared.is_moderator:
        action = "hide" if post.state == "published" else "publish"
        parts.append(
            shared.form(
                f"{url}moderate/",
                f'<input type="hidden" name="action" value="{action}">'
                + shared.button(label[action]),
            )
        )
    html = "\n".join(parts)
    return mark_safe(f'<footer class="post-actions">{html}</footer>')  # noqa: S308 - escaped
