"""Reads: notifications grouped per item, for the notifications page and the e-mails."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from . import registry
from .describe import describe
from .models import Notification

PAGE_SIZE = 100
NOTIFICATION_FIELDS = ("pk", "content_type_id", "object_id", "kind", "data", "created_at")


@dataclass
class Event:
    kind: str
    data: dict
    count: int
    latest: datetime

    @property
    def text(self) -> str:
        return describe(self.kind, self.data, self.count)


@dataclass
class Item:
    """What happened on one followed item: its events, one line per kind, newest first."""

    target: models.Model
    latest: datetime
    unread: bool = False
    events: list[Event] = field(default_factory=list)
    notification_ids: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.target)

    @property
    def url(self) -> str:
        return self.target.get_absolute_url()


def group(rows, *, user, targets: dict | None = None) -> list[Item]:
    """Group notification rows (newest first; dicts with NOTIFICATION_FIELDS and read_at) per
    item and kind. Items the user may no longer see are left out."""
    rows = list(rows)
    if targets is None:
        targets = registry.load_targets((r["content_type_id"], r["object_id"]) for r in rows)
    items: dict[tuple[int, int], Item] = {}
    for row in rows:
        key = (row["content_type_id"], row["object_id"])
        target = targets.get(key)
        if target is None:
            continue
        item = items.get(key)
        if item is None:
            entry = registry.of(target)
            if entry is None or not entry.visible(user, target):
                targets[key] = None  # checked once
                continue
            item = items[key] = Item(target=target, latest=row["created_at"])
        item.notification_ids.append(row["pk"])
        item.unread = item.unread or row.get("read_at") is None
        for event in item.events:
            if event.kind == row["kind"]:
                event.count += 1  # the newest one's details are kept
                break
        else:
            item.events.append(Event(row["kind"], row["data"], 1, row["created_at"]))
    return list(items.values())


def notifications_page(*, user, before: int | None = None) -> tuple[list[Item], int | None]:
    """The newest PAGE_SIZE notifications of a user grouped per item, and the id to continue
    before (or None at the end). Queries: one for the rows, one per kind of item."""
    rows = Notification.objects.filter(user=user).order_by("-pk")
    if before:
        rows = rows.filter(pk__lt=before)
    rows = list(rows.values(*NOTIFICATION_FIELDS, "read_at")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return group(rows, user=user), (rows[-1]["pk"] if more else None)
