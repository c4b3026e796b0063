"""Celery tasks of the projects app: thin, they fetch ids and call the services."""

from celery import shared_task

from places.geocoding import GeocoderUnavailable

from . import notifications, processing


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def process_submission(self, project_id: int) -> str:
    outcome = processing.project_process(project_id=project_id)
    if outcome.retry_in is not None:
        # The row says when; retrying the task is only the fast path (the sweeper is the other).
        raise self.retry(countdown=outcome.retry_in, exc=GeocoderUnavailable("retry"))
    return outcome.action


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    ignore_result=True,
)
def notify_author(project_id: int, decision_id: int) -> bool:
    return notifications.notify_author(project_id=project_id, decision_id=decision_id)


@shared_task(ignore_result=True)
def sweep_stuck_projects() -> int:
    return len(processing.sweep_stuck_projects())
