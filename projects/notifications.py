"""E-mails to authors about their submissions, in the author's language, sent at most once per
decision."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from moderation.models import ModerationDecision
from smartcity.emails import send_templated
from smartcity.links import absolute_url

from .models import Project

logger = logging.getLogger(__name__)

# Only these outcomes are worth an e-mail; "review" is what the author already sees on screen.
NOTIFIED_ACTIONS = {
    ModerationDecision.Action.PUBLISH,
    ModerationDecision.Action.REJECT,
    ModerationDecision.Action.EDIT,
}


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
        language = "en" if (author.language or "").startswith("en") else "da"
        reason = project.rejection_reason or "; ".join(
            r.get(f"message_{language}", "") for r in decision.reasons
        )
        context = {"project": project, "decision": decision, "author": author, "reason": reason}
        send_templated(author, "projects/email/outcome", context)
    logger.info("told the author of project %s about decision %s", project_id, decision_id)
    return True


def notify_moderators(*, project_id: int) -> int:
    """Tell the moderators that a project waits in the queue (when the setting asks for it).
    Returns the number of e-mails sent."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from accounts.roles import MODERATORS_GROUP

    if not settings.MODERATION_NOTIFY_MODERATORS:
        return 0
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return 0
    moderators = (
        get_user_model().objects.filter(groups__name=MODERATORS_GROUP, is_active=True).distinct()
    )
    url = absolute_url(reverse("admin:projects_projectqueueitem_change", args=[project.pk]))
    sent = 0
    for moderator in moderators:
        send_templated(moderator, "projects/email/waiting", {"project": project, "url": url})
        sent += 1
    return sent
