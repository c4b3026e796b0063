import pytest
from django.core import mail

from events.models import Event
from moderation.models import ModerationDecision
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client


def test_moderators_see_events_and_their_decision_history(admin_client, staff_user):
    event = EventFactory(state="needs_review", organiser=staff_user)
    assert admin_client.get("/admin/events/event/").status_code == 200
    assert admin_client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/events/registration/").status_code == 200


def test_publishing_from_admin_records_the_moderators_decision(admin_client, moderator):
    event = EventFactory(state="needs_review")
    admin_client.post(
        "/admin/events/event/",
        {"action": "publish_events", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED
    decision = ModerationDecision.objects.get(object_id=event.pk)
    assert (decision.action, decision.actor) == ("publish", moderator)


def test_rejecting_from_admin_tells_the_organiser(
    admin_client, staff_user, django_capture_on_commit_callbacks
):
    event = EventFactory(state="needs_review", organiser=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(  # the reason page, answered
            "/admin/events/event/",
            {
                "action": "reject_events",
                "_selected_action": [event.pk],
                "apply": "1",
                "reason": "Arrangementet er ikke offentligt.",
            },
        )
    event.refresh_from_db()
    assert event.state == Event.State.REJECTED
    assert ModerationDecision.objects.get(object_id=event.pk).action == "reject"
    assert mail.outbox[-1].to == ["trafik@aarhus.dk"]


def test_rejecting_from_admin_asks_for_a_reason_first(admin_client):
    event = EventFactory(state="needs_review")
    page = admin_client.post(
        "/admin/events/event/", {"action": "reject_events", "_selected_action": [event.pk]}
    ).content.decode()
    assert "Begrundelse, der sendes til forfatteren" in page
    event.refresh_from_db()
    assert event.state == Event.State.NEEDS_REVIEW
    assert not ModerationDecision.objects.exists()


def test_an_admin_edit_renders_bumps_the_sequence_and_keeps_the_state(admin_client, staff_user):
    event = EventFactory(state="published", description="Gammel tekst", organiser=staff_user)
    form = admin_client.get(f"/admin/events/event/{event.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        description="Ny **tekst**",
        state="rejected",  # read-only: a state changes only through an action, with a record
        starts_at_0=event.starts_at.strftime("%Y-%m-%d"),
        starts_at_1=event.starts_at.strftime("%H:%M:%S"),
        ends_at_0=event.ends_at.strftime("%Y-%m-%d"),
        ends_at_1=event.ends_at.strftime("%H:%M:%S"),
        **{
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
            "moderation-moderationdecision-content_type-object_id-TOTAL_FORMS": "0",
            "moderation-moderationdecision-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    response = admin_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert "<strong>tekst</strong>" in event.description_html
    assert event.sequence == 1  # calendar clients see the change
    assert event.state != Event.State.REJECTED
