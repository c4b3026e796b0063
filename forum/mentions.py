"""@mentions: `@[Display Name]` in a post links to that forum member and notifies them.

The brackets make names with spaces and Danish letters unambiguous ("@[Jens Trafikplanlægger]").
Mentions are turned into Markdown links before rendering, so the sanitiser still sees
everything that ends up in the HTML.
"""

import re

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATORS_GROUP

MENTION_RE = re.compile(r"@\[([^\[\]\n]{1,60})\]")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def mentioned_names(text: str) -> list[str]:
    return list(dict.fromkeys(m.strip() for m in MENTION_RE.findall(text or "") if m.strip()))


def forum_members_named(names: list[str]) -> dict[str, User]:
    """The forum members (municipal staff or moderators) with these exact display names."""
    if not names:
        return {}
    members = (
        User.objects.filter(display_name__in=names, is_active=True)
        .filter(
            Q(municipality__isnull=False, staff_verified_at__isnull=False)
            | Q(is_superuser=True)
            | Q(groups__name=MODERATORS_GROUP)
        )
        .distinct()
        .order_by("pk")
    )
    found: dict[str, User] = {}
    for member in members:
        found.setdefault(member.display_name, member)
    return found


def link_mentions(text: str, members: dict[str, User]) -> str:
    """Replace @[Name] of known members with a Markdown link to their member page."""

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        member = members.get(name)
        if member is None:
            return match.group(0)
        label = _MARKDOWN_SPECIALS.sub(r"\\\1", name)
        return f"[@{label}]({reverse('forum:member', args=[member.pk])})"

    return MENTION_RE.sub(replace, text)
