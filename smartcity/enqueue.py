"""Enqueueing background work after commit, without losing it to a broker outage.

Every app hands work to Celery with `delay_on_commit(task, *args)`, inside the transaction
that makes the work necessary. It writes an outbox row in that transaction, and once the
transaction commits it sends the task and deletes the row. If the broker is down, the error
is logged and never reaches the user; the row stays, and `sweep_outbox` (run by beat) sends it
when the broker is back. Tasks must therefore be safe to receive twice (they claim their work).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxTask

logger = logging.getLogger(__name__)


def delay_on_commit(task, *args) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside one).

    `args` must be JSON-serialisable (ids, not rows). Never raises a broker error."""
    entry = OutboxTask.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _send(entry.pk, task, args))


def send_now(task, *args) -> bool:
    """Send a task at once; never raises. For sweepers, whose rows are their own outbox: a
    False answer (the broker is down) leaves the row for the next sweep."""
    try:
        task.delay(*args)
    except Exception as error:  # broker down (or, run eagerly, the task failed)
        logger.warning("could not enqueue %s%s: %s", task.name, tuple(args), error, exc_info=True)
        return False
    return True


def _send(entry_id: int, task, args) -> bool:
    if not send_now(task, *args):
        OutboxTask.objects.filter(pk=entry_id).update(last_error="not sent; see the log")
        return False
    OutboxTask.objects.filter(pk=entry_id).delete()
    return True


def sweep_outbox(*, limit: int = 500) -> list[int]:
    """Send the outbox rows older than OUTBOX_SWEEP_GRACE_SECONDS (their own send failed).

    Each row is claimed with a conditional UPDATE that moves it into the future, so two
    sweepers never send the same row; a row whose send fails again waits longer (doubling,
    at most an hour). Returns the ids of the rows sent."""
    now = timezone.now()
    grace = now - timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    due = OutboxTask.objects.filter(due_at__lte=now, created_at__lte=grace).order_by("due_at")
    sent = []
    for entry in list(due[:limit]):
        backoff = min(settings.OUTBOX_SWEEP_GRACE_SECONDS * 2**entry.attempts, 3600)
        claimed = OutboxTask.objects.filter(pk=entry.pk, attempts=entry.attempts).update(
            attempts=F("attempts") + 1, due_at=now + timedelta(seconds=max(backoff, 1))
        )
        if not claimed:
            continue
        task = current_app.tasks.get(entry.task)
        if task is None:
            logger.error("outbox row %s names an unknown task %s", entry.pk, entry.task)
            continue
        if _send(entry.pk, task, entry.args):
            sent.append(entry.pk)
    return sent
