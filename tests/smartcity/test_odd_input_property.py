"""Property: whatever a member types into titles, bodies and names — control characters, line
breaks, invisible code points, 2,000-character strings — the forum, events and projects answer
without a server error, and their feeds stay readable (issue 18)."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from events.models import Event
from events.services import event_publish
from forum import services as forum_services
from forum.models import Category, Thread
from projects.models import Project
from projects.review import project_publish

pytestmark = pytest.mark.django_db

# Characters that broke something once, or could: C0/C1 controls, line and paragraph
# separators, zero-width and bidirectional marks, the BOM, soft hyphen, non-characters.
ODD = list(
    "\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u2028\u2029\u200b\u200c\u200d\u200e"
    "\u202e\u2060\ufeff\u00ad\ufffe\uffff\t\n\r"
)
pieces = st.one_of(
    st.text(alphabet=st.sampled_from(ODD), min_size=1, max_size=4),
    st.text(max_size=12),  # any Unicode text (hypothesis leaves out lone surrogates)
    st.sampled_from(["\r\n", "\n\n", "Bcc: x@example.com\n", "<b>&amp;", "]]>", "&#1;"]),
)
odd_text = st.one_of(
    st.lists(pieces, max_size=8).map("".join),
    st.sampled_from(["a\u200b", "x\n", "æ\x01", "ø\u2028"]).map(lambda s: (s * 1000)[:2000]),
)

EXAMPLES = hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def ok(response) -> None:
    assert response.status_code < 500, response.status_code


def parse_atom(response) -> None:
    assert response.status_code == 200
    ET.fromstring(response.content)  # noqa: S314 (our own feed; raises when not well-formed)


@pytest.fixture
def colleague(db):
    """Verified staff of Copenhagen Municipality, who replies."""
    from accounts.services import user_make_staff_of
    from places.models import Municipality
    from tests.factories import UserFactory

    user = UserFactory(email="byudvikling@kk.dk", display_name="Sofie")
    return user_make_staff_of(user=user, municipality=Municipality.objects.get(code="101"))


@pytest.fixture
def fast_posting(settings):
    settings.FORUM_FLOOD_SECONDS = 0
    settings.FORUM_POSTS_PER_HOUR = 100_000
    settings.PROJECTS_SUBMISSIONS_PER_ADDRESS_HOUR = 100_000


@EXAMPLES
@given(title=odd_text, body=odd_text, reply_body=odd_text, prefixed=st.booleans())
def test_the_forum_and_its_feeds_survive_odd_text(
    client,
    staff_user,
    colleague,
    moderator,
    fast_posting,
    django_capture_on_commit_callbacks,
    title,
    body,
    reply_body,
    prefixed,
):
    cache.clear()  # flood control counts per example, not across them
    if prefixed:  # past the forms' length checks, so the services see the odd part
        title, body, reply_body = f"Emne {title}", f"Tekst om sensorer {body}", f"Svar {reply_body}"
    category = Category.objects.get(slug="smart-parkering")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            client.post(
                "/forum/new/",
                {"category": category.pk, "title": title, "body": body, "send": "1"},
            )
        )
    thread = Thread.objects.order_by("-pk").first()
    if thread is not None:
        if thread.state != "published":  # fast posting waits for review; a moderator passes it
            forum_services.post_publish(post=thread.first_post, by=moderator)
        client.force_login(colleague)
        with django_capture_on_commit_callbacks(execute=True):
            ok(client.post(f"/forum/t/{thread.pk}/reply/", {"body": reply_body}))
        client.force_login(staff_user)
        ok(
            client.post(
                f"/forum/p/{thread.first_post_id}/edit/", {"title": title, "body": reply_body}
            )
        )
        ok(client.get(f"/forum/t/{thread.pk}/"))
    client.logout()
    parse_atom(client.get("/forum/feed/"))
    parse_atom(client.get(f"/forum/c/{category.slug}/feed/"))
    assert client.get("/api/v1/forum/threads/").status_code == 200


@EXAMPLES
@given(title=odd_text, description=odd_text, venue=odd_text, prefixed=st.booleans())
def test_events_and_their_calendars_survive_odd_text(
    client,
    staff_user,
    moderator,
    django_capture_on_commit_callbacks,
    title,
    description,
    venue,
    prefixed,
):
    if prefixed:
        title = f"Datadag {title}"
        description = f"Om åbne data i kommunerne og hvordan man kommer i gang. {description}"
    start = (timezone.localtime() + timedelta(days=30)).replace(hour=9, minute=30)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            client.post(
                "/events/new/",
                {
                    "title": title,
                    "kind": "data_day",
                    "description": description,
                    "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                    "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                    "venue_name": venue,
                    "venue_address": "Hack Kampmanns Plads 2, 8000 Aarhus C",
                },
            )
        )
    event = Event.objects.order_by("-pk").first()
    if event is not None:
        with django_capture_on_commit_callbacks(execute=True):
            ok(
                client.post(
                    f"/events/{event.slug}/edit/",
                    {
                        "title": description[:200] or "Datadag",
                        "kind": "data_day",
                        "description": title,
                        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                        "venue_name": venue,
                        "venue_address": "Hack Kampmanns Plads 2, 8000 Aarhus C",
                    },
                )
            )
        event.refresh_from_db()
        if event.state != Event.State.PUBLISHED:
            event_publish(event=event, by=moderator)
        ok(client.get(event.get_absolute_url()))
        response = client.get(f"/api/v1/events/{event.slug}/ics/")
        assert response.status_code == 200
        icalendar.Calendar.from_ical(response.content)
    client.logout()
    response = client.get("/api/v1/events/ics/")
    assert response.status_code == 200
    icalendar.Calendar.from_ical(response.content)
    assert client.get("/api/v1/events/").status_code == 200


@EXAMPLES
@given(title=odd_text, summary=odd_text, description=odd_text, prefixed=st.booleans())
def test_projects_and_their_downloads_survive_odd_text(
    client,
    alice,
    moderator,
    fast_posting,
    django_capture_on_commit_callbacks,
    title,
    summary,
    description,
    prefixed,
):
    cache.clear()  # the per-account submission limit counts per example
    if prefixed:
        title = f"Sensorer {title}"
        summary = f"Sensorer måler regnvand i kældre. {summary}"
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        ok(
            client.post(
                "/projects/submit/",
                {
                    "title": title,
                    "summary": summary,
                    "description": description,
                    "theme": "klimatilpasning",
                    "status": "pilot",
                    "submitter_kind": "citizen",
                    "lat": "56.15",
                    "lng": "10.2",
                },
            )
        )
    project = Project.objects.order_by("-pk").first()
    if project is not None:
        if project.state != Project.State.PUBLISHED:
            with django_capture_on_commit_callbacks(execute=True):  # the author is e-mailed
                project_publish(project=project, by=moderator)
        ok(client.get(project.get_absolute_url()))
    client.logout()
    assert client.get("/api/v1/projects/").status_code == 200
    json.loads(client.get("/api/v1/projects/geojson/").getvalue())
    rows = client.get("/api/v1/projects/csv/").getvalue().decode("utf-8-sig")
    list(csv.reader(io.StringIO(rows)))
