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
        admin_client.post(
            "/admin/events/event/",
            {"action": "reject_events", "_selected_action": [event.pk]},
        )
    event.refresh_from_db()
    assert event.state == Event.State.REJECTED
    assert ModerationDecision.objects.get(object_id=event.pk).action == "reject"
    assert mail.outbox[-1].to == ["trafik@aarhus.dk"]
