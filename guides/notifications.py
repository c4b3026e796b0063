"""E-mails to guide authors about a moderator's decision, in the author's language, sent the
way every app sends its e-mails (`smartcity.emails.send_templated`)."""

import logging

from moderation.models import ModerationDecision
from smartcity.emails import send_templated

logger = logging.getLogger(__name__)

NOTIFIED_ACTIONS = {ModerationDecision.Action.PUBLISH, ModerationDecision.Action.REJECT}


def notify_version_author(*, version_id: int, decision_id: int) -> bool:
    """Send the author the outcome of one decision on their version. Returns whether an e-mail
    was sent."""
    from .models import GuideVersion

    version = GuideVersion.objects.select_related("author", "guide").filter(pk=version_id).first()
    decision = ModerationDecision.objects.filter(pk=decision_id).first()
    if version is None or decision is None or decision.action not in NOTIFIED_ACTIONS:
        return False
    author = version.author
    if author is None or not author.is_active or not author.email:
        return False
    context = {"version": version, "guide": version.guide, "decision": decision, "author": author}
    send_templated(author, "guides/email/outcome", context)
    logger.info("told the author of guide version %s about decision %s", version_id, decision_id)
    return True
