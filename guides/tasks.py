"""Celery tasks of the guides app: thin, they call the services."""

from celery import shared_task

from . import notifications


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8, ignore_result=True
)
def notify_version_author(version_id: int, decision_id: int) -> bool:
    return notifications.notify_version_author(version_id=version_id, decision_id=decision_id)
