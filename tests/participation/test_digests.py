"""E-mail, bounded: at once or in digests, at most 20 items, grouped, never empty, never twice,
with a one-click unsubscribe that works signed out."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation import digests, services
from participation.models import EmailPreference, Frequency, Notification
from participation.registry import content_type_id
from participation.tasks import send_digests
from smartcity.activity import Kind, announce
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, target, kind, times=1, data=None):
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                content_type_id=content_type_id(type(target)),
                object_id=target.pk,
                kind=kind,
                data=data or {},
            )
            for _ in range(times)
        ]
    )


@pytest.fixture
def run_daily(django_capture_on_commit_callbacks):
    def run():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            send_digests("daily")  # eager in tests: the batches run once enqueued
        return list(mail.outbox)

    return run


def test_one_digest_holds_every_item_and_groups_repeated_events(alice, run_daily):
    project, other = ProjectFactory(title="Gadelys i Aarhus"), ProjectFactory(title="Affald")
    _notify(alice, project, Kind.COMMENTED, times=4)
    _notify(alice, project, Kind.STATUS_CHANGED, data={"old": "Idea", "new": "Pilot"})
    _notify(alice, other, Kind.ADOPTED, data={"municipality": "Vejle"})

    sent = run_daily()

    assert len(sent) == 1
    body = sent[0].body
    assert body.count("Gadelys i Aarhus") == 1
    assert "(4 gange)" in body  # the user's language: Danish
    assert "Vejle" in body
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()


def test_an_empty_digest_is_never_sent(alice, bob, run_daily):
    project = ProjectFactory()
    _notify(alice, project, Kind.COMMENTED)
    services.preferences_set(user=alice, frequencies={Kind.COMMENTED: Frequency.WEEKLY})
    hidden = ProjectFactory(state="hidden")
    _notify(bob, hidden, Kind.COMMENTED)  # about an item bob may no longer see

    assert run_daily() == []  # alice wants it weekly; bob's only item is hidden


def test_a_digest_holds_at_most_20_items_and_says_how_many_more(alice, run_daily):
    for project in ProjectFactory.create_batch(23):
        _notify(alice, project, Kind.COMMENTED)

    (message,) = run_daily()

    assert message.body.count("/projects/") == 20
    assert "og 3 mere" in message.body
    assert reverse("participation:list") in message.body


def test_a_digest_is_sent_once_per_period_even_if_its_batch_runs_twice(alice):
    _notify(alice, ProjectFactory(), Kind.COMMENTED)
    now = timezone.now()
    assert digests.digest_batch(frequency="daily", user_ids=[alice.pk], cutoff=now) == 1
    Notification.objects.update(mailed_at=None)  # as if the first run's marks were lost
    assert digests.digest_batch(frequency="daily", user_ids=[alice.pk], cutoff=now) == 0
    assert len(mail.outbox) == 1


def test_digests_are_built_by_few_batch_tasks_with_bounded_queries(
    settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    settings.PARTICIPATION_DIGEST_BATCH_SIZE = 10
    project = ProjectFactory()
    users = UserFactory.create_batch(25)
    for user in users:
        _notify(user, project, Kind.ADOPTED, data={"municipality": "Odense"})
    mail.outbox.clear()
    # plan: 1 query; 3 batches: outbox row + delete each, and per batch: preferences,
    # notifications, claim, marks, items, users (never one query per user)
    with django_assert_max_num_queries(1 + 3 * (2 + 8)):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_digests("daily") == 3
    assert len(mail.outbox) == 25


def test_every_email_has_a_one_click_unsubscribe_that_works_signed_out(client, alice, run_daily):
    _notify(alice, ProjectFactory(), Kind.COMMENTED)
    (message,) = run_daily()
    url = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]

    page = client.get("/" + path)  # nobody is signed in
    assert page.status_code == 200
    assert EmailPreference.objects.count() == 0  # a GET (a link scanner) changes nothing
    client.post("/" + path, {"List-Unsubscribe": "One-Click"})

    assert services.preference_of(alice, Kind.COMMENTED) == Frequency.NEVER
    _notify(alice, ProjectFactory(), Kind.COMMENTED)
    assert run_daily() == []


def test_a_forged_unsubscribe_link_changes_nothing(client, alice):
    token = services.unsubscribe_token(user_id=alice.pk, kinds=[Kind.COMMENTED])
    response = client.post(reverse("participation:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert not EmailPreference.objects.exists()


def test_at_once_sends_one_email_per_event_to_those_who_chose_it(
    alice, bob, django_capture_on_commit_callbacks, run_daily
):
    project = ProjectFactory(title="Cykeltælling")
    for user in (alice, bob):
        services.follow_set(user=user, target=project, follow=True)
    services.preferences_set(user=alice, frequencies={Kind.RESULTS_ADDED: Frequency.IMMEDIATELY})
    alice.language = "en"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        announce(project, Kind.RESULTS_ADDED)

    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "Measured results were added" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    # bob's waits for his daily digest
    assert Notification.objects.get(user=bob).mailed_at is None
    assert len(run_daily()) == 1
