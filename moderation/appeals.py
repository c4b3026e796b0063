"""Appeals: an author asks a second moderator to look again at a rejection or a hide.

The rules, the same for every kind of content:

- only the item's author, only while the item is rejected or hidden, and only once per item;
- within MODERATION_APPEAL_DAYS of the decision appealed (the latest rejection or hide);
- the appeal waits in the moderation queue and is decided by a moderator other than the one
  who made that decision (and other than the appellant);
- the outcome and its reason are e-mailed to the author; every step is in the audit log.

Moderation knows no content app: each registers what it needs in its AppConfig.ready():

    register_appealable(
        kind="comment", model=Comment, label=_("comment"),
        author_id=lambda c: c.author_id,
        is_down=lambda c: c.state in (Comment.State.REJECTED, Comment.State.HIDDEN),
        restore=lambda c, by, note: comment_set_state(comment=c, state=..., by=by, note=note),
        url=lambda c: c.get_absolute_url(),
        title=lambda c: ...,
    )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Appeal, ModerationDecision
from .selectors import object_filter
from .services import decision_record

Action = ModerationDecision.Action
# The decisions an author can appeal against.
APPEALABLE_ACTIONS = (Action.REJECT, Action.HIDE, Action.REPORT_HIDE)


@dataclass(frozen=True)
class Appealable:
    kind: str
    model: type[models.Model]
    label: Any
    author_id: Callable[[Any], int | None]
    is_down: Callable[[Any], bool]
    restore: Callable[[Any, Any, str], object]
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    text: Callable[[Any], str]  # what the author wrote, shown on the appeal page and in admin


_kinds: dict[str, Appealable] = {}


def register_appealable(
    *,
    kind: str,
    model: type[models.Model],
    label,
    author_id: Callable[[Any], int | None],
    is_down: Callable[[Any], bool],
    restore: Callable[[Any, Any, str], object],
    url: Callable[[Any], str],
    title: Callable[[Any], str] = str,
    text: Callable[[Any], str] = lambda obj: "",
) -> None:
    _kinds[kind] = Appealable(kind, model, label, author_id, is_down, restore, url, title, text)


def appealable_kind(kind: str) -> Appealable | None:
    return _kinds.get(kind)


def appealable_for(obj: models.Model) -> Appealable | None:
    model = obj._meta.concrete_model
    return next((a for a in _kinds.values() if a.model is model), None)


# --- what the item's page shows its author --------------------------------------------------


@dataclass(frozen=True)
class AppealStatus:
    """Where an item stands for its author: `possible` (until `deadline`), `pending`,
    `decided` (the appeal tells the outcome), or `closed` (too late, or nothing to appeal)."""

    state: str
    kind: str
    object_id: int
    decision: ModerationDecision | None = None
    appeal: Appeal | None = None
    deadline: datetime | None = None

    @property
    def possible(self) -> bool:
        return self.state == "possible"

    @property
    def decision_appealed(self) -> ModerationDecision | None:
        return self.appeal.first_decision if self.appeal is not None else self.decision


def _deadline(decision: ModerationDecision) -> datetime:
    return decision.created_at + timedelta(days=settings.MODERATION_APPEAL_DAYS)


def appeal_statuses(objs: Iterable[models.Model], *, user) -> dict[int, AppealStatus]:
    """The appeal status of each of `objs` (one model) written by `user` that is down or was
    appealed, by pk. One query for the user's items (none when there are none of theirs), one
    more when some are down and not appealed, whatever the number of items."""
    objs = list(objs)
    if not objs or user is None or not user.is_authenticated:
        return {}
    appealable = appealable_for(objs[0])
    if appealable is None:
        return {}
    mine = [o for o in objs if appealable.author_id(o) == user.pk]
    if not mine:
        return {}
    content_type = ContentType.objects.get_for_model(appealable.model, for_concrete_model=True)
    appeals = {
        a.object_id: a
        for a in Appeal.objects.filter(
            content_type=content_type, object_id__in=[o.pk for o in mine]
        )
    }
    down = [o.pk for o in mine if appealable.is_down(o) and o.pk not in appeals]
    decisions: dict[int, ModerationDecision] = {}
    if down:
        rows = ModerationDecision.objects.filter(
            content_type=content_type, object_id__in=down, action__in=APPEALABLE_ACTIONS
        ).order_by("object_id", "-created_at", "-id")
        for decision in rows:
            decisions.setdefault(decision.object_id, decision)
    now = timezone.now()
    statuses = {}
    for obj in mine:
        decision, appeal = decisions.get(obj.pk), appeals.get(obj.pk)
        common = {"kind": appealable.kind, "object_id": obj.pk}
        if appeal is not None:
            state = "pending" if appeal.is_pending else "decided"
            statuses[obj.pk] = AppealStatus(state, appeal=appeal, **common)
        elif obj.pk not in down:
            continue
        elif decision is None or _deadline(decision) < now:
            statuses[obj.pk] = AppealStatus("closed", decision=decision, **common)
        else:
            statuses[obj.pk] = AppealStatus(
                "possible", decision=decision, deadline=_deadline(decision), **common
            )
    return statuses


def appeal_status(obj: models.Model, *, user) -> AppealStatus | None:
    return appeal_statuses([obj], user=user).get(obj.pk)


# --- writes -----------------------------------------------------------------------------------


def _decision_appealed(obj: models.Model) -> ModerationDecision | None:
    return (
        ModerationDecision.objects.filter(**object_filter(obj), action__in=APPEALABLE_ACTIONS)
        .order_by("-created_at", "-id")
        .first()
    )


def appeal_submit(*, obj: models.Model, by, reason: str) -> Appeal:
    """The author appeals the rejection or hide of `obj`. Raises PermissionDenied (not the
    author, or not an item that can be appealed) or ValidationError (no reason, already
    appealed, too late), with a message for the author."""
    appealable = appealable_for(obj)
    if appealable is None or not by.is_authenticated or appealable.author_id(obj) != by.pk:
        raise PermissionDenied(_("Only the author can appeal this decision."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the moderators why they should look again.")]})
    where = object_filter(obj)
    if Appeal.objects.filter(**where).exists():
        raise ValidationError(
            _("You have already appealed this decision. An item is appealed once.")
        )
    decision = _decision_appealed(obj)
    if not appealable.is_down(obj) or decision is None:
        raise ValidationError(_("Only a rejected or hidden item can be appealed."))
    if _deadline(decision) < timezone.now():
        raise ValidationError(
            _("The decision is more than %(days)d days old and can no longer be appealed."),
            params={"days": settings.MODERATION_APPEAL_DAYS},
        )
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                **where,
                appellant=by,
                reason=reason[:2000],
                first_decision=decision,
                first_decided_by_id=decision.actor_id,
            )
            decision_record(obj=obj, action=Action.APPEAL, actor=by, note=appeal.reason)
    except IntegrityError as error:  # two clicks at once: the constraint decides
        raise ValidationError(
            _("You have already appealed this decision. An item is appealed once.")
        ) from error
    return appeal


def appeal_check_decider(*, appeal: Appeal, by) -> None:
    """Raise ValidationError unless `by` may decide the appeal: a moderator who neither made
    the decision appealed nor wrote the appeal."""
    if not (by.is_authenticated and (by.is_superuser or by.is_moderator)):
        raise PermissionDenied(_("Only moderators decide appeals."))
    if not appeal.is_pending:
        raise ValidationError(_("This appeal has already been decided."))
    if appeal.first_decided_by_id is not None and appeal.first_decided_by_id == by.pk:
        raise ValidationError(
            _(
                "You made the decision that is appealed, so another moderator must decide "
                "the appeal."
            )
        )
    if appeal.appellant_id == by.pk:
        raise ValidationError(_("You cannot decide your own appeal."))


def appeal_decide(*, appeal: Appeal, by, grant: bool, reason: str) -> Appeal:
    """A second moderator grants (the item is restored through its app's own service) or
    refuses the appeal; the author is e-mailed the outcome and the reason."""
    from .tasks import appeal_notify

    appeal_check_decider(appeal=appeal, by=by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"decision_reason": [_("Write a reason for the author.")]})
    obj = appeal.content_object
    appealable = appealable_for(obj) if obj is not None else None
    if appealable is None:
        raise ValidationError(_("The appealed item no longer exists."))
    with transaction.atomic():
        # Claim the appeal: of two moderators deciding at once, one wins.
        claimed = Appeal.objects.filter(pk=appeal.pk, state=Appeal.State.PENDING).update(
            state=Appeal.State.GRANTED if grant else Appeal.State.REFUSED,
            decided_by=by,
            decision_reason=reason,
            decided_at=timezone.now(),
        )
        if not claimed:
            raise ValidationError(_("This appeal has already been decided."))
        if grant:
            appealable.restore(obj, by, reason)
        decision_record(
            obj=obj,
            action=Action.APPEAL_GRANTED if grant else Action.APPEAL_REFUSED,
            actor=by,
            note=reason,
        )
        from smartcity.enqueue import delay_on_commit

        delay_on_commit(appeal_notify, appeal.pk)
    appeal.refresh_from_db()
    return appeal


def appeal_notify_outcome(*, appeal_id: int) -> bool:
    """E-mail the author the outcome of their appeal, once (claimed with an UPDATE)."""
    from smartcity.emails import send_templated

    claimed = Appeal.objects.filter(
        pk=appeal_id, decided_at__isnull=False, notified_at__isnull=True
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    appeal = Appeal.objects.select_related("appellant", "content_type").get(pk=appeal_id)
    obj = appeal.content_object
    appealable = appealable_for(obj) if obj is not None else None
    if appeal.appellant is None or not appeal.appellant.email or appealable is None:
        return False
    try:
        send_templated(
            appeal.appellant,
            "moderation/email/appeal_decided",
            {
                "appeal": appeal,
                "granted": appeal.state == Appeal.State.GRANTED,
                "kind_label": appealable.label,
                "title": appealable.title(obj),
                "url": appealable.url(obj),
            },
        )
    except Exception:
        # Give the claim back so a retry can send it.
        Appeal.objects.filter(pk=appeal_id).update(notified_at=None)
        raise
    return True
