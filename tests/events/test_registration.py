from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Registration
from events.services import RegistrationClosed, registration_cancel, registration_create
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """E-mails are sent by tasks enqueued on commit; `with committing():` runs them as a real
    commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_citizen_gets_a_seat_while_there_is_one(small_event, alice, committing):
    with committing():
        registration = registration_create(event=small_event, user=alice)
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].to == ["alice@example.com"]
    assert "Workshop om gadelys" in mail.outbox[-1].subject


def test_registering_twice_keeps_one_registration(small_event, alice):
    first = registration_create(event=small_event, user=alice)
    second = registration_create(event=small_event, user=alice)
    assert first.pk == second.pk
    assert Registration.objects.filter(event=small_event).count() == 1


def test_when_the_event_is_full_people_join_the_waiting_list_in_order(
    small_event, alice, bob, carol, moderator
):
    registration_create(event=small_event, user=alice)
    registration_create(event=small_event, user=bob)
    carols = registration_create(event=small_event, user=carol)
    mods = registration_create(event=small_event, user=moderator)
    assert carols.status == mods.status == Registration.Status.WAITING
    confirmed = Registration.objects.filter(event=small_event, status="confirmed").count()
    assert confirmed == small_event.capacity


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list_who_is_emailed(
    small_event, alice, bob, carol, moderator, committing
):
    for user in (alice, bob, carol, moderator):
        registration_create(event=small_event, user=user)

    with committing():
        registration_cancel(event=small_event, user=alice)

    statuses = dict(
        Registration.objects.filter(event=small_event).values_list("user__email", "status")
    )
    assert statuses == {
        "alice@example.com": "cancelled",
        "bob@example.com": "confirmed",
        "carol@example.com": "confirmed",
        "mod@example.com": "waiting",
    }
    assert [m.to for m in mail.outbox] == [["carol@example.com"]]
    assert "Workshop om gadelys" in mail.outbox[0].subject


def test_leaving_the_waiting_list_promotes_nobody(small_event, alice, bob, carol, moderator):
    for user in (alice, bob, carol, moderator):
        registration_create(event=small_event, user=user)
    registration_cancel(event=small_event, user=carol)
    assert Registration.objects.get(user=moderator).status == "waiting"


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(
    small_event, alice, bob, carol, moderator
):
    for user in (alice, bob, carol):
        registration_create(event=small_event, user=user)
    registration_cancel(event=small_event, user=bob)  # carol moves up
    registration_create(event=small_event, user=moderator)  # waits
    again = registration_create(event=small_event, user=bob)
    assert again.status == "waiting"
    waiting = Registration.objects.filter(event=small_event, status="waiting").order_by(
        "queued_at", "pk"
    )
    assert [r.user.email for r in waiting] == ["mod@example.com", "bob@example.com"]


def test_registration_closes_at_the_deadline(alice):
    event = EventFactory(registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RegistrationClosed, match="Tilmeldingen lukkede"):
        registration_create(event=event, user=alice)
    assert not Registration.objects.exists()


def test_nobody_registers_for_a_cancelled_or_unpublished_event(alice):
    for state in ("cancelled", "needs_review", "draft", "rejected"):
        with pytest.raises(RegistrationClosed):
            registration_create(event=EventFactory(state=state), user=alice)


def test_an_event_without_capacity_has_room_for_everyone(alice, bob):
    event = EventFactory(capacity=None)
    assert registration_create(event=event, user=alice).status == "confirmed"
    assert registration_create(event=event, user=bob).status == "confirmed"


def test_the_register_button_registers_and_the_page_says_so(client, small_event, alice):
    client.force_login(alice)
    response = client.post(f"/events/{small_event.slug}/register/", follow=True)
    assert response.status_code == 200
    assert "Du er tilmeldt" in response.content.decode()
    assert Registration.objects.get(user=alice).status == "confirmed"


def test_registration_after_the_deadline_shows_a_clear_message(client, alice):
    event = EventFactory(registration_deadline=timezone.now() - timedelta(hours=1))
    client.force_login(alice)
    response = client.post(f"/events/{event.slug}/register/", follow=True)
    page = response.content.decode()
    assert "Tilmeldingen lukkede" in page
    assert not Registration.objects.exists()


def test_signing_in_is_needed_to_register(client, small_event):
    response = client.post(f"/events/{small_event.slug}/register/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_the_email_comes_in_the_language_the_person_chose(small_event, alice, committing):
    alice.language = "en"
    alice.save(update_fields=["language"])
    with committing():
        registration_create(event=small_event, user=alice)
    assert mail.outbox[-1].subject.endswith("You are registered: Workshop om gadelys")
    assert "You are registered for this event" in mail.outbox[-1].body
