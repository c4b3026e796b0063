from django import template
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
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


def _form(action: str, csrf: str, inside: str) -> str:
    return format_html(
        '<form method="post" action="{}" class="inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form>',
        action,
        csrf,
        inside,
    )


def _button(label: str) -> str:
    return format_html('<button type="submit" class="button secondary small">{}</button>', label)


@register.simple_tag(takes_context=True)
def post_actions(context, post):
    """The reader's actions under a post on the thread page (useful, quote, answer, edit,
    history, report, moderate). Built here rather than in a template: it runs for every post of
    every page view, and the rest of the post comes from the cache (forum.fragments)."""
    request = context["request"]
    csrf = str(context.get("csrf_token") or get_token(request))  # the request's token, once
    url = post.url
    author = post.author_info
    post_by = _("the post by %(name)s") % {
        "name": (author.display_name if author else "") or _("Former user")
    }
    hidden_by = format_html('<span class="visually-hidden"> {}</span>', post_by)
    parts = []
    if post.can_useful:
        parts.append(
            _form(
                f"{url}useful/",
                csrf,
                format_html(
                    '<input type="hidden" name="next" value="{}#post-{}">'
                    # The wanted state, not a toggle: repeated requests agree (issue 18.9).
                    '<input type="hidden" name="useful" value="{}">'
                    '<button type="submit" class="button secondary small" aria-pressed="{}">'
                    '{} <span class="count">{}</span></button>',
                    request.get_full_path(),
                    post.pk,
                    "0" if post.marked_useful else "1",
                    "true" if post.marked_useful else "false",
                    _("Useful"),
                    post.useful_count,
                ),
            )
        )
    elif post.useful_count:
        found = ngettext(
            "%(counter)s found this useful", "%(counter)s found this useful", post.useful_count
        ) % {"counter": post.useful_count}
        parts.append(format_html('<span class="useful-count">{}</span>', found))
    if context.get("can_reply"):
        number = context["page"].number
        parts.append(
            format_html(
                '<a href="?{}quote={}#reply" class="quote-link" data-post="{}">{}{}</a>',
                mark_safe(f"page={number}&amp;") if number > 1 else "",  # noqa: S308 - an int
                post.pk,
                post.pk,
                _("Quote"),
                hidden_by,
            )
        )
    if post.can_solve:
        label = _("Unmark as answer") if post.is_solution else _("Mark as answer")
        parts.append(_form(f"{url}solution/", csrf, _button(label)))
    if post.can_edit:
        parts.append(format_html('<a href="{}edit/">{}{}</a>', url, _("Edit"), hidden_by))
    is_moderator = context.get("is_moderator")
    if is_moderator and post.edited_at:
        parts.append(format_html('<a href="{}history/">{}</a>', url, _("Edit history")))
    if post.can_report:
        parts.append(format_html('<a href="{}report/">{}{}</a>', url, _("Report"), hidden_by))
    if is_moderator:
        published = post.state == "published"
        action, label = ("hide", _("Hide")) if published else ("publish", _("Publish"))
        parts.append(
            _form(
                f"{url}moderate/",
                csrf,
                format_html(
                    '<input type="hidden" name="action" value="{}">{}', action, _button(label)
                ),
            )
        )
    return format_html(
        '<footer class="post-actions">{}</footer>',
        mark_safe("\n".join(parts)),  # noqa: S308
    )
