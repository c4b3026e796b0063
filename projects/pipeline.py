"""The entry point of the submission pipeline (geocoding, screening, decision).

projects.services calls enqueue_processing() after a submission or an edit has committed; the
Celery task calls projects.processing. See that module for how nothing is lost.
"""


def enqueue_processing(project_id: int) -> None:
    """Hand a project to the background pipeline. Never raises: the row is already saved, and
    if the broker is down the sweeper enqueues it once the broker is back."""
    from .processing import _send_task
    from .tasks import process_submission

    _send_task(process_submission, project_id)
