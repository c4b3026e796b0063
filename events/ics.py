"""iCalendar (RFC 5545) feeds of events, built with the `icalendar` package.

Times are written with TZID=Europe/Copenhagen and the calendar carries the matching VTIMEZONE,
so clients show the right local time on both sides of a daylight-saving change. UIDs are stable
(`event-<pk>@smartcity-danmark`); SEQUENCE and STATUS carry updates and cancellations.
"""

from collections.abc import Iterable
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from smartcity.links import absolute_url
from smartcity.text import one_line, xml_safe

from .models import Event

PRODID = "-//KL Smart City Forum//Smart City Danmark events//DA"
UID_DOMAIN = "smartcity-danmark"
CONTENT_TYPE = "text/calendar; charset=utf-8"
LOCAL_TZ = ZoneInfo("Europe/Copenhagen")


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def _plain_text(event: Event) -> str:
    text = strip_tags(event.description_html).strip() or event.description.strip()
    lines = [text] if text else []
    if event.is_online and event.online_url and not event.online_url_participants_only:
        lines.append(event.online_url)
    lines.append(absolute_url(event.get_absolute_url()))
    return "\n\n".join(lines)


def _vevent(event: Event) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    # DTSTAMP: when this version of the event was last changed, in UTC. Tying it to the row
    # (not to the request) keeps the feed byte-stable between changes, which ETags rely on.
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(LOCAL_TZ))
    vevent.add("dtend", event.ends_at.astimezone(LOCAL_TZ))
    # Text values may not hold control characters (RFC 5545); line breaks icalendar escapes.
    vevent.add("summary", xml_safe(event.title))
    vevent.add("description", xml_safe(_plain_text(event)))
    location = event.location_text or (_("Online") if event.is_online else "")
    if location:
        vevent.add("location", xml_safe(location))
    if event.lat is not None and event.lng is not None:
        vevent.add("geo", (event.lat, event.lng))
    vevent.add("url", absolute_url(event.get_absolute_url()))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    vevent.add("categories", [event.get_kind_display()])
    return vevent


def build_calendar(events: Iterable[Event], *, name: str) -> bytes:
    """One VCALENDAR with a VEVENT per event and the VTIMEZONE they need, as bytes (CRLF line
    endings and 75-octet folding come from icalendar)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))  # a property icalendar does not escape
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    events = list(events)
    for event in events:
        cal.add_component(_vevent(event))
    if events:
        first = min(e.starts_at for e in events).astimezone(LOCAL_TZ).date()
        last = max(e.ends_at for e in events).astimezone(LOCAL_TZ).date()
        # Only the transitions around these events, not the zone's whole history.
        cal.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return cal.to_ical()
