"""Celery tasks for events: thin wrappers that load a row and call a service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from places.geocoding import GeocoderUnavailable
from smartcity.enqueue import send_now

from . import services
from .models import Event, Registration

# A submitted event still waiting after this long lost its task (broker or worker trouble).
SWEEP_AFTER = timedelta(minutes=10)


@shared_task(bind=True, acks_late=True, max_retries=5, ignore_result=True)
def process_event(self, event_id: int) -> None:
    """Locate the venue, then screen the event (each step idempotent)."""
    event = Event.objects.filter(pk=event_id, state=Event.State.SUBMITTED).first()
    if event is None:
        return
    try:
        located = services.event_locate(event=event)
    except GeocoderUnavailable as exc:
        # Run eagerly (no broker), a retry would block the request: a moderator places the
        # venue instead. With a worker, back off and try again a few times first.
        if not self.request.is_eager and self.request.retries < self.max_retries:
            countdown = exc.retry_after or 30 * 2**self.request.retries
            raise self.retry(exc=exc, countdown=countdown) from exc
        located = False
    services.event_screen(event=event, located=located)


@shared_task(ignore_result=True)
def sweep_submitted_events() -> int:
    """Beat: re-enqueue events stuck in `submitted` (their task was lost)."""
    stuck = Event.objects.filter(
        state=Event.State.SUBMITTED, updated_at__lt=timezone.now() - SWEEP_AFTER
    ).values_list("pk", flat=True)
    for pk in stuck:
        send_now(process_event, pk)
    return len(stuck)


@shared_task(acks_late=True, ignore_result=True)
def send_event_reminders() -> int:
    """Beat: the day-before reminders; safe to run twice (each one is claimed atomically)."""
    return services.reminders_send_due()


@shared_task(acks_late=True, ignore_result=True)
def send_registration_email(registration_id: int) -> None:
    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    template = "registered" if registration.status == Registration.Status.CONFIRMED else "waiting"
    services.registration_notify(registration=registration, template=template)


@shared_task(acks_late=True, ignore_result=True)
def send_promotion_email(registration_id: int) -> None:
    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    if registration.status == Registration.Status.CONFIRMED:
        services.registration_notify(registration=registration, template="promoted")


@shared_task(acks_late=True, ignore_result=True)
def send_cancellation_emails(event_id: int) -> None:
    services.event_notify_cancelled(event=Event.objects.get(pk=event_id))


@shared_task(acks_late=True, ignore_result=True)
def send_event_rejected_email(event_id: int) -> None:
    services.event_notify_rejected(event=Event.objects.select_related("organiser").get(pk=event_id))
