import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.services import user_make_staff_of
from forum import services
from forum.models import Category, Post, Reaction
from places.models import Municipality
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REQUESTS = 10


@pytest.fixture
def post_and_reader():
    aarhus = Municipality.objects.get(code="751")
    author = user_make_staff_of(user=UserFactory(email="forfatter@aarhus.dk"), municipality=aarhus)
    reader = user_make_staff_of(user=UserFactory(email="laeser@aarhus.dk"), municipality=aarhus)
    thread = services.thread_create(
        author=author,
        category=Category.objects.get(slug="smart-parkering"),
        title="Radar eller magnetometer?",
        body="Hvad virker bedst om vinteren?",
        enforce_rate_limit=False,
    )
    return thread.first_post, reader


def simultaneously(reader, url, data) -> tuple[list[int], list[Exception]]:
    """Each thread is one browser tab of the same member with its own database connection; a
    barrier releases them at the same moment."""
    clients = []
    for _ in range(REQUESTS):
        client = Client()
        client.force_login(reader)
        clients.append(client)
    barrier = threading.Barrier(REQUESTS)
    statuses, errors = [], []

    def send(client):
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url, data).status_code)
        except Exception as exc:  # recorded, so the main thread can fail with it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


def test_ten_simultaneous_useful_marks_by_one_member_count_once(post_and_reader):
    post, reader = post_and_reader

    statuses, errors = simultaneously(reader, f"/forum/p/{post.pk}/useful/", {"useful": "1"})

    assert errors == []
    assert statuses == [302] * REQUESTS  # no error page
    assert Reaction.objects.filter(post=post).count() == 1
    assert Post.objects.get(pk=post.pk).useful_count == 1


def test_ten_simultaneous_toggles_answer_cleanly_and_keep_the_count_true(post_and_reader):
    post, reader = post_and_reader

    statuses, errors = simultaneously(reader, f"/forum/p/{post.pk}/useful/", {})

    assert errors == []
    assert statuses == [302] * REQUESTS
    marks = Reaction.objects.filter(post=post).count()
    assert marks in (0, 1)
    assert Post.objects.get(pk=post.pk).useful_count == marks
