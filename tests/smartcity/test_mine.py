"""The user's own things are one click from the header."""

import pytest
from django.urls import reverse

from events.models import Registration
from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_header_links_a_signed_in_user_to_my_pages(client, alice):
    client.force_login(alice)
    header = client.get("/").content.decode().split("</header>")[0]
    assert '<a href="/mine/">Mine sider</a>' in header


def test_a_visitor_has_no_my_pages_link_and_is_asked_to_sign_in(client):
    assert 'href="/mine/"' not in client.get("/").content.decode()
    response = client.get(reverse("mine"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_pages_lists_submissions_events_registrations_and_threads(
    client, staff_user, bob, django_assert_max_num_queries
):
    from forum import services as forum_services
    from forum.models import Category

    ProjectFactory(author=staff_user, title="Mine parkeringssensorer", state="needs_review")
    ProjectFactory(author=bob, title="Bobs projekt")
    EventFactory(organiser=staff_user, title="Min datadag", state="pending")
    other_event = EventFactory(title="Andres workshop")
    Registration.objects.create(
        event=other_event, user=staff_user, status="confirmed", queued_at=other_event.starts_at
    )
    forum_services.thread_create(
        author=staff_user,
        category=Category.objects.get(slug="smart-parkering"),
        title="Min tråd om sensorer",
        body="Hvem har prøvet det?",
        enforce_rate_limit=False,
    )
    client.force_login(staff_user)
    # session, user, groups (is_moderator), projects, events, registrations, threads, and the
    # header's and role's look-ups
    with django_assert_max_num_queries(10):
        page = client.get(reverse("mine")).content.decode()
    for title in ("Mine parkeringssensorer", "Min datadag", "Andres workshop", "Min tråd"):
        assert title in page
    assert "Bobs projekt" not in page
    assert 'href="/projects/mine/"' in page


def test_the_profile_links_to_my_pages(client, alice):
    client.force_login(alice)
    assert (
        'href="/mine/"'
        in client.get(reverse("accounts:profile")).content.decode().split("</header>")[1]
    )
