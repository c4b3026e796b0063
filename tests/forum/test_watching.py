import re

import pytest

from forum import services
from forum.models import Subscription, Thread, ThreadRead
from participation.services import followers_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_commits(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the notification task) as the services commit."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def test_a_watcher_gets_one_email_until_they_visit_the_thread_again(
    client, mailoutbox, staff_user, colleague, public_category, make_thread, eager_commits
):
    thread = make_thread(staff_user, public_category)  # the author watches automatically
    eager_commits(
        services.post_create,
        author=colleague,
        thread=thread,
        body="Første svar om radar",
        enforce_rate_limit=False,
    )
    eager_commits(
        services.post_create,
        author=colleague,
        thread=thread,
        body="Andet svar om kameraer",
        enforce_rate_limit=False,
    )
    assert [m.to for m in mailoutbox] == [["trafik@aarhus.dk"]]
    message = mailoutbox[0]
    assert "Nyt svar i" in message.subject
    assert "Første svar om radar" in message.body
    client.force_login(staff_user)
    client.get(thread.get_absolute_url())  # the visit re-arms the e-mail
    eager_commits(
        services.post_create,
        author=colleague,
        thread=thread,
        body="Tredje svar om lidar-målinger",
        enforce_rate_limit=False,
    )
    assert len(mailoutbox) == 2


def test_nobody_is_emailed_about_their_own_post(
    mailoutbox, staff_user, public_category, make_thread, eager_commits
):
    thread = make_thread(staff_user, public_category)
    eager_commits(
        services.post_create,
        author=staff_user,
        thread=thread,
        body="Et tillæg til spørgsmålet",
        enforce_rate_limit=False,
    )
    assert mailoutbox == []


def test_category_watchers_hear_about_new_threads_and_citizens_never_about_staff_only_ones(
    mailoutbox, alice, staff_user, colleague, public_category, staff_category, eager_commits
):
    services.category_watch(user=colleague, category=public_category, watch=True)
    services.category_watch(user=colleague, category=staff_category, watch=True)
    services.category_watch(user=alice, category=public_category, watch=True)
    Subscription.objects.create(user=alice, category=staff_category)  # e.g. before a demotion
    for category in (public_category, staff_category):
        eager_commits(
            services.thread_create,
            author=staff_user,
            category=category,
            title=f"Nyt emne i {category.name}",
            body=f"Spørgsmål om {category.slug}",
            enforce_rate_limit=False,
        )
    recipients = sorted((m.to[0], m.subject) for m in mailoutbox)
    assert recipients == [
        ("alice@example.com", 'Ny tråd i Smart parkering: "Nyt emne i Smart parkering"'),
        ("byudvikling@kk.dk", 'Ny tråd i Indkøb: "Nyt emne i Indkøb"'),
        ("byudvikling@kk.dk", 'Ny tråd i Smart parkering: "Nyt emne i Smart parkering"'),
    ]


def test_the_unsubscribe_link_in_the_email_works_without_signing_in(
    client, mailoutbox, staff_user, colleague, public_category, make_thread, eager_commits
):
    thread = make_thread(staff_user, public_category)
    eager_commits(
        services.post_create,
        author=colleague,
        thread=thread,
        body="Et svar om radar",
        enforce_rate_limit=False,
    )
    link = re.search(r"http://[^\s]+/forum/unsubscribe/[^\s]+/", mailoutbox[0].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]
    assert client.get(path).status_code == 200
    assert followers_of(Thread).filter(user=staff_user, object_id=thread.pk).exists()  # GET asks
    client.post(path)
    assert not followers_of(Thread).filter(user=staff_user, object_id=thread.pk).exists()


def test_watch_and_unwatch_from_the_page(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    client.force_login(colleague)
    client.post(f"/forum/t/{thread.pk}/watch/", {"watch": "1"})
    assert followers_of(Thread).filter(user=colleague, object_id=thread.pk).exists()
    client.post(f"/forum/t/{thread.pk}/watch/", {"watch": "0"})
    assert not followers_of(Thread).filter(user=colleague, object_id=thread.pk).exists()
    client.post(f"/forum/c/{public_category.slug}/watch/", {"watch": "1"})
    assert Subscription.objects.filter(user=colleague, category=public_category).exists()


def test_unread_markers_follow_visits_and_mark_all_read(
    client, staff_user, colleague, public_category, make_thread, reply
):
    from django.utils import timezone

    colleague.date_joined = timezone.now() - timezone.timedelta(days=30)
    colleague.save(update_fields=["date_joined"])
    thread = make_thread(staff_user, public_category)
    client.force_login(colleague)

    def category_unread():
        return [
            c.has_unread
            for c in client.get("/forum/").context["categories"]
            if c == public_category
        ][0]

    def thread_unread():
        return client.get(public_category.get_absolute_url()).context["threads"][0].is_unread

    assert category_unread() and thread_unread()
    client.get(thread.get_absolute_url())
    assert (
        ThreadRead.objects.get(user=colleague, thread=thread).last_read_post_id
        == thread.first_post_id
    )
    assert not category_unread() and not thread_unread()
    reply(staff_user, thread, body="Nyt svar om tælling")
    assert category_unread() and thread_unread()
    client.post("/forum/mark-read/")
    assert not category_unread() and not thread_unread()


def test_new_members_do_not_start_with_everything_unread(
    client, staff_user, colleague, public_category, make_thread
):
    from django.utils import timezone

    thread = make_thread(staff_user, public_category)
    thread.last_post_at = timezone.now() - timezone.timedelta(days=3)
    thread.save(update_fields=["last_post_at"])
    client.force_login(colleague)  # joined just now
    assert not client.get(public_category.get_absolute_url()).context["threads"][0].is_unread
