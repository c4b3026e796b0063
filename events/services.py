"""Writes on events and registrations. Views, admin actions, the API and Celery tasks all call
these; none re-implements them.

Capacity is guarded by locking the event row (`select_for_update`) inside one transaction and
counting confirmed registrations under that lock, so concurrent registrations queue up on the
lock instead of overbooking. On SQLite, writes are serialised anyway.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from moderation.models import ModerationDecision
from moderation.screening import Content, blocking_reason, screen_and_decide
from moderation.services import decision_record
from participation.services import follow_own
from places.geocoding import geocode, in_denmark, municipality_at
from places.models import Municipality
from smartcity.activity import Kind, announce
from smartcity.emails import send_templated
from smartcity.enqueue import delay_on_commit
from smartcity.links import absolute_url
from smartcity.markdown import render_markdown
from smartcity.slugs import danish_slugify, unique_slug
from smartcity.text import one_line

from .models import Event, Registration

logger = logging.getLogger(__name__)
Action = ModerationDecision.Action

# Changes to these fields are news for calendar clients: each bumps the iCalendar SEQUENCE.
CALENDAR_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "is_online",
    "online_url",
    "venue_name",
    "venue_address",
)
# Changing what people read sends the event through screening again.
SCREENED_FIELDS = ("title", "description", "venue_name", "venue_address")
EDITABLE_FIELDS = (
    *CALENDAR_FIELDS,
    "kind",
    "online_url_participants_only",
    "capacity",
    "registration_deadline",
    "forum_category",
)


def _one_line_title(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Titles are one line (they go into e-mail subjects and calendar names)."""
    if isinstance(data.get("title"), str):
        return {**data, "title": one_line(data["title"])}
    return data


class RegistrationClosed(Exception):
    """Registration is not possible; str(exc) is a message for the user, translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


# --- Checks ---------------------------------------------------------------------------------


def user_can_organise(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_municipal_staff or user.is_moderator))


def user_can_manage_event(user: User, event: Event) -> bool:
    """The organiser and moderators edit, cancel and see the participants of an event."""
    if not user.is_authenticated:
        return False
    return event.organiser_id == user.pk or user.is_moderator


def check_event_times(
    *,
    starts_at: datetime | None,
    ends_at: datetime | None,
    registration_deadline: datetime | None,
    capacity: int | None,
) -> dict[str, Any]:
    """Errors by field name for times and capacity; empty when all is well."""
    errors: dict[str, Any] = {}
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if starts_at and registration_deadline and registration_deadline > starts_at:
        errors["registration_deadline"] = _(
            "The registration deadline must be before the event starts."
        )
    if capacity is not None and capacity <= 0:
        errors["capacity"] = _(
            "The capacity must be a positive number of seats. Leave it empty for no limit."
        )
    return errors


@dataclass(frozen=True)
class VenueLocation:
    lat: float
    lng: float
    municipality: Municipality | None


def venue_locate(*, address: str, lat: float | None = None, lng: float | None = None):
    """Where the venue is: the given point, else the geocoded address.

    Returns a VenueLocation, or None when there is nothing to locate. Raises ValidationError
    (on field "venue_address") when the address cannot be found or lies outside Denmark, and
    GeocoderUnavailable when an online geocoder cannot be reached (the caller saves the event
    anyway and locates it later).
    """
    if lat is None or lng is None:
        if not address.strip():
            return None
        results = geocode(address)
        if not results:
            raise ValidationError(
                {
                    "venue_address": _(
                        "We could not find this address in Denmark. Check the spelling and add the "
                        "postcode and town, or give the coordinates."
                    )
                }
            )
        best = results[0]
        if not in_denmark(best.lat, best.lng):
            raise ValidationError({"venue_address": _("The venue must be in Denmark.")})
        municipality = best.municipality or municipality_at(best.lat, best.lng)
        return VenueLocation(lat=best.lat, lng=best.lng, municipality=municipality)
    if not in_denmark(lat, lng):
        raise ValidationError({"venue_address": _("The venue must be in Denmark.")})
    return VenueLocation(lat=lat, lng=lng, municipality=municipality_at(lat, lng))


def check_event_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Errors by field name for a whole event; empty when all is well (no geocoding here)."""
    errors = check_event_times(
        starts_at=data.get("starts_at"),
        ends_at=data.get("ends_at"),
        registration_deadline=data.get("registration_deadline"),
        capacity=data.get("capacity"),
    )
    if "title" in data and not (data.get("title") or "").strip():
        errors["title"] = _("Give the event a title.")
    if data.get("is_online") and not data.get("online_url"):
        errors["online_url"] = _("Give the link to the online event.")
    if not data.get("is_online") and not (data.get("venue_address") or "").strip():
        errors["venue_address"] = _("Give the address of the venue, or mark the event as online.")
    return errors


