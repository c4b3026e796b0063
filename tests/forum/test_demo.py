from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from forum import services
from forum.models import Post, State, Thread
from moderation.models import ModerationDecision

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_danish_threads_with_answers_once(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    titles = set(Thread.objects.values_list("title", flat=True))
    assert "Erfaringer med parkeringssensorer i asfalten?" in titles
    assert "LED-gadelys: hvor meget dæmper I om natten?" in titles
    assert "Trafiktælling i rundkørsler med kameraer eller radar?" in titles
    assert "Hvordan udgiver I sensordata som åbne data?" in titles
    assert Thread.objects.count() == 5
    assert not Post.objects.exclude(state="published").exists()
    assert Thread.objects.filter(solution__isnull=False).count() == 5
    page = client.get("/forum/c/smart-parkering/").content.decode()
    assert "Erfaringer med parkeringssensorer" in page


def test_staff_posts_right_after_seed_demo_are_not_held():
    call_command("seed_demo")
    jens = User.objects.get(email="trafik@aarhus.dk")
    thread = Thread.objects.get(title="Erfaringer med parkeringssensorer i asfalten?")

    post = services.post_create(
        author=jens,
        thread=thread,
        body="Vi har netop udvidet med 200 sensorer i Frederiksbjerg.",
        enforce_rate_limit=False,
    )

    assert post.state == State.PUBLISHED, post.screening
    # The demo itself needed no moderator: every demo post passed screening on its own.
    assert not ModerationDecision.objects.filter(note="demo content").exists()
    assert Post.objects.filter(created_at__gte=timezone.now() - timedelta(hours=1)).count() == 1
