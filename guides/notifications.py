"""E-mails to guide authors about a moderator's decision, in the author's language, at most
once per decision. Sending goes the way the projects app sends its outcome e-mails; the
enqueueing is here in one place, so that it can be pointed at a shared helper later."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def enqueue_author_notice(*, version_id: int, decision_id: int) -> None:
    """After the transaction commits, e-mail the author; never raise (the decision is saved)."""
    from .tasks import notify_version_author

    def send():
        try:
            notify_version_author.delay(version_id, decision_id)
        except Exception:  # broker down: the decision stands, the e-mail is lost (logged)
            logger.warning("could not enqueue the e-mail for guide version %s", version_id)

    transaction.on_commit(send)


def notify_version_author(*, version_id: int, decision_id: int) -> bool:
    """Send the author the outcome of one decision on their version. Returns whether an e-mail
    was sent."""
    from moderation.models import ModerationDecision

    from .models import GuideVersion

    version = GuideVersion.objects.select_related("author", "guide").filter(pk=version_id).first()
    decision = ModerationDecision.objects.filter(pk=decision_id).first()
    if version is None or decision is None or decision.action not in ("publish", "reject"):
        return False
    author = version.author
    if author is None or not author.is_active or not author.email:
        return False
    with translation.override(author.language or settings.LANGUAGE_CODE):
        context = {
            "version": version,
            "guide": version.guide,
            "decision": decision,
            "author": author,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = render_to_string("guides/email/outcome_subject.txt", context).strip()
        body = render_to_string("guides/email/outcome_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [author.email])
    logger.info("told the author of guide version %s about decision %s", version_id, decision_id)
    return True
