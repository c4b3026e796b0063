"""Writes on guides. The form views, the admin and the API call these; none re-implements them.

A draft (a new guide or a proposed edit) is one GuideVersion. It passes the shared screening:
obvious spam is rejected (hidden, never deleted); everything else waits for a moderator, who
publishes it or returns it to the author with a reason. Every decision is in the audit log.
"""

import logging
import re
import secrets
from datetime import timedelta
from html import unescape
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from accounts.models import User
from catalogue.models import DataArea, Dataset
from events.models import Event
from forum.selectors import public_threads
from moderation.models import ModerationDecision
from moderation.screening import Content, Verdict, screen_and_decide
from moderation.services import decision_record
from participation.services import follow_own
from projects.models import Project, Theme
from smartcity.activity import Kind, announce
from smartcity.enqueue import delay_on_commit
from smartcity.markdown import render_markdown
from smartcity.slugs import danish_slugify, unique_slug

from .forms import GuideForm
from .models import Guide, GuideVersion
from .tasks import notify_version_author

logger = logging.getLogger(__name__)
Action = ModerationDecision.Action

DATA_FIELDS = list(GuideForm.base_fields)
# Paths under /guides/ that a guide's slug must not shadow.
RESERVED_SLUGS = {"new", "review", "feed", "stale"}


# --- checks -----------------------------------------------------------------------------------


def user_can_write(user: User) -> bool:
    """Verified municipal staff and moderators draft guides and propose edits."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_municipal_staff or user.is_moderator)
    )


def _check_can_write(user: User) -> None:
    if not user_can_write(user):
        raise PermissionDenied(_("Only verified municipal staff and moderators write guides."))


def _check_is_moderator(user: User) -> None:
    if not (user.is_authenticated and user.is_moderator):
        raise PermissionDenied(_("Only moderators review guides."))


def guide_validate(*, data: dict) -> dict:
    """The cleaned data, with the linked items found; or ValidationError({field: [messages]})
    in the active language. Nothing is saved."""
    form = GuideForm(data={name: data.get(name) for name in DATA_FIELDS})
    if not form.is_valid():
        raise ValidationError(
            {field: [str(message) for message in errors] for field, errors in form.errors.items()}
        )
    cleaned = dict(form.cleaned_data)
    for name in ("title", "summary", "body", "effort", "pitfalls", "change_note"):
        cleaned[name] = cleaned[name].strip()
    cleaned["links"] = _resolve_links(cleaned["links"])
    return cleaned


def _resolve_links(keys: dict[str, list[str]]) -> dict[str, list]:
    """Only public items can be linked: published projects and events, public threads,
    datasets the catalogue lists (not withdrawn)."""
    found = {
        "projects": list(
            Project.objects.filter(state=Project.State.PUBLISHED, slug__in=keys["projects"])
            .order_by()
            .values_list("slug", flat=True)
        ),
        "events": list(
            Event.objects.filter(
                state__in=[Event.State.PUBLISHED, Event.State.CANCELLED], slug__in=keys["events"]
            )
            .order_by()
            .values_list("slug", flat=True)
        ),
        "threads": list(
            public_threads()
            .filter(pk__in=[int(key) for key in keys["threads"]])
            .order_by()
            .values_list("pk", flat=True)
        ),
        "datasets": list(
            Dataset.published.filter(slug__in=keys["datasets"])
            .order_by()
            .values_list("slug", flat=True)
        ),
    }
    missing = [key for key in keys["projects"] if key not in found["projects"]]
    missing += [key for key in keys["events"] if key not in found["events"]]
    missing += [key for key in keys["threads"] if int(key) not in found["threads"]]
    missing += [key for key in keys["datasets"] if key not in found["datasets"]]
    if missing:
        raise ValidationError(
            {
                "links": [
                    _("No published project, event, public thread or dataset is at “%(key)s”.")
                    % {"key": key}
                    for key in missing
                ]
            }
        )
    # Keep the author's order.
    return {
        "projects": list(keys["projects"]),
        "events": list(keys["events"]),
        "threads": [int(key) for key in keys["threads"]],
        "datasets": list(keys["datasets"]),
    }


# --- rendering --------------------------------------------------------------------------------

_HEADING_RE = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)


def render_with_toc(text: str, *, prefix: str = "") -> tuple[str, list[dict[str, Any]]]:
    """Markdown through the project's sanitiser, then ids on the h2/h3 headings for the table
    of contents. The ids come from the heading text (slugified), never from the user's HTML."""
    html = render_markdown(text)
    toc: list[dict[str, Any]] = []
    used: set[str] = set()

    def add_id(match: re.Match) -> str:
        level, inner = match.group(1), match.group(2)
        label = " ".join(unescape(strip_tags(inner)).split())
        base = f"{prefix}{danish_slugify(label, max_length=60, fallback='afsnit')}"
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        toc.append({"level": int(level), "id": anchor, "text": label})
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _HEADING_RE.sub(add_id, html), toc


