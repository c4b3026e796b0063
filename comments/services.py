"""Writes on comments. The view, the admin and appeals all go through these.

Comments pass through the shared screening engine and audit log as every other piece of
content does: a citizen's first comments wait for a moderator, a trusted user's publish at
once, reports take a comment down at the threshold.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import ModerationDecision
from moderation.rules import comparable_text, velocity_window
from moderation.screening import Content, ScreeningResult, screen_and_decide
from moderation.services import (
    ReportTally,
    action_for_state_change,
    report_submit,
    reports_resolve,
    screening_record,
)
from projects.models import Project
from smartcity.activity import Kind, announce
from smartcity.limits import limit_check
from smartcity.markdown import render_markdown

from .models import Comment

Action = ModerationDecision.Action
State = Comment.State
DOWN_STATES = (State.REJECTED, State.HIDDEN)


def check_can_comment(user, project: Project) -> None:
    """Signed-in users with a verified e-mail address comment on published projects."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to comment."))
    if project.state != Project.State.PUBLISHED:
        raise PermissionDenied(_("Only published projects can be commented on."))
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise PermissionDenied(_("Confirm your e-mail address before you comment."))


def _check_rate_limit(user) -> None:
    limit_check(
        user=user,
        scope="comments_hourly",
        limit=settings.COMMENTS_PER_HOUR,
        per_seconds=3600,
        message=_(
            "You have reached the limit of %(limit)s comments an hour. Please try again later "
            "— your text is kept below."
        ),
        params={"limit": settings.COMMENTS_PER_HOUR},
    )


def _screen(*, author, body: str) -> tuple[str, ScreeningResult]:
    now = timezone.now()
    mine = Comment.objects.filter(author=author)
    # The author's own recent comments are the duplicate candidates (copy-paste spam).
    recent = mine.filter(created_at__gte=now - timedelta(days=1)).only("id", "body")
    content = Content(
        kind="comment",
        texts={"body": body},
        author=author,
        duplicates_of=[(f"#{c.pk}", comparable_text({"body": c.body})) for c in recent[:5]],
    )
    result, verdict = screen_and_decide(
        content=content,
        own_items=mine,
        published=Q(state=State.PUBLISHED),
        recent_since=now - velocity_window("comment"),
    )
    return verdict.state, result


def comment_create(
    *, author, project: Project, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on a published project, or reply to one of its comments (a reply to a reply
    joins the same conversation, one level deep). Raises PermissionDenied, ValidationError
    or LimitReached with a message in the user's language."""
    check_can_comment(author, project)
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a comment.")]})
    if len(body) > settings.MODERATION_MAX_LENGTH["comment"]:
        raise ValidationError(
            {"body": [_("A comment can be at most %(max)d characters long.")]},
            params={"max": settings.MODERATION_MAX_LENGTH["comment"]},
        )
    if parent is not None:
        if parent.project_id != project.pk or parent.state != State.PUBLISHED:
            raise ValidationError(_("You can only reply to a published comment on this project."))
        if parent.parent_id is not None:
            parent = parent.parent
    _check_rate_limit(author)
    state, screening = _screen(author=author, body=body)
    with transaction.atomic():
        comment = Comment.objects.create(
            project=project,
            parent=parent,
            author=author,
            body=body,
            body_html=render_markdown(body),
            state=state,
            screening={"score": screening.score, "reasons": screening.as_json()},
            published_at=timezone.now() if state == State.PUBLISHED else None,
        )
        screening_record(obj=comment, state=state, result=screening, note="comments: screening")
        if state == State.PUBLISHED:
            _announce(comment)
    return comment


def _announce(comment: Comment) -> None:
    announce(comment.project, Kind.COMMENTED, actor=comment.author, comment_id=comment.pk)


def comment_set_state(
    *, comment: Comment, state: str, by, note: str = "", reasons=(), action: str | None = None
) -> Comment:
    """Publish, hide or reject a comment (by=None: the system, after reports). A moderator's
    decision also closes the open reports on the comment."""
    if by is not None and not (by.is_superuser or by.is_moderator):
        raise PermissionDenied("Only moderators may do this.")
    if state not in State.values:
        raise ValueError(f"Unknown state {state!r}")
    previous = comment.state
    if action is None:
        action = action_for_state_change(previous, state)
    with transaction.atomic():
        comment.state = state
        fields = ["state"]
        first_publication = state == State.PUBLISHED and comment.published_at is None
        if first_publication:
            comment.published_at = timezone.now()
            fields.append("published_at")
        comment.save(update_fields=fields)
        from moderation.services import decision_record

        decision_record(obj=comment, action=action, actor=by, reasons=reasons, note=note)
        if by is not None:
            reports_resolve(obj=comment, by=by, upheld=state in DOWN_STATES)
        if first_publication:
            _announce(comment)
    return comment


def comment_report(*, comment: Comment, reporter, reason: str, text: str) -> ReportTally:
    """A signed-in user reports a published comment (once; raises AlreadyReported). At the
    threshold the comment waits for a moderator again."""
    if not reporter.is_authenticated or comment.author_id == reporter.pk:
        raise PermissionDenied(_("You cannot report this comment."))

    def take_down(why) -> None:
        comment_set_state(
            comment=comment,
            state=State.NEEDS_REVIEW,
            by=None,
            action=Action.REPORT_HIDE,
            reasons=[why],
            note=why.message,
        )

    return report_submit(
        obj=comment,
        reporter=reporter,
        reason=reason,
        text=text,
        is_public=comment.state == State.PUBLISHED,
        take_down=take_down,
    )
