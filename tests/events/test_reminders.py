from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Registration
from events.services import registration_cancel, registration_create, reminders_send_due
from events.tasks import send_event_reminders
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow_event(alice, bob, carol):
    """Starts in 20 hours; Alice and Bob are registered, Carol waits."""
    event = EventFactory(
        title="Netværksmøde om gadelys",
        capacity=2,
        starts_at=timezone.now() + timedelta(hours=20),
        ends_at=timezone.now() + timedelta(hours=23),
    )
    for user in (alice, bob, carol):
        registration_create(event=event, user=user)
    return event


def test_participants_get_one_reminder_the_day_before(tomorrow_event):
    mail.outbox.clear()
    assert reminders_send_due() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]
    assert "Netværksmøde om gadelys" in mail.outbox[0].subject
    assert "Påmindelse" in mail.outbox[0].subject


def test_beat_running_twice_sends_each_reminder_once(tomorrow_event):
    mail.outbox.clear()
    send_event_reminders.delay()
    send_event_reminders.delay()
    assert len(mail.outbox) == 2
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 2


def test_events_further_ahead_get_no_reminder_yet(alice):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    registration_create(event=event, user=alice)
    mail.outbox.clear()
    assert reminders_send_due() == 0
    assert mail.outbox == []
    assert reminders_send_due(now=timezone.now() + timedelta(days=2, hours=1)) == 1


def test_cancelled_registrations_and_events_get_no_reminder(tomorrow_event, alice, staff_user):
    from events.services import event_cancel

    registration_cancel(event=tomorrow_event, user=alice)  # Carol gets the seat
    mail.outbox.clear()
    tomorrow_event.organiser = staff_user
    event_cancel(event=tomorrow_event, by=staff_user)
    assert reminders_send_due() == 0


def test_a_failed_send_is_given_back_and_tried_on_the_next_run(tomorrow_event, settings):
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "tests.events.failing_mail.Backend"
    assert reminders_send_due() == 0
    assert not Registration.objects.filter(reminder_sent_at__isnull=False).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send_due() == 2
