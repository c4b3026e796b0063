from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event, Registration
from events.services import event_cancel, event_update, registration_create
from moderation.models import ModerationDecision
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NEXT_MONTH = timezone.localtime() + timedelta(days=30)


def _form(**overrides):
    start = NEXT_MONTH.replace(hour=9, minute=30, second=0, microsecond=0)
    data = {
        "title": "Introduktionsseminar om åbne data",
        "kind": "intro_seminar",
        "description": "Hvad er åbne data, og hvordan kommer kommunen i gang? Oplæg og cases.",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
        "registration_deadline": (start - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "40",
        "venue_name": "Dokk1",
        "venue_address": "Hack Kampmanns Plads 2, 8000 Aarhus C",
        "online_url_participants_only": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_staff_create_an_event_that_is_located_screened_and_published(
    client, staff_user, aarhus, committing
):
    client.force_login(staff_user)
    with committing():
        response = client.post("/events/new/", _form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.state == Event.State.PUBLISHED
    assert event.municipality == aarhus
    assert event.organiser == staff_user
    assert event.organiser_municipality == aarhus
    assert 55 < event.lat < 58 and 8 < event.lng < 13
    assert event.slug.startswith("introduktionsseminar-om-aabne-data-")
    assert "<p>Hvad er åbne data" in event.description_html
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "09:30"
    decision = ModerationDecision.objects.get(object_id=event.pk)
    assert decision.action == "publish"
    assert decision.actor is None


def test_an_event_with_personal_data_waits_for_a_moderator(client, staff_user, committing):
    client.force_login(staff_user)
    with committing():
        client.post(
            "/events/new/",
            _form(description="Tilmelding hos Jens på 12 34 56 78 eller cpr 010203-1234."),
        )
    event = Event.objects.get()
    assert event.state == Event.State.NEEDS_REVIEW
    assert ModerationDecision.objects.get(object_id=event.pk).action == "review"
    assert event.screening_reasons


def test_a_citizen_may_not_create_events(client, alice):
    client.force_login(alice)
    assert client.get("/events/new/").status_code == 403
    assert client.post("/events/new/", _form()).status_code == 403
    assert not Event.objects.exists()


BAD_INPUT = [
    (
        "end before start",
        {"ends_at": (NEXT_MONTH - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
        "Arrangementet skal slutte, efter det begynder.",
        "The event must end after it starts.",
    ),
    (
        "deadline after start",
        {"registration_deadline": (NEXT_MONTH + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
        "Tilmeldingsfristen skal ligge før arrangementet begynder.",
        "The registration deadline must be before the event starts.",
    ),
    (
        "negative capacity",
        {"capacity": "-5"},
        "Antal pladser skal være et positivt tal. Lad feltet stå tomt, hvis der ikke er nogen "
        "grænse.",
        "The capacity must be a positive number of seats. Leave it empty for no limit.",
    ),
    (
        "venue outside Denmark",
        {"venue_address": "Alexanderplatz 1, Berlin", "lat": "52.5219", "lng": "13.4132"},
        "Mødestedet skal ligge i Danmark.",
        "The venue must be in Denmark.",
    ),
]


@pytest.mark.parametrize(
    ("case", "overrides", "danish", "english"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_a_clear_error_in_danish_and_english_and_saves_nothing(
    client, staff_user, case, overrides, danish, english
):
    client.force_login(staff_user)
    response = client.post("/events/new/", _form(**overrides))
    assert response.status_code == 200
    assert danish in response.content.decode()

    client.cookies["django_language"] = "en"
    response = client.post("/events/new/", _form(**overrides))
    assert english in response.content.decode()
    assert not Event.objects.exists()


def test_an_address_nobody_can_find_is_a_clear_error(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/events/new/", _form(venue_address="Xyzzy-vej 99, Narnia"))
    assert "Vi kunne ikke finde adressen i Danmark" in response.content.decode()
    assert not Event.objects.exists()


def test_an_online_event_needs_its_link_but_no_venue(client, staff_user, committing):
    client.force_login(staff_user)
    response = client.post("/events/new/", _form(venue_name="", venue_address="", is_online="on"))
    assert "Angiv linket til det online arrangement." in response.content.decode()
    with committing():
        client.post(
            "/events/new/",
            _form(
                kind="webinar",
                venue_name="",
                venue_address="",
                is_online="on",
                online_url="https://meet.example.com/abc",
            ),
        )
    event = Event.objects.get()
    assert event.is_online and event.lat is None and event.state == "published"


def test_changing_the_time_bumps_the_sequence_but_changing_capacity_does_not(staff_user):
    event = EventFactory(organiser=staff_user)
    event_update(event=event, by=staff_user, data={"capacity": 30})
    event.refresh_from_db()
    assert event.sequence == 0
    event_update(
        event=event, by=staff_user, data={"starts_at": event.starts_at + timedelta(hours=1)}
    )
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_larger_capacity_promotes_people_from_the_waiting_list(staff_user, alice, bob):
    event = EventFactory(organiser=staff_user, capacity=1)
    registration_create(event=event, user=alice)
    registration_create(event=event, user=bob)
    event_update(event=event, by=staff_user, data={"capacity": 2})
    assert Registration.objects.get(user=bob).status == "confirmed"


def test_only_the_organiser_and_moderators_edit_an_event(client, staff_user, alice, moderator):
    event = EventFactory(organiser=staff_user)
    client.force_login(alice)
    assert client.get(f"/events/{event.slug}/edit/").status_code == 403
    client.force_login(moderator)
    assert client.get(f"/events/{event.slug}/edit/").status_code == 200


def test_editing_through_the_form_keeps_the_venue_and_saves_the_change(
    client, staff_user, committing
):
    client.force_login(staff_user)
    with committing():
        client.post("/events/new/", _form())
    event = Event.objects.get()
    lat = event.lat
    with committing():
        response = client.post(
            f"/events/{event.slug}/edit/", _form(title="Introduktionsseminar om åbne data 2")
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Introduktionsseminar om åbne data 2"
    assert event.lat == lat
    assert event.sequence == 1
    assert event.state == "published"


def test_cancelling_emails_everyone_registered_or_waiting(
    client, staff_user, alice, bob, carol, committing
):
    event = EventFactory(organiser=staff_user, capacity=2)
    for user in (alice, bob, carol):
        registration_create(event=event, user=user)
    client.force_login(staff_user)
    with committing():
        response = client.post(f"/events/{event.slug}/cancel/", {"reason": "Taleren er syg."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == Event.State.CANCELLED
    assert event.sequence == 1
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["alice@example.com", "bob@example.com", "carol@example.com"]
    assert "Taleren er syg." in mail.outbox[0].body
    assert "Aflyst" in mail.outbox[0].subject


def test_someone_else_cannot_cancel_an_event(client, alice):
    event = EventFactory()
    client.force_login(alice)
    assert client.post(f"/events/{event.slug}/cancel/").status_code == 403
    event.refresh_from_db()
    assert event.state == "published"


def test_a_cancelled_event_is_still_shown_as_cancelled(client, staff_user):
    event = EventFactory(organiser=staff_user)
    event_cancel(event=event, by=staff_user, reason="Aflyst pga. sne.")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Arrangementet er aflyst." in page
    assert "Aflyst pga. sne." in page


def test_an_unreachable_geocoder_loses_nothing_and_a_moderator_places_the_venue(
    client, staff_user, committing, settings
):
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_URL = "http://127.0.0.1:9/"  # nothing listens here
    settings.GEOCODER_USER_AGENT = "smartcity-tests"
    settings.GEOCODER_MIN_INTERVAL = 0
    settings.GEOCODER_TIMEOUT = 1
    client.force_login(staff_user)
    with committing():
        response = client.post("/events/new/", _form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.venue_address == "Hack Kampmanns Plads 2, 8000 Aarhus C"
    assert event.lat is None
    assert event.state == Event.State.NEEDS_REVIEW
    assert "geocoding.failed" in [reason["code"] for reason in event.screening_reasons]
