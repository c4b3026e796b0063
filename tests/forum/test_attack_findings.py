"""What an outside attack run found in the forum (issue 18): edits that skipped screening,
line breaks and control characters that crashed e-mails and feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.core import mail

from forum import services
from forum.models import Post, State, Thread
from moderation.models import ModerationDecision

pytestmark = pytest.mark.django_db

SPAM = (
    "Køb billige sensorer, casino og viagra! Ring 22 33 44 55, CPR 010203-1234. "
    "https://a.example https://b.example https://c.example https://d.example "
    "https://e.example https://f.example"
)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- 3: every edit goes through the screening -------------------------------------------------


def test_editing_a_published_post_into_spam_takes_it_down_until_a_moderator_looks(
    client, staff_user, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    post = reply(staff_user, thread, body="Vi har gode erfaringer med radar.")
    client.force_login(staff_user)

    response = client.post(f"/forum/p/{post.pk}/edit/", {"body": SPAM}, follow=True)

    post.refresh_from_db()
    assert post.state in (State.NEEDS_REVIEW, State.REJECTED)
    codes = {reason["code"] for reason in post.screening["reasons"]}
    assert {"blocked_word", "personal_data.phone", "personal_data.cpr", "links.too_many"} <= codes
    assert "venter på en moderator" in response.content.decode()
    client.logout()
    assert "casino" not in client.get(thread.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/forum/threads/{thread.pk}/posts/").json()
    assert "casino" not in str(api)
    decision = ModerationDecision.objects.filter(object_id=post.pk).order_by("-id").first()
    assert decision.action in ("review", "reject") and decision.actor is None


def test_editing_an_opening_post_screens_the_new_title_and_hides_the_thread(
    staff_user, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)

    services.post_edit(
        post=thread.first_post, by=staff_user, body="Hvem har prøvet det?", title="Gratis casino"
    )

    thread.refresh_from_db()
    assert thread.state == State.NEEDS_REVIEW
    assert not Thread.objects.filter(pk=thread.pk, state=State.PUBLISHED).exists()


def test_a_clean_edit_stays_published_and_is_not_a_duplicate_of_itself(
    staff_user, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    post = reply(staff_user, thread, body="Vi har gode erfaringer med radar om vinteren.")

    services.post_edit(post=post, by=staff_user, body="Vi har gode erfaringer med radar i sne.")

    post.refresh_from_db()
    assert post.state == State.PUBLISHED
    assert "duplicate" not in {reason["code"] for reason in post.screening["reasons"]}


# --- 5: titles are one line -----------------------------------------------------------------


def test_a_line_break_in_a_thread_title_is_a_space_and_replies_still_notify(
    client, staff_user, colleague, public_category, committing
):
    client.force_login(staff_user)
    response = client.post(
        "/forum/new/",
        {
            "category": public_category.pk,
            "title": "Parkering\r\nBcc: om vinteren",
            "body": "Hvem har erfaringer med sensorer?",
            "send": "1",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.title == "Parkering Bcc: om vinteren"

    client.force_login(colleague)
    with committing():
        response = client.post(f"/forum/t/{thread.pk}/reply/", {"body": "Vi bruger radar."})

    assert response.status_code == 302
    [message] = mail.outbox
    assert "\n" not in message.subject and "Parkering Bcc" in message.subject
    assert message.to == [staff_user.email]


def test_a_title_saved_with_a_line_break_before_the_fix_still_sends_e_mail(
    staff_user, colleague, public_category, make_thread, committing
):
    thread = make_thread(staff_user, public_category)
    Thread.objects.filter(pk=thread.pk).update(title="Gammel\ntitel")
    thread.refresh_from_db()

    with committing():
        services.post_create(
            author=colleague, thread=thread, body="Et svar.", enforce_rate_limit=False
        )

    assert [m.subject for m in mail.outbox if "Gammel titel" in m.subject]


# --- 6: feeds are well-formed XML whatever the posts hold -----------------------------------


def test_control_characters_in_posts_do_not_break_the_feeds(
    client, staff_user, public_category, make_thread
):
    make_thread(
        staff_user,
        public_category,
        title="Sensorer\x0b og\x1f kontrol",
        body="Et indlæg\x01 med\x08 kontroltegn\x1b og \ufffe mere.",
    )
    Post.objects.update(body_html="<p>Gemt\x01 før\x0c rettelsen</p>")

    for url in ("/forum/feed/", f"/forum/c/{public_category.slug}/feed/"):
        response = client.get(url)
        assert response.status_code == 200
        # Our own feed; fromstring raises on XML that is not well-formed.
        root = ET.fromstring(response.content)  # noqa: S314
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert len(entries) == 1
        assert "Gemt før rettelsen" in response.content.decode()


# --- 9: a "useful" mark is a state, not a toggle ----------------------------------------------


def test_marking_useful_twice_marks_once_and_unmarking_twice_unmarks_once(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    post = thread.first_post
    client.force_login(colleague)
    assert 'name="useful" value="1"' in client.get(thread.get_absolute_url()).content.decode()

    for _ in range(2):
        assert client.post(f"/forum/p/{post.pk}/useful/", {"useful": "1"}).status_code == 302
    post.refresh_from_db()
    assert post.useful_count == 1 and post.reactions.count() == 1
    assert 'name="useful" value="0"' in client.get(thread.get_absolute_url()).content.decode()

    for _ in range(2):
        client.post(f"/forum/p/{post.pk}/useful/", {"useful": "0"})
    post.refresh_from_db()
    assert post.useful_count == 0 and post.reactions.count() == 0


def test_a_title_of_control_characters_is_too_short_not_empty(client, staff_user, public_category):
    client.force_login(staff_user)

    response = client.post(
        "/forum/new/",
        {"category": public_category.pk, "title": "\x01\x02\x03\x04\x05ab", "body": "Tekst"},
    )

    assert response.status_code == 200
    assert "mindst 5 tegn" in response.content.decode()
    assert not Thread.objects.exists()
