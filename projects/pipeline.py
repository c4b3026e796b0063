"""The entry point of the submission pipeline (geocoding, screening, decision).

projects.services calls enqueue_processing() after a submission or an edit has committed. The
pipeline issue fills it in (a Celery task); until then a submission waits in `submitted`.
"""

import logging

logger = logging.getLogger(__name__)


def enqueue_processing(project_id: int) -> None:
    """Hand a project to the background pipeline. Must never raise: the row is already saved
    and a sweeper picks up whatever is left in `submitted`."""
    logger.debug("project %s waits for the pipeline", project_id)