# --- Events ---------------------------------------------------------------------------------


def _unique_slug(title: str, starts_at: datetime) -> str:
    local_date = timezone.localtime(starts_at).date().isoformat()
    return unique_slug(
        f"{danish_slugify(title, fallback='arrangement')}-{local_date}", Event.objects.all()
    )


def _apply_location(event: Event, location: "VenueLocation | None") -> None:
    if location is None:
        event.lat = event.lng = None
        event.municipality = None
    else:
        event.lat, event.lng, event.municipality = location.lat, location.lng, location.municipality


@transaction.atomic
def event_create(*, organiser: User, data: Mapping[str, Any]) -> Event:
    """Save a new event as submitted and send it through locating and screening.

    `data` holds the form's cleaned fields: EDITABLE_FIELDS plus optional `lat`/`lng` (a point
    already located by the form), `themes` and `related_projects`.
    """
    if not user_can_organise(organiser):
        raise PermissionDenied("Only verified municipal staff and moderators organise events.")
    data = _one_line_title(data)
    errors = check_event_data(data)
    if errors:
        raise ValidationError(errors)
    event = Event(
        **{name: data.get(name) for name in EDITABLE_FIELDS if name in data},
        slug=_unique_slug(data["title"], data["starts_at"]),
        organiser=organiser,
        organiser_municipality=organiser.municipality,
        state=Event.State.SUBMITTED,
    )
    event.description_html = render_markdown(event.description)
    event.lat, event.lng = data.get("lat"), data.get("lng")
    event.municipality = _municipality_of(event.lat, event.lng)
    event.save()
    event.themes.set(data.get("themes") or [])
    event.related_projects.set(data.get("related_projects") or [])
    follow_own(user=organiser, target=event)  # organisers follow their own events
    _enqueue_processing(event)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User, data: Mapping[str, Any]) -> Event:
    """Change an event. Calendar-relevant changes bump SEQUENCE; changed text is screened again;
    a larger capacity promotes people from the waiting list."""
    if not user_can_manage_event(by, event):
        raise PermissionDenied("Only the organiser and moderators edit an event.")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.state == Event.State.CANCELLED:
        # A cancelled event stays public and is never screened again: its text is final.
        raise ValidationError(_("The event is already cancelled."))
    data = _one_line_title(data)
    merged = {name: getattr(event, name) for name in EDITABLE_FIELDS} | dict(data)
    errors = check_event_data(merged)
    if errors:
        raise ValidationError(errors)
    changed = [
        name for name in EDITABLE_FIELDS if name in data and getattr(event, name) != data[name]
    ]
    was_public = event.state == Event.State.PUBLISHED
    for name in changed:
        setattr(event, name, data[name])
    update_fields = list(changed)
    if "description" in changed:
        event.description_html = render_markdown(event.description)
        update_fields.append("description_html")
    if {"venue_name", "venue_address"} & set(changed) or (
        "lat" in data and (data["lat"], data.get("lng")) != (event.lat, event.lng)
    ):
        event.lat, event.lng = data.get("lat"), data.get("lng")
        event.municipality = _municipality_of(event.lat, event.lng)
        update_fields += ["lat", "lng", "municipality"]
    if any(name in CALENDAR_FIELDS for name in changed):
        event.sequence += 1
        update_fields.append("sequence")
    rescreen = any(name in SCREENED_FIELDS for name in changed) and event.state in (
        Event.State.PUBLISHED,
        Event.State.NEEDS_REVIEW,
    )
    if event.state == Event.State.REJECTED and changed:
        # A rejection is a moderator's call: an edited event goes back to a moderator rather
        # than through automatic screening.
        event.state = Event.State.NEEDS_REVIEW
        update_fields.append("state")
        decision_record(obj=event, action=Action.REVIEW, actor=by, note="edited")
    elif rescreen or (event.has_venue and event.lat is None):
        if rescreen:
            event.state = Event.State.SUBMITTED
            update_fields.append("state")
        _enqueue_processing(event)
    event.save(update_fields=[*dict.fromkeys(update_fields), "updated_at"])
    if "themes" in data:
        event.themes.set(data["themes"])
    if "related_projects" in data:
        event.related_projects.set(data["related_projects"])
    if "capacity" in changed:
        _promote_from_waiting_list(event)
    if was_public and changed:
        announce(event, Kind.CHANGED, actor=by, fields=changed)
    return event


def _municipality_of(lat: float | None, lng: float | None) -> Municipality | None:
    if lat is None or lng is None:
        return None
    return municipality_at(lat, lng)


def _enqueue_processing(event: Event) -> None:
    from .tasks import process_event

    delay_on_commit(process_event, event.pk)


