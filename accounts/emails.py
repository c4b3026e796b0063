"""E-mails about a person's own account, written in the language they chose."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_to_user(*, user, template: str, context: dict, email: str | None = None) -> None:
    """Render templates/accounts/email/<template>_subject.txt and <template>.txt in the
    user's language and send them to the user's address (or to `email`)."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [email or user.email],
    )
