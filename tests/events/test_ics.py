import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from events.models import Event
from events.services import event_cancel
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
FEED = "/api/v1/events/ics/"


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _vevents(calendar):
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def dst_event(db):
    """Saturday 30 October 2027 10:00 summer time until Sunday 31 October 16:00 winter time:
    the clocks go back from 03:00 to 02:00 in between."""
    return EventFactory(
        title="Landsdækkende Smart City-konference",
        slug="konference-2027",
        kind="conference",
        starts_at=datetime(2027, 10, 30, 10, 0, tzinfo=CPH),
        ends_at=datetime(2027, 10, 31, 16, 0, tzinfo=CPH),
    )


def test_the_feed_parses_and_keeps_danish_time_across_the_dst_change(client, dst_event):
    vevent = _vevents(_parse(client.get(FEED)))[0]
    start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
    assert vevent["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert (start.hour, start.minute, end.hour, end.minute) == (10, 0, 16, 0)
    assert start.utcoffset() == timedelta(hours=2)  # CEST
    assert end.utcoffset() == timedelta(hours=1)  # CET
    # 10:00 CEST is 08:00 UTC; 16:00 CET is 15:00 UTC: 31 hours, not 30.
    utc = ZoneInfo("UTC")
    assert end.astimezone(utc) - start.astimezone(utc) == timedelta(hours=31)
    assert start.astimezone(utc).hour == 8


def test_the_feed_carries_a_vtimezone_with_both_offsets(client, dst_event):
    calendar = _parse(client.get(FEED))
    (tz,) = calendar.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Copenhagen"
    offsets = {c["TZOFFSETTO"].to_ical() for c in tz.subcomponents}
    assert {"+0200", "+0100"} <= offsets


def test_the_event_page_shows_danish_time_on_both_sides_of_the_change(client, dst_event):
    page = client.get(dst_event.get_absolute_url()).content.decode()
    assert "lørdag 30. oktober 2027 kl. 10.00" in page
    assert "søndag 31. oktober 2027 kl. 16.00" in page


def test_a_cancelled_event_stays_in_the_feed_as_cancelled_with_a_higher_sequence(
    client, event, staff_user
):
    event.organiser = staff_user
    event.save(update_fields=["organiser"])
    before = _vevents(_parse(client.get(FEED)))[0]
    assert before["STATUS"] == "CONFIRMED"

    event_cancel(event=event, by=staff_user, reason="Taleren er syg.")

    after = _vevents(_parse(client.get(FEED)))[0]
    assert after["UID"] == before["UID"]
    assert after["STATUS"] == "CANCELLED"
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1


def test_one_event_downloads_as_an_attachment_with_a_link_back(client, event, settings):
    settings.SITE_URL = "https://smartcity.example.dk"
    response = client.get(f"/api/v1/events/{event.slug}/ics/")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    (vevent,) = _vevents(_parse(response))
    assert vevent["URL"] == f"https://smartcity.example.dk/events/{event.slug}/"
    assert vevent["SUMMARY"] == event.title
    assert vevent["LOCATION"] == "Aarhus Rådhus, Rådhuspladsen 2, 8000 Aarhus C"
    assert "åbne data" in vevent["DESCRIPTION"]
    assert "<strong>" not in vevent["DESCRIPTION"]


def test_the_feed_takes_the_list_filters(client, event):
    EventFactory(title="Webinar om datadeling", kind="webinar", is_online=True)
    calendar = _parse(client.get(FEED, {"kind": "webinar"}))
    assert [str(v["SUMMARY"]) for v in _vevents(calendar)] == ["Webinar om datadeling"]


def test_past_and_unpublished_events_are_not_in_the_feed(client, event):
    EventFactory(
        title="Gammel datadag",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
    )
    EventFactory(title="Kladde", state=Event.State.NEEDS_REVIEW)
    summaries = [str(v["SUMMARY"]) for v in _vevents(_parse(client.get(FEED)))]
    assert summaries == [event.title]


def test_a_participants_only_link_never_goes_into_a_feed(client):
    EventFactory(
        is_online=True,
        online_url="https://meet.example.com/hemmelig",
        online_url_participants_only=True,
    )
    assert b"hemmelig" not in client.get(FEED).content


def test_the_feed_answers_a_conditional_request_with_304(client, event):
    first = client.get(FEED)
    again = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    event.title = "Ny titel"
    event.save()
    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_feed_follows_the_rfc_5545_rules(client, dst_event, settings):
    """Checks these RFC 5545 rules on the raw bytes of a feed with several events:

    1. The body is UTF-8 and served as text/calendar (3.1.4, 8.1).
    2. Every content line ends with CRLF; there is no bare LF or CR (3.1).
    3. No line is longer than 75 octets, counted in bytes, not characters (3.1).
    4. The stream is one VCALENDAR: BEGIN:VCALENDAR first, END:VCALENDAR last (3.4, 3.6).
    5. VERSION:2.0 and PRODID appear exactly once each, in the VCALENDAR (3.7.3, 3.7.4).
    6. Every VEVENT has exactly one UID, DTSTAMP and DTSTART, and DTEND after DTSTART
       (3.6.1, 3.8.2.2).
    7. UIDs are unique in the feed (3.8.4.7).
    8. DTSTAMP is a UTC date-time, i.e. it ends with "Z" (3.8.7.2).
    9. Every TZID a property refers to is defined by a VTIMEZONE in the calendar (3.2.19).
    10. STATUS of a VEVENT is TENTATIVE, CONFIRMED or CANCELLED (3.8.1.11).
    11. SEQUENCE is a non-negative integer (3.8.7.4).
    12. URL is an absolute URI (3.8.4.6).
    """
    settings.SITE_URL = "https://smartcity.example.dk"
    EventFactory(
        title="Introduktionsseminar om åbne data — æøå ÆØÅ " * 3,
        description="Lang beskrivelse med æ, ø og å, der skal foldes. " * 20,
    )
    EventFactory(title="Aflyst netværksmøde", state=Event.State.CANCELLED, sequence=3)
    response = client.get(FEED)
    body = response.content

    assert response["Content-Type"] == "text/calendar; charset=utf-8"  # 1
    body.decode("utf-8")
    lines = body.split(b"\r\n")
    assert lines[-1] == b"", "the stream ends with CRLF"  # 2
    lines = lines[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines)  # 2
    assert max(len(line) for line in lines) <= 75  # 3
    assert any(line.startswith(b" ") for line in lines), "long lines are folded"
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"  # 4

    unfolded = body.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode().split("\r\n")
    assert unfolded.count("VERSION:2.0") == 1  # 5
    assert len([line for line in unfolded if line.startswith("PRODID:")]) == 1  # 5

    calendar = icalendar.Calendar.from_ical(body)
    vevents = _vevents(calendar)
    assert len(vevents) == 3
    uids = []
    defined_tzids = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for vevent in vevents:
        for prop in ("UID", "DTSTAMP", "DTSTART"):  # 6
            assert prop in vevent
            assert not isinstance(vevent[prop], list), f"{prop} appears once"
        assert vevent["DTEND"].dt > vevent["DTSTART"].dt  # 6
        uids.append(str(vevent["UID"]))
        assert vevent["DTSTAMP"].to_ical().endswith(b"Z")  # 8
        for prop in ("DTSTART", "DTEND"):  # 9
            assert vevent[prop].params["TZID"] in defined_tzids
        assert vevent["STATUS"] in {"TENTATIVE", "CONFIRMED", "CANCELLED"}  # 10
        assert isinstance(vevent["SEQUENCE"], int) and vevent["SEQUENCE"] >= 0  # 11
        assert re.match(r"^https?://[^/]+/", str(vevent["URL"]))  # 12
    assert len(uids) == len(set(uids))  # 7
    assert all(re.fullmatch(r"event-\d+@smartcity-danmark", uid) for uid in uids)
    statuses = sorted(str(v["STATUS"]) for v in vevents)
    assert statuses == ["CANCELLED", "CONFIRMED", "CONFIRMED"]


def test_the_feed_runs_a_fixed_number_of_queries(client, dst_event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(20):
        EventFactory(title=f"Datadag {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(FEED).status_code == 200
    # the validator (count and latest change), then the events with their municipality
    assert len(queries) == 2, "\n".join(q["sql"] for q in queries.captured_queries)
