"""One line, in the active language, for what a notification says happened."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartcity.activity import Kind


def describe(kind: str, data: dict, count: int = 1) -> str:
    """`data` carries English labels (msgids) where a label is needed: they are translated
    here, in the reader's language, not in the actor's."""
    if kind == Kind.STATUS_CHANGED and data.get("new"):
        text = _("Status changed from %(old)s to %(new)s") % {
            "old": _(data.get("old") or "—"),
            "new": _(data["new"]),
        }
    elif kind == Kind.ADOPTED and data.get("municipality"):
        text = _("Now also used by %(municipality)s") % {"municipality": data["municipality"]}
    elif kind == Kind.THREAD_LINKED and data.get("thread"):
        text = _("Discussed in the forum: %(title)s") % {"title": data["thread"]}
    else:
        text = {
            Kind.CREATED: _("New project matching your alert"),
            Kind.STATUS_CHANGED: _("The status changed"),
            Kind.RESULTS_ADDED: _("Measured results were added"),
            Kind.ADOPTED: _("Adopted by another municipality"),
            Kind.COMMENTED: _("New comment"),
            Kind.THREAD_LINKED: _("A forum thread was linked"),
            Kind.REPLIED: _("New reply"),
            Kind.CHANGED: _("The event was changed"),
            Kind.CANCELLED: _("The event was cancelled"),
            Kind.NEW_VERSION: _("A new version was published"),
        }.get(kind, kind)
    if count > 1:
        text += " " + ngettext("(%(count)s time)", "(%(count)s times)", count) % {"count": count}
    return text
