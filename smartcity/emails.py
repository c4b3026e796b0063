"""The site's e-mails: one way to send them, in the recipient's language, one subject style.

Templates live in `templates/<app>/email/`: `<name>_subject.txt` and `<name>_body.txt`, both
plain text, rendered with the recipient as `user` and the site's address as `site_url`."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .links import absolute_url
from .text import one_line

# How a task that e-mails one person the outcome of a decision runs: after the work (acks
# late), retried with back-off while the mail server is unreachable, its result not kept.
DECISION_MAIL_TASK = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
    "ignore_result": True,
}


def send_templated(
    to, template: str, context: dict[str, Any], *, headers: dict[str, str] | None = None
) -> None:
    """E-mail `to` (a user) the message `template` ("forum/email/new_post") in their language.

    `headers` are extra e-mail headers (e.g. List-Unsubscribe). The subject is one line with
    the site's prefix (EMAIL_SUBJECT_PREFIX), like every e-mail
    the site sends. Sending errors propagate: the calling task retries or gives its claim back."""
    with translation.override(getattr(to, "language", "") or settings.LANGUAGE_CODE):
        context = {"user": to, "site_url": absolute_url("").rstrip("/"), **context}
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(
        settings.EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [to.email],
        headers=headers,
    ).send()
