"""Links that led nowhere."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.ico"
    assert 'rel="icon" href="/static/favicon.ico"' in client.get("/").content.decode()


def test_the_organiser_gets_the_calendar_file_of_a_pending_event(client, staff_user):
    event = EventFactory(organiser=staff_user, state="pending", slug="afventer")
    ics_url = reverse("api:events-detail-ics", args=[event.slug])
    client.force_login(staff_user)
    assert ics_url in client.get(event.get_absolute_url()).content.decode()
    response = client.get(ics_url)
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in response.content


def test_a_pending_events_calendar_file_stays_hidden_from_others(client, staff_user, alice):
    event = EventFactory(organiser=staff_user, state="pending", slug="afventer")
    ics_url = reverse("api:events-detail-ics", args=[event.slug])
    assert client.get(ics_url).status_code == 404
    client.force_login(alice)
    assert client.get(ics_url).status_code == 404


def test_a_moderator_gets_the_calendar_file_of_a_pending_event(client, staff_user, moderator):
    event = EventFactory(organiser=staff_user, state="pending", slug="afventer")
    client.force_login(moderator)
    assert client.get(reverse("api:events-detail-ics", args=[event.slug])).status_code == 200
