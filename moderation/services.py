"""Writes of the moderation app: the audit log and public reports. Generic: `obj` is any model
instance."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from moderation.models import ModerationDecision, Report
from moderation.screening import Reason, ScreeningResult

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
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        actor=actor if human else None,
        automatic=not human,
        action=action,
        reasons=[_reason_dict(reason) for reason in reasons],
        score=score,
        note=note,
    )


def _object_filter(obj: models.Model) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=True),
        "object_id": obj.pk,
    }


def report_create(*, obj: models.Model, reporter, reason: str, text: str) -> tuple[Report, int]:
    """Record a user's report of `obj`, once per user and object.

    Returns the report and the number of distinct users with an open report on `obj`; the
    caller hides the content when that reaches `settings.MODERATION_REPORTS_TO_HIDE` and
    records the decision."""
    if reason not in Report.Reason.values:
        raise ValueError(f"Unknown report reason: {reason!r}")
    where = _object_filter(obj)
    if Report.objects.filter(**where, reporter=reporter).exists():
        raise AlreadyReported
    try:
        with transaction.atomic():
            report = Report.objects.create(
                **where, reporter=reporter, reason=reason, text=text.strip()[:2000]
            )
    except IntegrityError as error:  # two clicks at once: the constraint decides
        raise AlreadyReported from error
    open_reporters = (
        Report.objects.filter(**where, resolved_at__isnull=True)
        .values("reporter")
        .distinct()
        .count()
    )
    return report, open_reporters


def reports_resolve(*, obj: models.Model, by) -> int:
    """Close every open report on `obj`; returns how many were closed."""
    return Report.objects.filter(**_object_filter(obj), resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )
