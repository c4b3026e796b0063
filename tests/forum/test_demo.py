import pytest
from django.core.management import call_command

from forum.models import Post, Thread

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