def event_locate(*, event: Event) -> bool:
    """Geocode the venue if it has no coordinates yet. Returns whether the event is located
    (or needs no location). Raises GeocoderUnavailable for the task to retry."""
    if event.lat is not None and event.lng is not None:
        if event.municipality_id is None and in_denmark(event.lat, event.lng):
            event.municipality = municipality_at(event.lat, event.lng)
            event.save(update_fields=["municipality"])
        return True
    if not event.venue_address.strip():
        return True
    try:
        location = venue_locate(address=event.venue_address)
    except ValidationError:
        return False  # found nowhere, or abroad: a moderator has to look at it
    _apply_location(event, location)
    event.save(update_fields=["lat", "lng", "municipality"])
    return True


def _duplicate_candidates(event: Event) -> list[tuple[str, str]]:
    """Other events around the same days: the same event submitted twice looks like these."""
    window = timedelta(days=3)
    others = (
        Event.objects.exclude(pk=event.pk)
        .exclude(state__in=[Event.State.REJECTED, Event.State.DRAFT])
        .filter(starts_at__gte=event.starts_at - window, starts_at__lte=event.starts_at + window)
        .values_list("title", "description")[:50]
    )
    return [(title, f"{title}\n{description}") for title, description in others]


def event_screen(*, event: Event, located: bool = True) -> Event:
    """Screen a submitted event and publish it, put it in front of a moderator, or reject it.
    Does nothing to events that are not waiting for screening (idempotent)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.state != Event.State.SUBMITTED:
            return event
        content = Content(
            kind="event",
            texts={
                "title": event.title,
                "body": event.description,
                "venue": event.location_text,
            },
            author=event.organiser,
            lat=event.lat,
            lng=event.lng,
            in_denmark=in_denmark(event.lat, event.lng) if event.lat is not None else None,
            duplicates_of=_duplicate_candidates(event),
        )
        not_located = blocking_reason(
            "geocoding.failed", _("The venue address could not be located.")
        )
        result, verdict = screen_and_decide(
            content=content,
            own_items=Event.objects.filter(organiser_id=event.organiser_id).exclude(pk=event.pk),
            published=Q(state=Event.State.PUBLISHED),
            recent_since=timezone.now()
            - timedelta(hours=settings.MODERATION_VELOCITY_WINDOW_HOURS),
            extra_reasons=() if located else [not_located],
        )
        event.screening_score = result.score
        event.screening_reasons = result.as_json()
        event.state = verdict.state
        if event.state == Event.State.PUBLISHED and event.published_at is None:
            event.published_at = timezone.now()
        event.save(
            update_fields=[
                "state",
                "screening_score",
                "screening_reasons",
                "published_at",
                "updated_at",
            ]
        )
        decision_record(obj=event, action=Action(verdict), reasons=result)
    return event


def event_publish(*, event: Event, by: User, note: str = "") -> Event:
    """A moderator publishes an event that waited for review."""
    with transaction.atomic():
        event.state = Event.State.PUBLISHED
        event.rejection_reason = ""
        event.published_at = event.published_at or timezone.now()
        event.save(update_fields=["state", "rejection_reason", "published_at", "updated_at"])
        decision_record(obj=event, action=Action.PUBLISH, actor=by, note=note)
    return event


def event_reject(*, event: Event, by: User, reason: str) -> Event:
    """A moderator rejects an event: hidden, never deleted; the organiser is told why."""
    from .tasks import send_event_rejected_email

    with transaction.atomic():
        event.state = Event.State.REJECTED
        event.rejection_reason = reason
        event.save(update_fields=["state", "rejection_reason", "updated_at"])
        decision_record(obj=event, action=Action.REJECT, actor=by, note=reason)
        delay_on_commit(send_event_rejected_email, event.pk)
    return event


def event_cancel(*, event: Event, by: User, reason: str = "") -> Event:
    """Cancel an event: it stays visible (and in calendar feeds) as cancelled, SEQUENCE goes
    up, and everyone registered or waiting is e-mailed."""
    from .tasks import send_cancellation_emails

    if not user_can_manage_event(by, event):
        raise PermissionDenied("Only the organiser and moderators cancel an event.")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.state == Event.State.CANCELLED:
            return event
        event.state = Event.State.CANCELLED
        event.cancelled_at = timezone.now()
        event.cancellation_reason = reason.strip()
        event.sequence += 1
        event.save(
            update_fields=[
                "state",
                "cancelled_at",
                "cancellation_reason",
                "sequence",
                "updated_at",
            ]
        )
        decision_record(obj=event, action=Action.CANCEL, actor=by, note=event.cancellation_reason)
        delay_on_commit(send_cancellation_emails, event.pk)
        announce(event, Kind.CANCELLED, actor=by)
    return event


# --- Registration ---------------------------------------------------------------------------


def registration_closed_reason(event: Event, now: datetime | None = None):
    """Why nobody can register now (a translated message), or None when registration is open."""
    now = now or timezone.now()
    if event.state == Event.State.CANCELLED:
        return _("The event has been cancelled.")
    if event.state != Event.State.PUBLISHED:
        return _("The event is not open for registration.")
    if event.starts_at <= now:
        return _("The event has already started.")
    if event.registration_deadline and event.registration_deadline < now:
        local = timezone.localtime(event.registration_deadline)
        return _("Registration closed on %(date)s.") % {
            "date": date_format(local, "DATETIME_FORMAT")
        }
    return None


def registration_create(*, event: Event, user: User) -> Registration:
    """Register the user: a confirmed seat while there is one, else a place on the waiting list.
    Registering twice returns the existing registration. Raises RegistrationClosed."""
    from .tasks import send_registration_email

    with transaction.atomic():
        # The lock serialises registrations for this event: the count below stays true until
        # this transaction commits, and the time taken under it orders the waiting list.
        event = Event.objects.select_for_update().get(pk=event.pk)
        now = timezone.now()
        reason = registration_closed_reason(event, now)
        if reason:
            raise RegistrationClosed(reason)
        registration = Registration.objects.filter(event=event, user=user).first()
        if registration and registration.status != Registration.Status.CANCELLED:
            return registration
        confirmed = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        has_seat = event.capacity is None or confirmed < event.capacity
        status = Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITING
        if registration is None:
            registration = Registration(event=event, user=user)
        registration.status = status
        registration.queued_at = now
        registration.confirmed_at = now if has_seat else None
        registration.cancelled_at = None
        registration.reminder_sent_at = None
        registration.save()
        delay_on_commit(send_registration_email, registration.pk)
    return registration


def registration_cancel(*, event: Event, user: User) -> Registration | None:
    """Cancel the user's registration (or waiting-list place). A freed seat goes to the first
    on the waiting list, who is e-mailed."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.filter(event=event, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            return None
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if was_confirmed:
            _promote_from_waiting_list(event)
    return registration


