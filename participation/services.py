"""Writes: following, alerts, the fan-out of notifications, read markers, e-mail preferences."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.activity import Kind

from . import registry
from .models import Alert, EmailPreference, Follow, Frequency, Notification

UNSUBSCRIBE_SALT = "participation.unsubscribe"

# Forum replies were e-mailed at once before follows existed; everything else is a daily digest.
DEFAULT_FREQUENCY = dict.fromkeys(Kind.values, Frequency.DAILY) | {
    Kind.REPLIED: Frequency.IMMEDIATELY
}


# --- following --------------------------------------------------------------------------------


def follow_set(*, user, target, follow: bool) -> bool:
    """Follow or stop following `target`. Returns whether the user now follows it."""
    entry = registry.of(target)
    if entry is None:
        raise ValidationError(_("This cannot be followed."))
    ct_id = registry.content_type_id(type(target))
    if not follow:
        Follow.objects.filter(user=user, content_type_id=ct_id, object_id=target.pk).delete()
        return False
    if not user.is_authenticated or not entry.visible(user, target):
        raise PermissionDenied("Cannot follow what you cannot see.")
    Follow.objects.bulk_create(
        [Follow(user=user, content_type_id=ct_id, object_id=target.pk)], ignore_conflicts=True
    )
    return True


def follow_own(*, user, target) -> None:
    """Authors follow what they create (no visibility check: it is theirs)."""
    if user is None or not user.pk:
        return
    Follow.objects.bulk_create(
        [
            Follow(
                user=user,
                content_type_id=registry.content_type_id(type(target)),
                object_id=target.pk,
            )
        ],
        ignore_conflicts=True,
    )


def followers_of(model):
    """Follows of objects of `model`, joined by content type name (no extra look-up query): for
    subqueries such as Exists(followers_of(Thread).filter(user=u, object_id=OuterRef("pk")))."""
    meta = model._meta.concrete_model._meta
    return Follow.objects.filter(
        content_type__app_label=meta.app_label, content_type__model=meta.model_name
    )


# --- alerts -----------------------------------------------------------------------------------


def alert_create(*, user, municipality=None, theme=None) -> Alert:
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to create alerts.")
    if municipality is None and theme is None:
        raise ValidationError(_("Choose a municipality, a theme or both."))
    alert = Alert.objects.filter(user=user, municipality=municipality, theme=theme).first()
    return alert or Alert.objects.create(user=user, municipality=municipality, theme=theme)


def alert_delete(*, user, alert_id: int) -> None:
    Alert.objects.filter(user=user, pk=alert_id).delete()  # only one's own: no IDOR


# --- the fan-out ------------------------------------------------------------------------------


def _insert_from(select_sql: str, params: list, *, ct_id: int, object_id: int, kind, data) -> int:
    """INSERT ... SELECT one notification per user id the SELECT yields, and count it in those
    users' unread number: two statements whatever the number of users. Returns that number."""
    from accounts.models import User

    json_value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql = (
        "INSERT INTO participation_notification "  # noqa: S608 (this module's SQL; values are parameters)
        "(user_id, content_type_id, object_id, kind, data, created_at) "
        f"SELECT recipients.user_id, %s, %s, %s, {json_value}, %s "
        f"FROM ({select_sql}) AS recipients"
    )
    count_sql = (
        f"UPDATE {User._meta.db_table} SET unread_notifications = unread_notifications + 1 "  # noqa: S608
        f"WHERE id IN ({select_sql})"
    )
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [ct_id, object_id, kind, json.dumps(data), now, *params])
        inserted = cursor.rowcount
        if inserted:
            cursor.execute(count_sql, params)
    return inserted


def notify_followers(*, target, kind: str, actor=None, data: dict | None = None) -> int:
    """One notification for each follower of `target` but the actor, in one statement."""
    ct_id = registry.content_type_id(type(target))
    select = (
        "SELECT user_id FROM participation_follow "
        "WHERE content_type_id = %s AND object_id = %s AND user_id <> %s"
    )
    actor_id = getattr(actor, "pk", None) or 0
    return _insert_from(
        select,
        [ct_id, target.pk, actor_id],
        ct_id=ct_id,
        object_id=target.pk,
        kind=kind,
        data=data or {},
    )


def notify_alerts(
    *, target, municipality_id: int | None, theme_id: int | None, actor=None, data=None
) -> int:
    """One notification of a new item for each user with a matching alert (several matching
    alerts still make one notification)."""
    ct_id = registry.content_type_id(type(target))
    select = (
        "SELECT DISTINCT user_id FROM participation_alert "
        "WHERE (municipality_id IS NULL OR municipality_id = %s) "
        "AND (theme_id IS NULL OR theme_id = %s) AND user_id <> %s"
    )
    actor_id = getattr(actor, "pk", None) or 0
    return _insert_from(
        select,
        [municipality_id, theme_id, actor_id],
        ct_id=ct_id,
        object_id=target.pk,
        kind=Kind.CREATED,
        data=data or {},
    )


# --- reading ----------------------------------------------------------------------------------


def unread_count(user) -> int:
    """The number in the header: a column of the user row, so it costs no query."""
    return user.unread_notifications


def unread_recount(user) -> int:
    """Count the unread notifications (one query) and correct the stored number if it drifted
    (e.g. a notification deleted with its item). The notifications page calls it."""
    from accounts.models import User

    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if count != user.unread_notifications:
        User.objects.filter(pk=user.pk).update(unread_notifications=count)
        user.unread_notifications = count
    return count


def mark_all_read(*, user) -> int:
    from accounts.models import User

    with transaction.atomic():
        marked = Notification.objects.filter(user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        User.objects.filter(pk=user.pk).update(unread_notifications=0)
    user.unread_notifications = 0
    return marked


# --- e-mail preferences -----------------------------------------------------------------------


def preferences_of(user_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """{user_id: {kind: frequency}} with the defaults filled in: one query."""
    user_ids = list(user_ids)
    result = {user_id: dict(DEFAULT_FREQUENCY) for user_id in user_ids}
    rows = EmailPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "frequency"
    )
    for user_id, kind, frequency in rows:
        result[user_id][kind] = frequency
    return result


def preference_of(user, kind: str) -> str:
    return preferences_of([user.pk])[user.pk][kind]


@transaction.atomic
def preferences_set(*, user, frequencies: dict[str, str]) -> None:
    for kind, frequency in frequencies.items():
        if kind not in Kind.values or frequency not in Frequency.values:
            raise ValidationError(_("Choose one of the offered frequencies."))
    EmailPreference.objects.bulk_create(
        [EmailPreference(user=user, kind=k, frequency=f) for k, f in frequencies.items()],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["frequency"],
    )


def unsubscribe_token(*, user_id: int, kinds: Iterable[str]) -> str:
    return signing.dumps({"u": user_id, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT)


def unsubscribe(*, token: str) -> list[str]:
    """Set the kinds a signed token names to "never". Raises signing.BadSignature."""
    from accounts.models import User

    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    user = User.objects.filter(pk=payload["u"]).first()
    kinds = [kind for kind in payload.get("k", []) if kind in Kind.values]
    if user is not None and kinds:
        preferences_set(user=user, frequencies=dict.fromkeys(kinds, Frequency.NEVER))
    return kinds
