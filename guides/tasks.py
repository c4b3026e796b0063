"""Celery tasks of the guides app: thin, they call the services."""

from celery import shared_task

from smartcity.emails import DECISION_MAIL_TASK

from . import notifications


@shared_task(**DECISION_MAIL_TASK)
def notify_version_author(version_id: int, decision_id: int) -> bool:
    return notifications.notify_version_author(version_id=version_id, decision_id=decision_id)
