"""Human moderation of projects: the services behind the admin queue's actions and public
reports. Every decision is recorded in the moderation audit log, and the author is told."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from moderation.models import ModerationDecision
from moderation.services import ReportTally, decision_record, report_submit, reports_resolve
from places.geocoding import in_denmark, municipality_at
from smartcity.enqueue import delay_on_commit

from .models import Project
from .processing import decision_notify_on_commit

Action = ModerationDecision.Action


def _decide(
    project: Project, *, by: User | None, action: str, note: str = "", reasons=None, **changes
):
    changes.setdefault("lease_expires_at", None)
    for name, value in changes.items():
        setattr(project, name, value)
    project.save(update_fields=[*changes, "updated_at"])
    if reasons is None:
        reasons = [note] if note else ()
    return decision_record(obj=project, action=action, actor=by, note=note, reasons=reasons)


@transaction.atomic
def project_publish(*, project: Project, by: User) -> Project:
    """Publish a waiting project, or make a waiting edit of a published one public."""
    from .services import project_apply_pending_changes

    if project.state == Project.State.PUBLISHED and project.pending_changes:
        project_apply_pending_changes(project=project)
        decision = _decide(project, by=by, action=Action.EDIT, pending_checked_at=None)
    else:
        first_time = project.published_at is None
        decision = _decide(
            project,
            by=by,
            action=Action.PUBLISH,
            state=Project.State.PUBLISHED,
            published_at=project.published_at or timezone.now(),
            rejection_reason="",
        )
        if first_time:
            from .services import project_announce_published

            project_announce_published(project_id=project.pk)
    reports_resolve(obj=project, by=by, upheld=False)
    decision_notify_on_commit(project.pk, decision)
    return project


@transaction.atomic
def project_reject(*, project: Project, by: User, reason: str) -> Project:
    """Reject with a reason the author is sent. A published project with a waiting edit keeps
    its public version; the edit is dropped."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Write or choose a reason for the author.")]})
    if project.state == Project.State.PUBLISHED and project.pending_changes:
        decision = _decide(
            project, by=by, action=Action.REJECT, note=reason, pending_changes=None,
            pending_checked_at=None, rejection_reason=reason,
        )  # fmt: skip
    else:
        decision = _decide(
            project, by=by, action=Action.REJECT, note=reason, state=Project.State.REJECTED,
            rejection_reason=reason,
        )  # fmt: skip
    reports_resolve(obj=project, by=by, upheld=True)
    decision_notify_on_commit(project.pk, decision)
    return project


@transaction.atomic
def project_hide(*, project: Project, by: User | None, note: str = "") -> Project:
    _decide(project, by=by, action=Action.HIDE, note=note, state=Project.State.HIDDEN)
    if by is not None:
        reports_resolve(obj=project, by=by, upheld=True)
    return project


@transaction.atomic
def project_restore(*, project: Project, by: User) -> Project:
    """Undo a hide or a rejection: back to published if it had been published, else to the
    queue."""
    state = Project.State.PUBLISHED if project.published_at else Project.State.NEEDS_REVIEW
    _decide(project, by=by, action=Action.RESTORE, state=state, rejection_reason="")
    reports_resolve(obj=project, by=by, upheld=False)
    return project


@transaction.atomic
def project_rerun(*, project: Project, by: User) -> Project:
    """Run the whole pipeline again (e.g. after the geocoder came back)."""
    from .tasks import process_submission

    fields = {"attempts": 0, "next_attempt_at": None, "last_error": ""}
    if project.state == Project.State.PUBLISHED and project.pending_changes:
        fields["pending_checked_at"] = None
    else:
        fields["state"] = Project.State.SUBMITTED
    _decide(project, by=by, action=Action.RERUN, **fields)
    delay_on_commit(process_submission, project.pk)
    return project


@transaction.atomic
def project_relocate(*, project: Project, by: User, lat: float, lng: float) -> Project:
    """A moderator corrects the location (drags the pin)."""
    if not in_denmark(lat, lng):
        raise ValidationError({"lat": [_("The location must be in Denmark.")]})
    municipality = municipality_at(lat, lng)
    _decide(
        project,
        by=by,
        action=Action.RELOCATE,
        note=f"{lat:.5f}, {lng:.5f}",
        lat=lat,
        lng=lng,
        precision=Project.Precision.POINT,
        municipality=municipality,
    )
    return project


@transaction.atomic
def project_report(*, project: Project, reporter: User, reason: str, text: str) -> ReportTally:
    """A signed-in user reports a published project. When the reports' weight reaches the
    threshold (moderation.services.report_submit) the project is hidden until a moderator has
    looked. Raises AlreadyReported."""

    def take_down(why) -> None:
        _decide(
            project, by=None, action=Action.REPORT_HIDE, note=why.message, reasons=[why],
            state=Project.State.HIDDEN,
        )  # fmt: skip

    return report_submit(
        obj=project,
        reporter=reporter,
        reason=reason,
        text=text,
        is_public=project.state == Project.State.PUBLISHED,
        take_down=take_down,
    )
