from celery import shared_task

from . import services


@shared_task(acks_late=True, soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
def harvest_all_sources() -> list[int]:
    """Nightly (beat): harvest every enabled source; each run is recorded."""
    return [run.pk for run in services.harvest_all()]