# --- drafts -----------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = danish_slugify(title, fallback="guide")
    if base in RESERVED_SLUGS:
        base = f"{base}-guide"
    return unique_slug(base, Guide.objects.all())


def _meta(cleaned: dict) -> dict[str, Any]:
    return {
        "themes": [theme.slug for theme in cleaned["themes"]],
        "audience": cleaned["audience"],
        "data_areas": cleaned["data_areas"],
        **cleaned["links"],
    }


def _screen(version: GuideVersion, author: User):
    content = Content(
        kind="guide",
        texts={
            "title": version.title,
            "summary": version.summary,
            "body": version.body,
            "steps": "\n".join(version.steps),
            "effort": version.effort,
            "pitfalls": version.pitfalls,
            "change_note": version.change_note,
        },
        author=author,
    )
    return screen_and_decide(
        content=content,
        own_items=GuideVersion.objects.filter(author=author).exclude(pk=version.pk),
        published=Q(state=GuideVersion.State.PUBLISHED),
        recent_since=timezone.now() - timedelta(hours=settings.MODERATION_VELOCITY_WINDOW_HOURS),
    )


def guide_submit(*, author: User, data: dict, guide: Guide | None = None) -> GuideVersion:
    """Save a draft — a new guide, or a proposed edit of `guide` — screen it, and leave it for
    a moderator (or reject it as spam). Raises ValidationError or PermissionDenied; nothing is
    saved then."""
    _check_can_write(author)
    cleaned = guide_validate(data=data)
    with transaction.atomic():
        if guide is None:
            guide = Guide(owner=author, slug=_unique_slug(cleaned["title"]))
            try:
                with transaction.atomic():
                    guide.save()
            except IntegrityError:
                guide.slug = f"{_unique_slug(cleaned['title'])}-{secrets.token_hex(3)}"
                guide.save()
        else:
            guide = Guide.objects.select_for_update().get(pk=guide.pk)
        number = (guide.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        # Sub-headings inside the cost and pitfall sections stay out of the contents.
        effort_html = render_with_toc(cleaned["effort"], prefix="cost-")[0]
        pitfalls_html = render_with_toc(cleaned["pitfalls"], prefix="pitfall-")[0]
        body_html, body_toc = render_with_toc(cleaned["body"])
        version = GuideVersion(
            guide=guide,
            number=number,
            language=cleaned["language"],
            author=author,
            title=cleaned["title"],
            summary=cleaned["summary"],
            steps=cleaned["steps"],
            effort=cleaned["effort"],
            pitfalls=cleaned["pitfalls"],
            body=cleaned["body"],
            effort_html=effort_html,
            pitfalls_html=pitfalls_html,
            body_html=body_html,
            toc=body_toc,
            meta=_meta(cleaned),
            change_note=cleaned["change_note"],
        )
        version.save()
        follow_own(user=author, target=guide)  # authors follow what they write
        result, verdict = _screen(version, author)
        version.screening_score = result.score
        version.screening_reasons = result.as_json()
        # Guides always wait for a moderator; the screening only rejects obvious spam and
        # gives the moderator its reasons.
        if verdict == Verdict.REJECT:
            version.state = GuideVersion.State.REJECTED
        version.save(update_fields=["screening_score", "screening_reasons", "state"])
        decision_record(
            obj=version,
            action=Action.REJECT if verdict == Verdict.REJECT else Action.REVIEW,
            reasons=result,
            score=result.score,
        )
    logger.info("guide version %s submitted by user %s", version.pk, author.pk)
    return version


# --- moderation -------------------------------------------------------------------------------


def _apply_meta(guide: Guide, meta: dict[str, Any]) -> None:
    guide.audience = meta.get("audience") or Guide.Audience.ANY
    guide.data_areas.set(DataArea.objects.filter(slug__in=meta.get("data_areas") or []))
    guide.themes.set(Theme.objects.filter(slug__in=meta.get("themes") or []))
    guide.projects.set(Project.objects.filter(slug__in=meta.get("projects") or []))
    guide.events.set(Event.objects.filter(slug__in=meta.get("events") or []))
    guide.threads.set(public_threads().filter(pk__in=meta.get("threads") or []))
    guide.datasets.set(Dataset.published.filter(slug__in=meta.get("datasets") or []))


def version_publish(*, version: GuideVersion, by: User, note: str = "") -> GuideVersion:
    """A moderator publishes a waiting version: it becomes the guide's text in its language,
    the guide takes what it proposes (themes, links ...), and the guide counts as reviewed."""
    _check_is_moderator(by)
    with transaction.atomic():
        version = GuideVersion.objects.select_for_update().get(pk=version.pk)
        if version.state == GuideVersion.State.PUBLISHED:
            return version
        if version.state != GuideVersion.State.NEEDS_REVIEW:
            raise ValidationError(_("Only a version waiting for a moderator can be published."))
        now = timezone.now()
        version.state = GuideVersion.State.PUBLISHED
        version.decided_by, version.decided_at = by, now
        version.return_reason = ""
        version.save(update_fields=["state", "decided_by", "decided_at", "return_reason"])
        guide = Guide.objects.select_for_update().get(pk=version.guide_id)
        was_public = bool(guide.current_da_id or guide.current_en_id)
        setattr(guide, f"current_{version.language}", version)
        guide.last_reviewed_on = timezone.localdate()
        guide.published_at = guide.published_at or now
        if guide.owner_id is None:
            guide.owner_id = version.author_id
        _apply_meta(guide, version.meta)
        guide.save(
            update_fields=[
                f"current_{version.language}",
                "last_reviewed_on",
                "published_at",
                "owner",
                "audience",
                "updated_at",
            ]
        )
        decision = decision_record(obj=version, action=Action.PUBLISH, actor=by, note=note)
        delay_on_commit(notify_version_author, version.pk, decision.pk)
        if was_public:
            announce(guide, Kind.NEW_VERSION, actor=by, number=version.number)
    return version


def version_return(*, version: GuideVersion, by: User, reason: str) -> GuideVersion:
    """A moderator returns a waiting version to its author with a reason (e-mailed to the
    author in their language). The version stays in the record; the guide is unchanged."""
    _check_is_moderator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the author why the version is returned.")]})
    with transaction.atomic():
        version = GuideVersion.objects.select_for_update().get(pk=version.pk)
        if version.state != GuideVersion.State.NEEDS_REVIEW:
            raise ValidationError(_("Only a version waiting for a moderator can be returned."))
        version.state = GuideVersion.State.RETURNED
        version.return_reason = reason[:2000]
        version.decided_by, version.decided_at = by, timezone.now()
        version.save(update_fields=["state", "return_reason", "decided_by", "decided_at"])
        decision = decision_record(
            obj=version, action=Action.REJECT, actor=by, note=version.return_reason
        )
        delay_on_commit(notify_version_author, version.pk, decision.pk)
    return version


def guide_mark_reviewed(*, guide: Guide, by: User) -> Guide:
    """A moderator confirms that the published guide is still right today."""
    _check_is_moderator(by)
    with transaction.atomic():
        guide.last_reviewed_on = timezone.localdate()
        guide.save(update_fields=["last_reviewed_on", "updated_at"])
        decision_record(obj=guide, action="reviewed", actor=by)
    return guide