def _promote_from_waiting_list(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, in order. The caller holds the event row lock."""
    from .tasks import send_promotion_email

    if event.state != Event.State.PUBLISHED or event.starts_at <= timezone.now():
        return []
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITING)
    if event.capacity is None:
        promoted = list(waiting)
    else:
        confirmed = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        free = event.capacity - confirmed
        promoted = list(waiting.order_by("queued_at", "pk")[:free]) if free > 0 else []
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        delay_on_commit(send_promotion_email, registration.pk)
    return promoted


# --- E-mail ---------------------------------------------------------------------------------


def _event_url(event: Event) -> str:
    return absolute_url(event.get_absolute_url())


def _send(*, to: User, template: str, context: dict[str, Any]) -> None:
    send_templated(to, f"events/email/{template}", context)


def registration_notify(*, registration: Registration, template: str) -> None:
    """E-mail one participant about their registration ("registered", "promoted")."""
    event = registration.event
    _send(
        to=registration.user,
        template=template,
        context={"event": event, "registration": registration, "event_url": _event_url(event)},
    )


def event_notify_cancelled(*, event: Event) -> int:
    """E-mail everyone registered or waiting that the event is cancelled. Returns the count."""
    registrations = event.registrations.exclude(
        status=Registration.Status.CANCELLED
    ).select_related("user")
    for registration in registrations:
        _send(
            to=registration.user,
            template="cancelled",
            context={"event": event, "event_url": _event_url(event)},
        )
    return len(registrations)


def event_notify_rejected(*, event: Event) -> None:
    if event.organiser is None:
        return
    _send(
        to=event.organiser,
        template="rejected",
        context={"event": event, "event_url": _event_url(event)},
    )


def reminders_send_due(*, now: datetime | None = None) -> int:
    """E-mail a reminder to every confirmed participant of an event that starts within the
    reminder lead time. Each registration is claimed with an atomic UPDATE ... WHERE
    reminder_sent_at IS NULL, so two beat runs or two workers never send the same reminder
    twice. Returns how many reminders were sent."""
    now = now or timezone.now()
    lead = timedelta(hours=settings.EVENTS_REMINDER_HOURS)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__state=Event.State.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + lead,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue  # another run got there first
        registration = Registration.objects.select_related("event", "user").get(pk=pk)
        try:
            registration_notify(registration=registration, template="reminder")
        except Exception:
            # Give the claim back so that the next run tries again.
            Registration.objects.filter(pk=pk).update(reminder_sent_at=None)
            logger.exception("Reminder for registration %s failed", pk)
            continue
        sent += 1
    return sent
