"""Celery tasks of the moderation app: thin, they call the services."""

from celery import shared_task

from .appeals import appeal_notify_outcome


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    ignore_result=True,
)
def appeal_notify(appeal_id: int) -> bool:
    return appeal_notify_outcome(appeal_id=appeal_id)
