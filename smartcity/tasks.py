from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(ignore_result=True)
def record_heartbeat() -> None:
    """Run by beat every minute, so /healthz can tell when beat or the workers last ran."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)
