import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.services import registration_create
from places.models import Municipality
from projects.models import Theme
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(slug="open-data", name="Åbne data", name_en="Open data", icon="d"),
        Theme.objects.create(slug="mobility", name="Mobilitet", name_en="Mobility", icon="m"),
    ]


@pytest.fixture
def programme(themes):
    """Five upcoming events of different kinds and places, one past, one waiting for review."""
    odense = Municipality.objects.get(slug="odense")
    now = timezone.now()
    events = [
        EventFactory(title="Datadag i Aarhus", kind="data_day"),
        EventFactory(
            title="Workshop med gymnasier i Odense",
            kind="workshop",
            municipality=odense,
            lat=55.3959,
            lng=10.3883,
            venue_address="Odense Rådhus, 5000 Odense C",
        ),
        EventFactory(
            title="Webinar om datadeling",
            kind="webinar",
            is_online=True,
            online_url="https://meet.example.com/x",
            venue_name="",
            venue_address="",
            lat=None,
            lng=None,
            municipality=None,
        ),
        EventFactory(title="Netværksmøde om trafik", kind="network_meeting"),
        EventFactory(title="Konference om byrum", kind="conference", capacity=None),
    ]
    events[0].themes.set([themes[0]])
    events[3].themes.set([themes[1]])
    EventFactory(
        title="Sidste års datadag",
        starts_at=now - timedelta(days=300),
        ends_at=now - timedelta(days=300, hours=-3),
    )
    EventFactory(title="Hemmelig kladde", state="needs_review")
    return events


def _titles(response) -> list[str]:
    return [e.title for e in response.context["events"]]


def test_the_list_shows_upcoming_public_events_soonest_first(client, programme):
    response = client.get("/events/")
    assert _titles(response) == [e.title for e in programme]
    page = response.content.decode()
    assert "Sidste års datadag" not in page
    assert "Hemmelig kladde" not in page


def test_past_events_are_in_the_archive(client, programme):
    response = client.get("/events/archive/")
    assert _titles(response) == ["Sidste års datadag"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "workshop"}, ["Workshop med gymnasier i Odense"]),
        ({"theme": "mobility"}, ["Netværksmøde om trafik"]),
        ({"municipality": "odense"}, ["Workshop med gymnasier i Odense"]),
        ({"region": "region-syddanmark"}, ["Workshop med gymnasier i Odense"]),
        ({"mode": "online"}, ["Webinar om datadeling"]),
        ({"q": "byrum"}, ["Konference om byrum"]),
        ({"kind": "data_day", "theme": "open-data"}, ["Datadag i Aarhus"]),
    ],
)
def test_the_filters_narrow_the_list(client, programme, query, expected):
    assert _titles(client.get("/events/", query)) == expected


def test_in_person_leaves_out_online_only_events(client, programme):
    titles = _titles(client.get("/events/", {"mode": "in_person"}))
    assert "Webinar om datadeling" not in titles
    assert len(titles) == 4


def test_unknown_filter_values_are_ignored(client, programme):
    response = client.get("/events/", {"kind": "rave", "mode": "teleport"})
    assert response.status_code == 200
    assert len(_titles(response)) == 5


def test_the_map_gets_the_located_events_as_json(client, programme):
    page = client.get("/events/").content.decode()
    data = json.loads(page.split('id="events-data" type="application/json">')[1].split("<")[0])
    titles = {e["title"] for e in data["events"]}
    assert "Workshop med gymnasier i Odense" in titles
    assert "Webinar om datadeling" not in titles
    assert all(54 < e["lat"] < 58 for e in data["events"])


def test_the_list_runs_a_fixed_number_of_queries(client, programme, themes):
    for n in range(15):
        EventFactory(title=f"Ekstra {n}").themes.set(themes)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/events/")
    assert response.status_code == 200
    # 1 count for the paginator, 1 page of events with municipality and seat counts,
    # 1 prefetch of their themes, 1 map points, 3 filter choices (themes, regions,
    # municipalities).
    assert len(queries) == 7, "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_event_page_runs_a_fixed_number_of_queries(client, alice, bob, themes):
    event = EventFactory(capacity=1)
    event.themes.set(themes)
    registration_create(event=event, user=bob)
    registration_create(event=event, user=alice)  # waits
    client.force_login(alice)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    # user with the moderator flag (the session comes from the cache), the event (with places,
    # organiser and seat count), its themes, its related projects, Alice's registration, her
    # place on the waiting list, whether she follows it
    assert len(queries) == 7, "\n".join(q["sql"] for q in queries.captured_queries)
    assert "nummer 1" in response.content.decode()


