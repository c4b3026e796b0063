import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_forums_kinds_of_events_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    count = Event.objects.count()
    registrations = Registration.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Event.objects.count() == count >= 10
    assert Registration.objects.count() == registrations > 0

    titles = list(Event.objects.values_list("title", flat=True))
    assert titles.count("Introduktionsseminar om åbne data") == 2
    assert Event.objects.filter(kind="data_day").count() >= 2
    conference = Event.objects.get(kind="conference")
    assert "Byrum" in conference.description and "Landdistrikter" in conference.description
    workshops = " ".join(Event.objects.filter(kind="workshop").values_list("title", flat=True))
    assert "DTU" in workshops and "SDU" in workshops
    assert Event.objects.filter(kind="webinar", is_online=True).count() >= 2
    assert Event.objects.filter(kind="network_meeting").exists()

    now = timezone.now()
    assert Event.objects.filter(ends_at__lt=now).count() >= 2
    assert Event.objects.filter(starts_at__gt=now).count() > Event.objects.count() / 2
    in_person = Event.objects.exclude(venue_address="")
    assert all(e.municipality_id and e.lat for e in in_person)
    assert Registration.objects.filter(status="waiting").exists()
    assert mail.outbox == []
