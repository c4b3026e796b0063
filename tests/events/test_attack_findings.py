"""What an outside attack run found in events (issue 18)."""

import icalendar
import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from events.services import event_cancel, event_update
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _calendar(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def test_a_line_break_in_an_event_title_is_a_space_and_its_calendar_answers(
    client, staff_user, django_capture_on_commit_callbacks
):
    event = EventFactory(organiser=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, by=staff_user, data={"title": "Datadag\r\ni Aarhus\x01"})
    event.refresh_from_db()
    assert event.title == "Datadag i Aarhus"

    calendar = _calendar(client, f"/api/v1/events/{event.slug}/ics/")
    assert str(calendar["X-WR-CALNAME"]) == "Datadag i Aarhus"


def test_a_title_saved_with_a_line_break_before_the_fix_still_gives_a_calendar(client):
    event = EventFactory(
        title="Datadag\ni Aarhus", description="Linje et\x01\nlinje to", venue_name="Sal\x02 A"
    )

    calendar = _calendar(client, f"/api/v1/events/{event.slug}/ics/")
    assert str(calendar["X-WR-CALNAME"]) == "Datadag i Aarhus"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Datadag\ni Aarhus"  # escaped, as RFC 5545 allows
    assert "\x01" not in str(vevent["DESCRIPTION"]) and "\x02" not in str(vevent["LOCATION"])
    assert _calendar(client, "/api/v1/events/ics/").walk("VEVENT")


def test_a_cancelled_event_cannot_be_changed_past_the_screening(staff_user):
    """A cancelled event stays public and is never screened again, so its text is final."""
    event = EventFactory(organiser=staff_user)
    event_cancel(event=event, by=staff_user)

    with pytest.raises(ValidationError):
        event_update(event=event, by=staff_user, data={"title": "Gratis casino og viagra"})

    event.refresh_from_db()
    assert event.title != "Gratis casino og viagra"


def test_editing_a_published_event_into_spam_does_not_stay_public(
    staff_user, django_capture_on_commit_callbacks
):
    event = EventFactory(organiser=staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        event_update(
            event=event,
            by=staff_user,
            data={"description": "Gratis casino og viagra! Ring 22 33 44 55, CPR 010203-1234."},
        )

    event.refresh_from_db()
    assert event.state in (Event.State.NEEDS_REVIEW, Event.State.REJECTED)


def test_a_title_of_control_characters_is_refused_not_saved_empty(staff_user):
    event = EventFactory(organiser=staff_user, title="Datadag")

    with pytest.raises(ValidationError) as caught:
        event_update(event=event, by=staff_user, data={"title": "\x01\x02\n"})

    assert "title" in caught.value.message_dict
    event.refresh_from_db()
    assert event.title == "Datadag"
