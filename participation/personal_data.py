"""What participation holds about a person: follows, alerts, notifications, e-mail settings.
All of it is erased with the account."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register

from . import registry
from .models import Alert, DigestClaim, EmailPreference, Follow, Notification


def _target_rows(rows) -> dict:
    return registry.load_targets((row.content_type_id, row.object_id) for row in rows)


def _follows(user) -> Rows:
    follows = list(Follow.objects.filter(user=user).order_by("pk"))
    targets = _target_rows(follows)
    return [
        {
            "item": str(targets.get((f.content_type_id, f.object_id), "")),
            "kind": registry.of(targets[(f.content_type_id, f.object_id)]).name
            if (f.content_type_id, f.object_id) in targets
            else "",
            "created_at": iso(f.created_at),
        }
        for f in follows
    ]


def _alerts(user) -> Rows:
    alerts = Alert.objects.filter(user=user).select_related("municipality", "theme")
    return [
        {
            "municipality": alert.municipality.name if alert.municipality_id else None,
            "theme": alert.theme.slug if alert.theme_id else None,
            "created_at": iso(alert.created_at),
        }
        for alert in alerts.order_by("pk")
    ]


def _notifications(user) -> Rows:
    notifications = list(Notification.objects.filter(user=user).order_by("pk"))
    targets = _target_rows(notifications)
    return [
        {
            "item": str(targets.get((n.content_type_id, n.object_id), "")),
            "kind": n.kind,
            "data": n.data,
            "created_at": iso(n.created_at),
            "read_at": iso(n.read_at),
            "mailed_at": iso(n.mailed_at),
        }
        for n in notifications
    ]


def _preferences(user) -> Rows:
    preferences = EmailPreference.objects.filter(user=user).order_by("kind")
    return list(preferences.values("kind", "frequency"))


def _erase(user) -> None:
    for model in (Follow, Alert, Notification, EmailPreference, DigestClaim):
        model.objects.filter(user=user).delete()


register(
    "follows",
    title=_("What you follow"),
    description=_("The projects, guides, events and forum threads you follow."),
    fields={
        "item": _("The item's title"),
        "kind": _("project, guide, event or thread"),
        "created_at": _("Since when"),
    },
    export=_follows,
    erase=_erase,
)
register(
    "alerts",
    title=_("Alerts"),
    description=_("Your alerts for new projects in a municipality or of a theme."),
    fields={
        "municipality": _("The municipality, if any"),
        "theme": _("The theme, if any"),
        "created_at": _("Since when"),
    },
    export=_alerts,
)
register(
    "notifications",
    title=_("Notifications"),
    description=_("What happened on what you follow, as shown on your notifications page."),
    fields={
        "item": _("The item's title"),
        "kind": _("What happened"),
        "data": _("Details, e.g. the old and new status"),
        "created_at, read_at, mailed_at": _("When it happened, was read and was e-mailed"),
    },
    export=_notifications,
)
register(
    "email_preferences",
    title=_("E-mail settings"),
    description=_("How often you want e-mail about each kind of news."),
    fields={"kind": _("The kind of news"), "frequency": _("immediately, daily, weekly or never")},
    export=_preferences,
)
