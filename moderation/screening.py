"""The screening engine: content in, a score and human-readable reasons out.

Every content app (projects, forum posts, events) describes what it wants checked as a
`Content`, calls `screen()` and then `decide()`. The rules themselves live in
`moderation/rules.py`; each returns zero or more `Reason`s and the engine sums their weights.
The engine never touches the database except through the rules' cached word lists, so the
caller stays in charge of what "nearby", "recent" and "in Denmark" mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Content:
    """What is screened: the texts of one submission and what the caller knows around it."""

    kind: str  # "project" | "forum_post" | "event" ...
    texts: dict[str, str]  # {"title": ..., "summary": ..., "body": ...}
    author: User | None
    lat: float | None = None
    lng: float | None = None
    # The caller decides (via places.geocoding); None means the content has no location.
    in_denmark: bool | None = None
    # (label, text) of nearby existing items of the same kind; the caller picks the candidates
    # and builds each text with `moderation.rules.comparable_text(item_texts)`.
    duplicates_of: Sequence[tuple[str, str]] = ()
    recent_count: int = 0  # the author's submissions of this kind in the velocity window
    author_published_count: int = 0  # the author's published items of this kind


@dataclass(frozen=True)
class Reason:
    """Why a piece of content scored what it did, in both languages so the audit log can show
    it in either."""

    code: str
    message_da: str
    message_en: str
    weight: float
    blocks_publication: bool = False  # personal data etc.: never published automatically

    @property
    def message(self) -> str:
        """The message in the active language (Danish unless English is active)."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.message_en if language.startswith("en") else self.message_da

    @classmethod
    def build(
        cls, code: str, message, weight: float, *, blocks_publication: bool = False, **params
    ) -> Reason:
        """A reason from one translatable message: rendered once in Danish and once in
        English, with `params` interpolated (`%(name)s` placeholders)."""
        return cls(
            code=code,
            message_da=_render(message, "da", params),
            message_en=_render(message, "en", params),
            weight=round(float(weight), 2),
            blocks_publication=blocks_publication,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message_da": self.message_da,
            "message_en": self.message_en,
            "weight": self.weight,
            "blocks_publication": self.blocks_publication,
        }


def _render(message, language: str, params: dict[str, Any]) -> str:
    with translation.override(language):
        text = str(message)
        return text % params if params else text


@dataclass(frozen=True)
class ScreeningResult:
    score: float
    reasons: tuple[Reason, ...]

    def as_json(self) -> list[dict[str, Any]]:
        """The reasons as plain dicts, ready for a JSONField."""
        return [reason.as_dict() for reason in self.reasons]

    @property
    def blocks_publication(self) -> bool:
        return any(reason.blocks_publication for reason in self.reasons)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


class Verdict(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    REVIEW = "review", _("Review")
    REJECT = "reject", _("Reject")

    @property
    def state(self) -> str:
        """The state content starts in after this verdict; every content app's State names
        these three alike."""
        return {"publish": "published", "review": "needs_review", "reject": "rejected"}[self]


def blocking_reason(code: str, message, **params) -> Reason:
    """A reason of the caller's own that puts content in front of a moderator whatever else
    it scores (the address could not be located, checking failed): one weight everywhere."""
    return Reason.build(
        code, message, settings.MODERATION_REVIEW_SCORE, blocks_publication=True, **params
    )


def screen_and_decide(
    *,
    content: Content,
    own_items: models.QuerySet,
    published: models.Q,
    recent_since,
    extra_reasons: Sequence[Reason] = (),
) -> tuple[ScreeningResult, Verdict]:
    """The one call sequence every content app uses: count the author's published and
    recent items (one query), screen the content, add the caller's own reasons, decide.

    `own_items` are the author's other items of this kind (this one excluded), `published`
    selects the published ones among them, `recent_since` starts the velocity window.
    `content.recent_count` and `content.author_published_count` are filled in here."""
    from dataclasses import replace

    counts = {"recent": 0, "published": 0}
    if content.author is not None:
        counts = own_items.aggregate(
            recent=models.Count("pk", filter=models.Q(created_at__gte=recent_since)),
            published=models.Count("pk", filter=published),
        )
    content = replace(
        content, recent_count=counts["recent"], author_published_count=counts["published"]
    )
    result = screen(content)
    if extra_reasons:
        reasons = (*result.reasons, *extra_reasons)
        score = round(sum(reason.weight for reason in reasons), 2)
        result = ScreeningResult(score=score, reasons=reasons)
    trusted = is_trusted(content.author, published_count=counts["published"])
    return result, decide(result, trusted=trusted)


def screen(content: Content) -> ScreeningResult:
    """Run every rule over the content; the score is the sum of the reasons' weights."""
    from moderation.rules import RULES

    reasons: list[Reason] = []
    for rule in RULES:
        reasons.extend(rule(content))
    score = round(sum(reason.weight for reason in reasons), 2)
    return ScreeningResult(score=score, reasons=tuple(reasons))


def decide(result: ScreeningResult, *, trusted: bool) -> Verdict:
    """Obvious spam is rejected (hidden, never deleted); trusted authors with clean content are
    published; everything else waits for a moderator."""
    if result.score >= settings.MODERATION_REJECT_SCORE:
        return Verdict.REJECT
    if (
        trusted
        and result.score < settings.MODERATION_REVIEW_SCORE
        and not result.blocks_publication
    ):
        return Verdict.PUBLISH
    return Verdict.REVIEW


def is_trusted(user, *, published_count: int) -> bool:
    """Verified municipal staff, moderators, or citizens with enough published items."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.is_moderator or user.is_municipal_staff:
        return True
    return published_count >= settings.MODERATION_TRUSTED_AFTER
