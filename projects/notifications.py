"""E-mails to authors about their submissions, in the author's language, sent at most once per
decision."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from moderation.models import ModerationDecision

from .models import Project

logger = logging.getLogger(__name__)

# Only these outcomes are worth an e-mail; "review" is what the author already sees on screen.
NOTIFIED_ACTIONS = {"publish", "reject", "edit"}


def notify_author(*, project_id: int, decision_id: int) -> bool:
    """Send the author the outcome of one decision. Returns whether an e-mail was sent.

    The claim (an UPDATE that only succeeds once per decision) makes a task delivered twice
    send one e-mail; if sending fails the claim is rolled back and the task retries.
    """
    decision = ModerationDecision.objects.filter(pk=decision_id).first()
    if decision is None or decision.action not in NOTIFIED_ACTIONS:
        return False
    with transaction.atomic():
        claimed = Project.objects.filter(
            Q(notified_decision_id__isnull=True) | Q(notified_decision_id__lt=decision_id),
            pk=project_id,
        ).update(notified_decision_id=decision_id)
        if not claimed:
            return False
        project = Project.objects.select_related("author").get(pk=project_id)
        author = project.author
        if author is None or not author.is_active:
            return False
        with translation.override(author.language or settings.LANGUAGE_CODE):
            context = {
                "project": project,
                "decision": decision,
                "author": author,
                "site_url": settings.SITE_URL.rstrip("/"),
                "reason": project.rejection_reason
                or "; ".join(
                    r.get(f"message_{translation.get_language()}", "") for r in decision.reasons
                ),
            }
            subject = render_to_string("projects/email/outcome_subject.txt", context).strip()
            body = render_to_string("projects/email/outcome_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email])
    logger.info("told the author of project %s about decision %s", project_id, decision_id)
    return True