def test_the_event_page_shows_what_people_need(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert event.title in page
    assert "<strong>åbne data</strong>" in page
    assert "Rådhuspladsen 2, 8000 Aarhus C" in page
    assert "20 af 20 pladser ledige" in page
    assert f"/api/v1/events/{event.slug}/ics/" in page
    assert "webcal://testserver/api/v1/events/ics/" in page


def test_an_event_waiting_for_review_is_hidden_from_others(client, alice, staff_user):
    event = EventFactory(state="needs_review", organiser=staff_user)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_the_online_link_is_for_registered_participants_only(client, alice):
    event = EventFactory(is_online=True, online_url="https://meet.example.com/hemmelig")
    client.force_login(alice)
    assert "hemmelig" not in client.get(event.get_absolute_url()).content.decode()
    registration_create(event=event, user=alice)
    assert "hemmelig" in client.get(event.get_absolute_url()).content.decode()


def test_a_public_online_link_is_shown_to_everyone(client):
    event = EventFactory(
        is_online=True,
        online_url="https://meet.example.com/aaben",
        online_url_participants_only=False,
    )
    assert "meet.example.com/aaben" in client.get(event.get_absolute_url()).content.decode()


def test_the_organiser_sees_and_exports_participants_with_their_email(
    client, staff_user, alice, bob
):
    event = EventFactory(organiser=staff_user, capacity=1)
    registration_create(event=event, user=alice)
    registration_create(event=event, user=bob)
    client.force_login(staff_user)
    page = client.get(f"/events/{event.slug}/participants/").content.decode()
    assert "alice@example.com" in page and "bob@example.com" in page

    response = client.get(f"/events/{event.slug}/participants.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Navn", "E-mailadresse", "Status", "Tilmeldt"]
    assert [r[:3] for r in rows[1:]] == [
        ["Alice", "alice@example.com", "Tilmeldt"],
        ["Bob", "bob@example.com", "På venteliste"],
    ]


def test_nobody_else_sees_the_participants_or_their_email(client, staff_user, alice, bob):
    event = EventFactory(organiser=staff_user)
    registration_create(event=event, user=alice)
    client.force_login(bob)
    assert client.get(f"/events/{event.slug}/participants/").status_code == 403
    assert client.get(f"/events/{event.slug}/participants.csv").status_code == 403
    assert "alice@example.com" not in client.get(event.get_absolute_url()).content.decode()


def test_the_csv_export_never_lets_a_name_become_a_formula(client, staff_user):
    from tests.factories import UserFactory

    event = EventFactory(organiser=staff_user)
    registration_create(event=event, user=UserFactory(display_name="=HYPERLINK(1)"))
    client.force_login(staff_user)
    body = client.get(f"/events/{event.slug}/participants.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def test_the_municipality_page_lists_its_upcoming_events(client, programme):
    page = client.get("/municipalities/odense/").content.decode()
    assert "Workshop med gymnasier i Odense" in page
    assert "Datadag i Aarhus" not in page
    assert "Kommende arrangementer" in page


def test_the_event_page_links_its_forum_category_for_those_who_may_read_it(
    client, alice, staff_user
):
    from forum.models import Category

    public = Category.objects.get(slug="aabne-data")
    staff_only = Category.objects.create(
        slug="kun-ansatte", name="Kun for ansatte", name_en="Staff only", visibility="staff"
    )
    open_event = EventFactory(forum_category=public)
    closed_event = EventFactory(forum_category=staff_only)

    page = client.get(open_event.get_absolute_url()).content.decode()
    assert public.get_absolute_url() in page
    client.force_login(alice)
    assert (
        staff_only.get_absolute_url()
        not in client.get(closed_event.get_absolute_url()).content.decode()
    )
    client.force_login(staff_user)
    assert (
        staff_only.get_absolute_url()
        in client.get(closed_event.get_absolute_url()).content.decode()
    )


def test_organisers_find_their_events_that_wait_for_review_on_the_list(client, staff_user):
    EventFactory(title="Venter på moderator", state="needs_review", organiser=staff_user)
    EventFactory(title="Andens kladde", state="needs_review")
    client.force_login(staff_user)
    page = client.get("/events/").content.decode()
    assert "Venter på moderator" in page
    assert "Andens kladde" not in page
