"""Celery tasks of the moderation app: thin, they call the services."""

from celery import shared_task

from smartcity.emails import DECISION_MAIL_TASK

from .appeals import appeal_notify_outcome


@shared_task(**DECISION_MAIL_TASK)
def appeal_notify(appeal_id: int) -> bool:
    return appeal_notify_outcome(appeal_id=appeal_id)
