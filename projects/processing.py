"""The submission pipeline's services: claim → locate → screen → decide → notify.

The Celery tasks in projects/tasks.py only call these. The project row is the source of truth:
a worker claims a row by taking a lease with one conditional UPDATE, so a task delivered twice,
or two workers, cannot process the same submission twice; a row whose lease expired (worker
killed) or that never reached the broker is picked up again by sweep_stuck_projects().
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import ModerationDecision
from moderation.screening import (
    Content,
    Reason,
    ScreeningResult,
    Verdict,
    blocking_reason,
    screen_and_decide,
)
from moderation.services import decision_record
from places.geocoding import GeocoderUnavailable, geocode, in_denmark, municipality_at
from smartcity.enqueue import delay_on_commit, send_now

from .models import Project
from .results import RESULT_FIELDS, results_text
from .similar import Similarity, similar_projects

Action = ModerationDecision.Action

logger = logging.getLogger(__name__)

# An edit of a published project that the pipeline has not screened yet.
UNSCREENED_EDIT = Q(
    state=Project.State.PUBLISHED, pending_changes__isnull=False, pending_checked_at__isnull=True
)


@dataclass(frozen=True)
class Outcome:
    project_id: int
    action: str  # "publish", "review", "reject" or "" when nothing was done
    decision_id: int | None = None
    retry_in: float | None = None  # seconds, when a network error asks for another attempt


# --- claiming ---------------------------------------------------------------------------------


def project_claim(*, project_id: int) -> Project | None:
    """Take the processing lease on a project, or return None if there is nothing to do (already
    processed, withdrawn, or leased by another worker whose lease has not expired)."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.PIPELINE_LEASE_SECONDS)
    new_row = Q(state=Project.State.SUBMITTED) | Q(
        state=Project.State.PROCESSING, lease_expires_at__lt=now
    )
    claimed = Project.objects.filter(new_row, pk=project_id).update(
        state=Project.State.PROCESSING,
        lease_expires_at=lease,
        attempts=F("attempts") + 1,
        next_attempt_at=None,
    )
    if not claimed:
        # An edit of a published project keeps its state; the lease alone guards it.
        claimed = Project.objects.filter(
            UNSCREENED_EDIT,
            Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now),
            pk=project_id,
        ).update(lease_expires_at=lease, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return Project.objects.select_related("author", "theme").get(pk=project_id)


def _still_ours(project: Project) -> Q:
    """The row is still leased by this worker (same lease expiry as when it was claimed)."""
    return Q(pk=project.pk, lease_expires_at=project.lease_expires_at)


# --- locating ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    lat: float | None
    lng: float | None
    municipality_id: int | None
    precision: str
    in_denmark: bool | None
    problem: Reason | None = None


def project_locate(*, lat: float | None, lng: float | None, address: str) -> Location:
    """Where the project is: the picked point (its municipality found by reverse geocoding) or
    the geocoded address. Raises GeocoderUnavailable when an online geocoder cannot answer."""
    if lat is not None and lng is not None:
        inside = in_denmark(lat, lng)
        municipality = municipality_at(lat, lng) if inside else None
        return Location(
            lat, lng, municipality.pk if municipality else None, Project.Precision.POINT, inside
        )
    results = geocode(address) if address.strip() else []
    if not results:
        return Location(
            None,
            None,
            None,
            "",
            None,
            blocking_reason("geocoding.not_found", _("The address could not be found.")),
        )
    best = results[0]
    return Location(
        best.lat,
        best.lng,
        best.municipality.pk if best.municipality else None,
        best.precision,
        in_denmark(best.lat, best.lng),
    )


# --- screening --------------------------------------------------------------------------------


def duplicate_candidates(
    project: Project, texts: dict[str, str], location: Location
) -> list[Project]:
    """What the near-duplicate rule compares the project's texts with: the similar published
    projects the submission form showed for the same title, summary, place and theme."""
    return similar_projects(
        Similarity(
            title=texts.get("title", ""),
            summary=texts.get("summary", ""),
            lat=location.lat,
            lng=location.lng,
            theme_id=project.theme_id,
            exclude_pk=project.pk,
        )
    )


def project_screen(*, project: Project, texts: dict[str, str], location: Location):
    content = Content(
        kind="project",
        texts=texts,
        author=project.author,
        lat=location.lat,
        lng=location.lng,
        in_denmark=location.in_denmark,
        duplicates_of=[
            (other.title, f"{other.title} {other.summary}")
            for other in duplicate_candidates(project, texts, location)
        ],
    )
    return screen_and_decide(
        content=content,
        own_items=Project.objects.filter(author=project.author).exclude(pk=project.pk),
        published=Q(state=Project.State.PUBLISHED),
        recent_since=timezone.now() - timedelta(hours=settings.MODERATION_VELOCITY_WINDOW_HOURS),
        extra_reasons=[location.problem] if location.problem else (),
    )


# --- the whole step ---------------------------------------------------------------------------


def project_process(*, project_id: int) -> Outcome:
    """Run the pipeline once for a project. Idempotent: a second call finds nothing to claim."""
    project = project_claim(project_id=project_id)
    if project is None:
        return Outcome(project_id, "")
    if project.state == Project.State.PUBLISHED:
        return _process_pending_changes(project)
    if project.attempts > settings.PIPELINE_MAX_ATTEMPTS:
        # Workers died on this row again and again: a person should look at it.
        return _hand_to_moderator(
            project,
            blocking_reason("pipeline.failed", _("Automatic checking failed repeatedly.")),
            error="too many attempts",
        )

    try:
        location = project_locate(lat=project.lat, lng=project.lng, address=project.address)
    except GeocoderUnavailable as error:
        return _geocoding_failed(project, error)

    texts = {
        "title": project.title,
        "summary": project.summary,
        "body": project.description,
        "results": results_text(project.results.values(*RESULT_FIELDS)),
    }
    result, verdict = project_screen(project=project, texts=texts, location=location)
    state = verdict.state
    now = timezone.now()
    with transaction.atomic():
        updated = Project.objects.filter(_still_ours(project)).update(
            state=state,
            lat=location.lat,
            lng=location.lng,
            municipality_id=location.municipality_id,
            precision=location.precision,
            screening_score=result.score,
            screening_reasons=result.as_json(),
            lease_expires_at=None,
            last_error="",
            published_at=now if state == Project.State.PUBLISHED else None,
            rejection_reason=_rejection_text(result) if state == Project.State.REJECTED else "",
        )
        if not updated:  # the lease expired and another worker took over
            return Outcome(project_id, "")
        decision = decision_record(
            obj=project, action=Action(verdict), reasons=result, score=result.score
        )
    decision_notify_on_commit(project_id, decision)
    if state == Project.State.PUBLISHED:
        from .services import project_announce_published

        project_announce_published(project_id=project_id)
    logger.info("project %s → %s (score %s)", project_id, state, result.score)
    return Outcome(project_id, verdict.value, decision.pk)


def _rejection_text(result: ScreeningResult) -> str:
    return "; ".join(reason.message for reason in result.reasons)


def _geocoding_failed(project: Project, error: Exception) -> Outcome:
    """Network trouble: try again later with back-off, and after the last attempt hand the
    project to a moderator with the reason instead of failing silently."""
    if project.attempts < settings.PIPELINE_MAX_ATTEMPTS:
        delay = settings.PIPELINE_RETRY_BASE_SECONDS * 2 ** (project.attempts - 1)
        Project.objects.filter(_still_ours(project)).update(
            state=Project.State.SUBMITTED,
            lease_expires_at=None,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            last_error=str(error)[:500],
        )
        return Outcome(project.pk, "", retry_in=delay)
    reason = blocking_reason(
        "geocoding.failed", _("Geocoding failed: the address service did not answer.")
    )
    return _hand_to_moderator(project, reason, error=str(error))


def _hand_to_moderator(project: Project, reason: Reason, *, error: str) -> Outcome:
    with transaction.atomic():
        updated = Project.objects.filter(_still_ours(project)).update(
            state=Project.State.NEEDS_REVIEW,
            lease_expires_at=None,
            last_error=error[:500],
            screening_reasons=[reason.as_dict()],
        )
        if not updated:
            return Outcome(project.pk, "")
        decision = decision_record(obj=project, action=Action.REVIEW, reasons=[reason])
    decision_notify_on_commit(project.pk, decision)
    return Outcome(project.pk, Verdict.REVIEW.value, decision.pk)


def _process_pending_changes(project: Project) -> Outcome:
    """Screen an edit of a published project. Clean edits by trusted authors go live; anything
    else waits for a moderator while the public page keeps the published version."""
    from .services import project_apply_pending_changes

    pending = project.pending_changes
    texts = {
        "title": pending.get("title", ""),
        "summary": pending.get("summary", ""),
        "body": pending.get("description", ""),
        "results": results_text(pending.get("results") or []),
    }
    try:
        location = project_locate(
            lat=pending.get("lat"), lng=pending.get("lng"), address=pending.get("address", "")
        )
    except GeocoderUnavailable:
        reason = blocking_reason(
            "geocoding.failed", _("Geocoding failed: the address service did not answer.")
        )
        location = Location(None, None, None, "", None, reason)
    result, verdict = project_screen(project=project, texts=texts, location=location)
    with transaction.atomic():
        locked = Project.objects.select_for_update().filter(_still_ours(project)).first()
        if locked is None:
            return Outcome(project.pk, "")
        if verdict == Verdict.PUBLISH:
            project_apply_pending_changes(project=locked)
            Project.objects.filter(pk=project.pk).update(
                lat=location.lat,
                lng=location.lng,
                municipality_id=location.municipality_id,
                precision=location.precision,
            )
        Project.objects.filter(pk=project.pk).update(
            lease_expires_at=None,
            # Screened: a moderator decides the rest in admin (the project stays published).
            pending_checked_at=None if verdict == Verdict.PUBLISH else timezone.now(),
            screening_score=result.score,
            screening_reasons=result.as_json(),
        )
        decision = decision_record(
            obj=project,
            action=Action.EDIT if verdict == Verdict.PUBLISH else Action.REVIEW,
            reasons=result,
            score=result.score,
            note="pending changes",
        )
    return Outcome(project.pk, decision.action, decision.pk)


# --- notification -----------------------------------------------------------------------------


def decision_notify_on_commit(project_id: int, decision: ModerationDecision) -> None:
    """Once committed, tell the author of a decision worth an e-mail (and the moderators of a
    project that starts waiting, when MODERATION_NOTIFY_MODERATORS asks for it)."""
    from .notifications import NOTIFIED_ACTIONS
    from .tasks import notify_author, notify_moderators

    if decision.action in NOTIFIED_ACTIONS:
        delay_on_commit(notify_author, project_id, decision.pk)
    waits = decision.action == Verdict.REVIEW and decision.actor_id is None
    if waits and settings.MODERATION_NOTIFY_MODERATORS:
        delay_on_commit(notify_moderators, project_id)


# --- the sweeper ------------------------------------------------------------------------------


def sweep_stuck_projects(*, limit: int = 500) -> list[int]:
    """Find submissions that need (another) attempt: never enqueued (broker was down), due for
    a retry, or whose worker died holding the lease. Returns their ids; the caller enqueues."""
    from .tasks import process_submission

    now = timezone.now()
    grace = now - timedelta(seconds=settings.PIPELINE_SWEEP_GRACE_SECONDS)
    due = (
        Q(state=Project.State.SUBMITTED, next_attempt_at__isnull=True, updated_at__lt=grace)
        | Q(state=Project.State.SUBMITTED, next_attempt_at__lte=now)
        | Q(state=Project.State.PROCESSING, lease_expires_at__lt=now)
        | UNSCREENED_EDIT
        & Q(updated_at__lt=grace)
        & (Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
    )
    rows = Project.objects.filter(due).order_by("updated_at").values_list("pk", flat=True)
    ids = list(rows[:limit])
    for project_id in ids:
        # Straight to the broker: the row itself is what the next sweep looks at.
        send_now(process_submission, project_id)
    return ids
