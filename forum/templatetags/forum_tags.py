from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
