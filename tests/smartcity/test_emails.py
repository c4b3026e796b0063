"""Every e-mail the site sends goes through smartcity.emails.send_templated: the recipient's
language, one subject style, links with one slash."""

import pytest
from django.core import mail

from events import services as events
from forum import services as forum
from smartcity.emails import send_templated
from smartcity.links import absolute_url
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_member(db):
    return UserFactory(email="anna@example.com", display_name="Anna", language="en")


def test_an_english_speaking_member_gets_forum_emails_in_english(
    staff_user, english_member, public_thread, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://smartcity.example.dk/"  # a trailing slash, as people write it
    thread = public_thread
    forum.thread_watch(user=english_member, thread=thread, watch=True)
    with django_capture_on_commit_callbacks(execute=True):
        forum.post_create(
            author=staff_user,
            thread=thread,
            body="Vi har haft sensorerne i drift i et halvt år.",
            enforce_rate_limit=False,
        )
    [message] = [m for m in mail.outbox if m.to == [english_member.email]]
    assert message.subject == 'New reply in "Erfaringer med parkeringssensorer"'
    assert "https://smartcity.example.dk/forum/p/" in message.body
    assert "dk//" not in message.body


def test_event_emails_have_the_sites_subject_style_not_djangos(alice):
    event = EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")
    events.registration_notify(
        registration=events.registration_create(event=event, user=alice), template="registered"
    )
    [message] = mail.outbox
    assert message.subject == "Du er tilmeldt: Datadag i Aarhus"  # no "[Django] " in front


def test_allauths_emails_have_the_same_subject_style(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "ny@example.com",
            "display_name": "Ny Borger",
            "password1": "et-langt-kodeord-2026",
            "password2": "et-langt-kodeord-2026",
        },
    )
    [message] = mail.outbox
    assert not message.subject.startswith("[")


def test_the_site_and_allauth_share_one_subject_prefix(settings):
    assert settings.EMAIL_SUBJECT_PREFIX == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX == ""


def test_a_subject_is_one_line_in_the_recipients_language(english_member, alice):
    event = EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")
    for user in (english_member, alice):
        send_templated(user, "events/email/cancelled", {"event": event, "event_url": "/"})
    english, danish = mail.outbox
    assert "\n" not in english.subject and "\n" not in danish.subject
    assert english.subject != danish.subject
    assert english.to == [english_member.email] and danish.to == [alice.email]


@pytest.mark.parametrize("site_url", ["https://example.dk", "https://example.dk/"])
def test_absolute_links_have_one_slash_between_site_and_path(site_url, settings):
    settings.SITE_URL = site_url
    assert absolute_url("/forum/p/1/") == "https://example.dk/forum/p/1/"
