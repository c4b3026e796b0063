import threading

import pytest
from django.db import connection
from django.test import Client

from events.models import Registration
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 50
SEATS = 10


def test_fifty_simultaneous_registrations_for_ten_seats_never_overbook():
    """Each thread is one browser with its own session and its own database connection; a
    barrier releases them at the same moment."""
    event = EventFactory(capacity=SEATS)
    users = [UserFactory(email=f"deltager{n}@example.com") for n in range(PEOPLE)]
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(PEOPLE)
    statuses, errors = [], []

    def register(client):
        try:
            barrier.wait(timeout=30)
            response = client.post(f"/events/{event.slug}/register/")
            statuses.append(response.status_code)
        except Exception as exc:  # recorded, so the main thread can fail with it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * PEOPLE  # every request answered with a redirect, no error page
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status="confirmed").count() == SEATS
    assert registrations.filter(status="waiting").count() == PEOPLE - SEATS
    # The waiting list is in the order people got through the lock, without gaps or ties.
    queued = list(registrations.filter(status="waiting").values_list("queued_at", flat=True))
    assert len(set(queued)) == len(queued)
