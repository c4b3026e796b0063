import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalogue import demo
from catalogue.models import Dataset

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_is_deterministic():
    now = timezone.now()

    first = demo.packages(now=now, rng=random.Random(demo.SEED))
    second = demo.packages(now=now, rng=random.Random(demo.SEED))

    assert first == second


def test_seed_demo_fills_a_realistic_catalogue_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    count = Dataset.published.count()
    call_command("seed_demo")

    assert 300 <= count == Dataset.published.count()
    municipalities = Dataset.published.exclude(municipality=None).values("municipality")
    assert municipalities.distinct().count() >= 50
    assert not Dataset.published.filter(areas=None).exists()  # every one is classified
    assert Dataset.published.filter(municipality=None, publisher_name="Region Midtjylland").exists()
