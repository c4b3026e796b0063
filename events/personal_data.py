"""Events' part of the data export and account deletion (see accounts/personal_data.py).

On deletion a place at a coming event is cancelled (the first on the waiting list moves up),
then the person's registrations are deleted; events they organised stay, with no organiser."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register

from .models import Event, Registration
from .services import registration_cancel


def _registrations(user) -> Rows:
    registrations = Registration.objects.filter(user=user).select_related("event")
    return [
        {
            "event": registration.event.title,
            "url": registration.event.get_absolute_url(),
            "starts_at": iso(registration.event.starts_at),
            "status": registration.status,
            "queued_at": iso(registration.queued_at),
            "confirmed_at": iso(registration.confirmed_at),
            "cancelled_at": iso(registration.cancelled_at),
        }
        for registration in registrations.order_by("pk")
    ]


def _organised(user) -> Rows:
    return [
        {
            "title": event.title,
            "url": event.get_absolute_url(),
            "state": event.state,
            "starts_at": iso(event.starts_at),
            "description": event.description,
        }
        for event in Event.objects.filter(organiser=user).order_by("pk")
    ]


def _erase(user) -> None:
    coming = (
        Registration.objects.filter(user=user, event__starts_at__gt=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
    )
    for registration in coming:
        registration_cancel(event=registration.event, user=user)
    Registration.objects.filter(user=user).delete()
    Event.objects.filter(organiser=user).update(organiser=None)


register(
    "event_registrations",
    title=_("Event registrations"),
    description=_("The events you registered for."),
    fields={
        "event": _("The event's title"),
        "url": _("Its address on the site"),
        "starts_at": _("When it starts"),
        "status": _("confirmed, waiting or cancelled"),
        "queued_at, confirmed_at, cancelled_at": _("When you registered, got a seat, cancelled"),
    },
    export=_registrations,
    erase=_erase,
)
register(
    "events_organised",
    title=_("Events organised"),
    description=_("The events you created."),
    fields={
        "title": _("Title"),
        "url": _("Its address on the site"),
        "state": _("published, needs_review, cancelled …"),
        "starts_at": _("When it starts"),
        "description": _("What you wrote"),
    },
    export=_organised,
)
