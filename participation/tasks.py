"""Celery tasks of participation: thin, they call the e-mail services."""

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from smartcity.enqueue import delay_on_commit

from . import digests


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def send_immediate(kind: str, content_type_id: int, object_id: int) -> int:
    return digests.send_immediate(kind=kind, content_type_id=content_type_id, object_id=object_id)


@shared_task(acks_late=True)
def send_digests(frequency: str) -> int:
    """Beat: enqueue one batch task per PARTICIPATION_DIGEST_BATCH_SIZE users with something
    unmailed, never one task per subscriber. Returns the number of batches."""
    cutoff = timezone.now()
    batches = digests.digest_plan(frequency=frequency, now=cutoff)
    for user_ids in batches:
        delay_on_commit(send_digest_batch, frequency, user_ids, cutoff.isoformat())
    return len(batches)


@shared_task(acks_late=True, max_retries=3, default_retry_delay=300)
def send_digest_batch(frequency: str, user_ids: list[int], cutoff: str) -> int:
    return digests.digest_batch(
        frequency=frequency, user_ids=user_ids, cutoff=parse_datetime(cutoff)
    )
