"""What happened to a public item, said once by the service that made it happen.

The services that change a project, an event, a guide or a forum thread call `announce()`;
whoever needs to know (followers' notifications, alert feeds) connects to `item_event`.
Nothing here sends e-mail or writes rows itself, so a service never depends on who listens.

Receivers get ``target`` (the model instance the event is about), ``kind`` (one of `Kind`),
``actor`` (the user who caused it, or None for the system) and ``data`` (a small dict of
JSON-serialisable details, e.g. the old and new status). `announce()` sends when the current
transaction commits, so a rolled-back change is never announced.
"""

from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

item_event = Signal()


class Kind(models.TextChoices):
    CREATED = "created", _("new")
    STATUS_CHANGED = "status_changed", _("status changed")
    RESULTS_ADDED = "results_added", _("measured results")
    ADOPTED = "adopted", _("adopted by a municipality")
    COMMENTED = "commented", _("new comment")
    THREAD_LINKED = "thread_linked", _("linked forum thread")
    REPLIED = "replied", _("new reply")
    CHANGED = "changed", _("changed")
    CANCELLED = "cancelled", _("cancelled")
    NEW_VERSION = "new_version", _("new version")


def announce(target, kind: str, *, actor=None, **data) -> None:
    """Tell the listeners, once the transaction commits, that `kind` happened to `target`."""

    def send() -> None:
        item_event.send(sender=type(target), target=target, kind=kind, actor=actor, data=data)

    transaction.on_commit(send)
