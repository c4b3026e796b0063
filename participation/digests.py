"""E-mail about notifications: at once, or in daily and weekly digests.

Digests are built in batches: `digest_plan` (run by beat) finds the users with notifications
not yet mailed, in one query, and enqueues one `digest_batch` task per DIGEST_BATCH_SIZE users.
A batch costs a fixed number of queries whatever its size: the users, their preferences, their
notifications, the items they are about (one per kind of item), the claim, the "mailed" marks.
Each user's digest is claimed for the period (DigestClaim) before it is sent, so a batch
delivered twice sends nothing twice. A user with nothing to tell gets no e-mail."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from smartcity.emails import send_templated
from smartcity.links import absolute_url

from . import registry, services
from .models import Frequency, Notification
from .selectors import NOTIFICATION_FIELDS, group

logger = logging.getLogger(__name__)

DIGEST_MAX_ITEMS = 20
IDS_PER_STATEMENT = 2000


def period_of(frequency: str, when: datetime) -> str:
    """The digest period `when` falls in: "d2026-12-03" or "w2026-49"."""
    day = timezone.localdate(when)
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"w{year}-{week:02d}"
    return f"d{day.isoformat()}"


def _chunks(values: list, size: int) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _mark_mailed(ids: list[int], *, claim: bool = False) -> list[int]:
    """Mark notifications as mailed. With claim, only those not mailed yet, and return those
    (UPDATE ... RETURNING: two workers never both get one)."""
    now = timezone.now()
    done = []
    for chunk in _chunks(ids, IDS_PER_STATEMENT):
        marks = ", ".join(["%s"] * len(chunk))
        sql = f"UPDATE participation_notification SET mailed_at = %s WHERE id IN ({marks})"  # noqa: S608 (placeholders only)
        if claim:
            sql += " AND mailed_at IS NULL RETURNING id"
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, *chunk])
            if claim:
                done += [row[0] for row in cursor.fetchall()]
    return done


def _claim_digests(user_ids: list[int], period: str) -> set[int]:
    """Claim this period's digest for these users; returns those claimed now (not before)."""
    if not user_ids:
        return set()
    now = timezone.now()
    claimed: set[int] = set()
    for chunk in _chunks(user_ids, IDS_PER_STATEMENT // 3):
        values = ", ".join(["(%s, %s, %s)"] * len(chunk))
        params = [value for user_id in chunk for value in (user_id, period, now)]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO participation_digestclaim (user_id, period, created_at) "  # noqa: S608 (placeholders only)
                f"VALUES {values} ON CONFLICT (user_id, period) DO NOTHING RETURNING user_id",
                params,
            )
            claimed |= {row[0] for row in cursor.fetchall()}
    return claimed


def _headers(url: str) -> dict[str, str]:
    # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the URL.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _unsubscribe_url(user_id: int, kinds: Iterable[str]) -> str:
    token = services.unsubscribe_token(user_id=user_id, kinds=kinds)
    return absolute_url(reverse("participation:unsubscribe", args=[token]))


# --- at once ----------------------------------------------------------------------------------


def send_immediate(*, kind: str, content_type_id: int, object_id: int) -> int:
    """E-mail, at once, the users who want `kind` at once and have an unmailed notification of
    it on this item. Returns the number of e-mails sent."""
    rows = list(
        Notification.objects.filter(
            content_type_id=content_type_id, object_id=object_id, kind=kind, mailed_at__isnull=True
        ).values("pk", "user_id")
    )
    if not rows:
        return 0
    preferences = services.preferences_of({row["user_id"] for row in rows})
    wanted = [
        row["pk"] for row in rows if preferences[row["user_id"]][kind] == Frequency.IMMEDIATELY
    ]
    ids = set(_mark_mailed(wanted, claim=True))
    if not ids:
        return 0
    targets = registry.load_targets([(content_type_id, object_id)])
    sent = 0
    users = User.objects.filter(
        is_active=True, notifications__pk__in=ids
    ).distinct()  # the claimed rows' users
    notifications = {
        row["user_id"]: row
        for row in Notification.objects.filter(pk__in=ids).values(*NOTIFICATION_FIELDS, "user_id")
    }
    for user in users:
        items = group([notifications[user.pk]], user=user, targets=dict(targets))
        if not items:
            continue
        url = _unsubscribe_url(user.pk, [kind])
        send_templated(
            user,
            "participation/email/notification",
            {"item": items[0], "unsubscribe_url": url, "notifications_url": _page_url()},
            headers=_headers(url),
        )
        sent += 1
    return sent


def _page_url() -> str:
    return absolute_url(reverse("participation:list"))


# --- digests ----------------------------------------------------------------------------------


def digest_plan(*, frequency: str, now: datetime | None = None) -> list[list[int]]:
    """The batches of user ids that may have a digest due: one query."""
    now = now or timezone.now()
    user_ids = list(
        Notification.objects.filter(mailed_at__isnull=True, created_at__lte=now)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(_chunks(user_ids, settings.PARTICIPATION_DIGEST_BATCH_SIZE))


def digest_batch(*, frequency: str, user_ids: list[int], cutoff: datetime) -> int:
    """Build and send the `frequency` digests of these users for the period of `cutoff`.
    Returns the number of e-mails sent."""
    period = period_of(frequency, cutoff)
    preferences = services.preferences_of(user_ids)
    rows = Notification.objects.filter(
        user_id__in=user_ids, mailed_at__isnull=True, created_at__lte=cutoff
    ).order_by("user_id", "-pk")
    per_user: dict[int, list[dict]] = {}
    never: list[int] = []
    for row in rows.values(*NOTIFICATION_FIELDS, "user_id"):
        choice = preferences[row["user_id"]][row["kind"]]
        if choice == frequency:
            per_user.setdefault(row["user_id"], []).append(row)
        elif choice == Frequency.NEVER or (
            # handled at once (or by the forum's own e-mail) long ago
            choice == Frequency.IMMEDIATELY and row["created_at"] < cutoff - timedelta(hours=1)
        ):
            never.append(row["pk"])
    _mark_mailed(never)  # no digest wants them: they no longer make their user a candidate
    claimed = _claim_digests(sorted(per_user), period)
    if not claimed:
        return 0
    _mark_mailed([row["pk"] for user_id in claimed for row in per_user[user_id]])
    targets = registry.load_targets(
        (row["content_type_id"], row["object_id"])
        for user_id in claimed
        for row in per_user[user_id]
    )
    kinds = list(services.DEFAULT_FREQUENCY)
    sent = 0
    for user in User.objects.filter(pk__in=claimed, is_active=True).order_by("pk"):
        items = group(per_user[user.pk], user=user, targets=targets)
        if not items:  # everything was about items they may no longer see: no empty digest
            continue
        user_kinds = [k for k in kinds if preferences[user.pk][k] == frequency]
        url = _unsubscribe_url(user.pk, user_kinds)
        send_templated(
            user,
            "participation/email/digest",
            {
                "items": items[:DIGEST_MAX_ITEMS],
                "more": max(len(items) - DIGEST_MAX_ITEMS, 0),
                "weekly": frequency == Frequency.WEEKLY,
                "unsubscribe_url": url,
                "settings_url": absolute_url(reverse("participation:settings")),
                "notifications_url": _page_url(),
            },
            headers=_headers(url),
        )
        sent += 1
    logger.info("%s digests: %s sent to %s users in the batch", frequency, sent, len(user_ids))
    return sent
