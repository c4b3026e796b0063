"""Moderation's part of the data export and account deletion (see accounts/personal_data.py).

Reports a user made are exported and their free text erased on deletion. Decisions keep
their actor: the deleted account's row stays as an empty stand-in, so the log holds a
pseudonymous id rather than a person."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register

from .models import Appeal, ModerationDecision, Report


def decisions_about(model, ids) -> dict[int, Rows]:
    """The decisions about these objects of one model, as export rows by object id (one
    query). Who decided is not given: moderators are people too."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    rows: dict[int, Rows] = defaultdict(list)
    decisions = ModerationDecision.objects.filter(
        content_type=content_type, object_id__in=list(ids)
    ).order_by("created_at", "id")
    for decision in decisions:
        rows[decision.object_id].append(
            {
                "action": decision.action,
                "automatic": decision.actor_id is None and decision.automatic,
                "reasons": decision.reason_messages,
                "note": decision.note,
                "created_at": iso(decision.created_at),
            }
        )
    return rows


def _reports(user) -> Rows:
    reports = Report.objects.filter(reporter=user).select_related("content_type")
    return [
        {
            "content_type": report.content_type.model,
            "object_id": report.object_id,
            "reason": report.reason,
            "text": report.text,
            "created_at": iso(report.created_at),
            "resolved_at": iso(report.resolved_at),
        }
        for report in reports
    ]


def _decisions_made(user) -> Rows:
    decisions = ModerationDecision.objects.filter(actor=user).select_related("content_type")
    return [
        {
            "content_type": decision.content_type.model,
            "object_id": decision.object_id,
            "action": decision.action,
            "note": decision.note,
            "created_at": iso(decision.created_at),
        }
        for decision in decisions.order_by("created_at", "id")
    ]


def _appeals(user) -> Rows:
    appeals = Appeal.objects.filter(appellant=user).select_related("content_type")
    return [
        {
            "content_type": appeal.content_type.model,
            "object_id": appeal.object_id,
            "reason": appeal.reason,
            "state": appeal.state,
            "decision_reason": appeal.decision_reason,
            "created_at": iso(appeal.created_at),
            "decided_at": iso(appeal.decided_at),
        }
        for appeal in appeals.order_by("created_at", "id")
    ]


def _erase(user) -> None:
    # The reports still count (a report hides content after a threshold); the words go.
    Report.objects.filter(reporter=user).update(text="")


def _erase_appeals(user) -> None:
    # An appeal stays (an item is appealed once); its author's words go.
    Appeal.objects.filter(appellant=user).update(reason="")


register(
    "reports",
    title=_("Reports made"),
    description=_("Content you reported to the moderators."),
    fields={
        "content_type": _("The kind of content (project, post, event …)"),
        "object_id": _("Its number"),
        "reason": _("The reason you chose"),
        "text": _("Your explanation"),
        "created_at": _("When you reported it"),
        "resolved_at": _("When a moderator dealt with it"),
    },
    export=_reports,
    erase=_erase,
)
register(
    "appeals",
    title=_("Appeals"),
    description=_("Decisions on your content that you appealed, and their outcome."),
    fields={
        "content_type": _("The kind of content"),
        "object_id": _("Its number"),
        "reason": _("Why you appealed"),
        "state": _("Waiting, granted or refused"),
        "decision_reason": _("The moderator's reason"),
        "created_at": _("When you appealed"),
        "decided_at": _("When it was decided"),
    },
    export=_appeals,
    erase=_erase_appeals,
)
register(
    "moderation_decisions",
    title=_("Moderation decisions made"),
    description=_("Decisions you made as a moderator (empty for everyone else)."),
    fields={
        "content_type": _("The kind of content"),
        "object_id": _("Its number"),
        "action": _("What you decided"),
        "note": _("Your note"),
        "created_at": _("When"),
    },
    export=_decisions_made,
)
