"""Guides' part of the data export and account deletion (see accounts/personal_data.py).

On deletion the guide versions stay, shown as by a former user (no author), and the guides
the person owned lose their owner (a moderator takes them on from the stale-guides list).
Review actions keep their moderator, as the moderation log does: the account's row stays as
an empty stand-in, a pseudonymous id."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Rows, iso, register
from moderation.personal_data import decisions_about

from .models import Guide, GuideVersion


def _versions(user) -> Rows:
    versions = list(GuideVersion.objects.filter(author=user).select_related("guide").order_by("pk"))
    decisions = decisions_about(GuideVersion, [version.pk for version in versions])
    return [
        {
            "guide": version.guide.slug,
            "url": version.guide.get_absolute_url(),
            "number": version.number,
            "language": version.language,
            "state": version.state,
            "title": version.title,
            "summary": version.summary,
            "steps": version.steps,
            "body": version.body,
            "effort": version.effort,
            "pitfalls": version.pitfalls,
            "proposed": version.meta,
            "change_note": version.change_note,
            "return_reason": version.return_reason,
            "created_at": iso(version.created_at),
            "decided_at": iso(version.decided_at),
            "moderation_decisions": decisions.get(version.pk, []),
        }
        for version in versions
    ]


def _owned(user) -> Rows:
    guides = Guide.objects.filter(owner=user).select_related("current_da", "current_en")
    return [
        {
            "guide": guide.slug,
            "url": guide.get_absolute_url(),
            "title": str(guide),
            "last_reviewed_on": iso(guide.last_reviewed_on),
        }
        for guide in guides.order_by("slug")
    ]


def _reviews(user) -> Rows:
    versions = GuideVersion.objects.filter(decided_by=user).select_related("guide")
    return [
        {
            "guide": version.guide.slug,
            "number": version.number,
            "language": version.language,
            "decision": version.state,
            "return_reason": version.return_reason,
            "decided_at": iso(version.decided_at),
        }
        for version in versions.order_by("decided_at", "pk")
    ]


def _erase(user) -> None:
    GuideVersion.objects.filter(author=user).update(author=None)
    Guide.objects.filter(owner=user).update(owner=None)


register(
    "guide_versions",
    title=_("Guide versions"),
    description=_(
        "The guides and proposed edits you wrote, each with the moderation decisions about it."
    ),
    fields={
        "guide, url": _("The guide and its address on the site"),
        "number, language": _("The version's number and language"),
        "state": _("needs_review, published, returned or rejected"),
        "title, summary, steps, body, effort, pitfalls, change_note": _("What you wrote"),
        "proposed": _("The themes, audience, data areas and links you proposed"),
        "return_reason": _("The moderator's reason, if it was returned"),
        "created_at, decided_at": _("When you sent it and when a moderator decided"),
        "moderation_decisions": _(
            "Each decision: action, automatic or not, reasons, note, time (not who decided)"
        ),
    },
    export=_versions,
    erase=_erase,
)
register(
    "guides_owned",
    title=_("Guides you own"),
    description=_("The guides you are responsible for keeping up to date."),
    fields={
        "guide, url, title": _("The guide"),
        "last_reviewed_on": _("When it was last reviewed"),
    },
    export=_owned,
)
register(
    "guide_reviews",
    title=_("Guide versions you reviewed"),
    description=_("The guide versions you published or returned as a moderator."),
    fields={
        "guide, number, language": _("The version"),
        "decision": _("published, returned or rejected"),
        "return_reason": _("Your reason, if you returned it"),
        "decided_at": _("When you decided"),
    },
    export=_reviews,
)
