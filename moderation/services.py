"""Writes of the moderation app: the audit log and public reports. Generic: `obj` is any model
instance."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import ModerationDecision, Report
from moderation.screening import Reason, ScreeningResult
from moderation.selectors import object_filter

CODE_RE = re.compile(r"^[a-z][a-z0-9_.]*$")


class AlreadyReported(Exception):
    """The user has already reported this object."""


def _reason_dict(reason: Any) -> dict[str, Any]:
    if isinstance(reason, Reason):
        return reason.as_dict()
    if isinstance(reason, dict):
        return {
            "code": str(reason.get("code", "text")),
            "message_da": str(reason.get("message_da", reason.get("message", ""))),
            "message_en": str(reason.get("message_en", reason.get("message", ""))),
            "weight": float(reason.get("weight", 0.0)),
            "blocks_publication": bool(reason.get("blocks_publication", False)),
        }
    text = str(reason)
    # A bare code such as "geocoding.failed" keeps its code; free text is a "text" reason.
    return {
        "code": text if CODE_RE.match(text) else "text",
        "message_da": text,
        "message_en": text,
        "weight": 0.0,
        "blocks_publication": False,
    }


def decision_record(
    *,
    obj: models.Model,
    action: str,
    actor=None,
    reasons: Iterable[Any] | ScreeningResult = (),
    score: float | None = None,
    note: str = "",
) -> ModerationDecision:
    """Add one row to the audit log. `actor` None means the system decided; `reasons` are
    dicts (as from `ScreeningResult.as_json()`), `Reason`s or strings."""
    if isinstance(reasons, ScreeningResult):
        if score is None:
            score = reasons.score
        reasons = reasons.reasons
    human = actor is not None and actor.is_authenticated
    return ModerationDecision.objects.create(
        **object_filter(obj),
        actor=actor if human else None,
        automatic=not human,
        action=action,
        reasons=[_reason_dict(reason) for reason in reasons],
        score=score,
        note=note,
    )


# What a change of state is called in the audit log, for the content apps whose states are
# the common ones (needs_review, published, rejected, hidden): forum posts, comments.
_STATE_ACTIONS = {
    "published": ModerationDecision.Action.PUBLISH,
    "hidden": ModerationDecision.Action.HIDE,
    "rejected": ModerationDecision.Action.REJECT,
    "needs_review": ModerationDecision.Action.REVIEW,
}


def action_for_state_change(previous: str, state: str) -> str:
    """The audit action for moving content from `previous` to `state`: publishing what was
    hidden or rejected is a restore."""
    if state == "published" and previous in ("hidden", "rejected"):
        return ModerationDecision.Action.RESTORE
    return _STATE_ACTIONS[state]


def screening_record(
    *, obj: models.Model, state: str, result: ScreeningResult, note: str
) -> ModerationDecision:
    """The audit row of an automatic screening that left `obj` in `state`."""
    return decision_record(
        obj=obj, action=_STATE_ACTIONS.get(state, ModerationDecision.Action.REJECT),
        reasons=result, note=note,
    )  # fmt: skip


@dataclass(frozen=True)
class ReportTally:
    """The open reports on one object: how many users, and how much their standing weighs."""

    reporters: int
    weight: float

    @property
    def reached(self) -> bool:
        """Enough standing to take the content off the public pages until a moderator looks."""
        return self.weight >= settings.MODERATION_REPORTS_TO_HIDE


def reporter_standing(user, *, now=None) -> float:
    """How much one user's report weighs towards taking content down.

    A verified e-mail address is needed for any weight; an account younger than
    MODERATION_NEW_REPORTER_DAYS weighs MODERATION_NEW_REPORTER_WEIGHT instead of 1; each earlier
    report a moderator upheld adds MODERATION_UPHELD_REPORT_BONUS (at most two of them count).
    So a few brand-new accounts cannot take down anything; moderators see every report anyway."""
    from allauth.account.models import EmailAddress

    if not user.is_active or not EmailAddress.objects.filter(user=user, verified=True).exists():
        return 0.0
    age = (now or timezone.now()) - user.date_joined
    weight = 1.0
    if age < timedelta(days=settings.MODERATION_NEW_REPORTER_DAYS):
        weight = settings.MODERATION_NEW_REPORTER_WEIGHT
    upheld = Report.objects.filter(reporter=user, upheld=True).count()
    return round(weight + min(upheld, 2) * settings.MODERATION_UPHELD_REPORT_BONUS, 2)


def report_tally(obj: models.Model) -> ReportTally:
    """The open reports on `obj` (one per user, by the constraint), weighed."""
    reports = Report.objects.filter(**object_filter(obj), resolved_at__isnull=True)
    reporters = list(reports.select_related("reporter").order_by("reporter_id"))
    weight = sum(reporter_standing(report.reporter) for report in reporters)
    return ReportTally(reporters=len(reporters), weight=round(weight, 2))


def report_submit(
    *,
    obj: models.Model,
    reporter,
    reason: str,
    text: str,
    is_public: bool,
    take_down: Callable[[Reason], object],
) -> ReportTally:
    """The one report service: record a user's report of `obj` (once per user and object;
    raises AlreadyReported), weigh the open reports by their reporters' standing, and when
    they reach MODERATION_REPORTS_TO_HIDE on public content, call `take_down(reason)`: the
    app's own way to take the content off the public pages until a moderator looks, which
    records a `ModerationDecision.Action.REPORT_HIDE` decision with this reason."""
    report_create(obj=obj, reporter=reporter, reason=reason, text=text)
    tally = report_tally(obj)
    if tally.reached and is_public:
        take_down(
            Reason.build(
                "reports.threshold",
                _("Hidden after %(count)d reports."),
                0.0,
                count=tally.reporters,
            )
        )
    return tally


def report_create(*, obj: models.Model, reporter, reason: str, text: str) -> tuple[Report, int]:
    """Record a user's report of `obj`, once per user and object (see report_submit).

    Returns the report and the number of distinct users with an open report on `obj`."""
    if reason not in Report.Reason.values:
        raise ValueError(f"Unknown report reason: {reason!r}")
    where = object_filter(obj)
    if Report.objects.filter(**where, reporter=reporter).exists():
        raise AlreadyReported
    try:
        with transaction.atomic():
            report = Report.objects.create(
                **where, reporter=reporter, reason=reason, text=text.strip()[:2000]
            )
    except IntegrityError as error:  # two clicks at once: the constraint decides
        raise AlreadyReported from error
    return report, Report.objects.filter(**where, resolved_at__isnull=True).count()


def reports_resolve(*, obj: models.Model, by, upheld: bool | None = None) -> int:
    """Close every open report on `obj`; `upheld` says whether the moderator took the content
    down (True) or kept it (False). Returns how many were closed."""
    return Report.objects.filter(**object_filter(obj), resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, upheld=upheld
    )
