from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "celery:heartbeat"


@shared_task(ignore_result=True)
def record_heartbeat() -> None:
    """Run by beat every minute, so /healthz can tell when beat or the workers last ran."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Run by beat: send the tasks a broker outage kept back (see smartcity.enqueue)."""
    from .enqueue import sweep_outbox as sweep

    return len(sweep())
