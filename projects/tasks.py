"""Celery tasks of the projects app: thin, they fetch ids and call the services."""

from celery import shared_task

from places.geocoding import GeocoderUnavailable
from smartcity.emails import DECISION_MAIL_TASK

from . import notifications, processing


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def process_submission(self, project_id: int) -> str:
    outcome = processing.project_process(project_id=project_id)
    if outcome.retry_in is not None:
        # The row says when; retrying the task is only the fast path (the sweeper is the other).
        raise self.retry(countdown=outcome.retry_in, exc=GeocoderUnavailable("retry"))
    return outcome.action


@shared_task(**DECISION_MAIL_TASK)
def notify_author(project_id: int, decision_id: int) -> bool:
    return notifications.notify_author(project_id=project_id, decision_id=decision_id)


@shared_task(ignore_result=True)
def sweep_stuck_projects() -> int:
    return len(processing.sweep_stuck_projects())


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_moderators(project_id: int) -> int:
    return notifications.notify_moderators(project_id=project_id)


@shared_task(ignore_result=True)
def delete_orphan_images() -> int:
    from .services import project_images_delete_orphans

    return project_images_delete_orphans()
