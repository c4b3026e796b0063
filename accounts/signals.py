from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .security import LAST_SEEN_KEY, is_privileged, limit_privileged_session
from .services import staff_verify_by_domain


@receiver(email_confirmed)
def verify_municipal_staff(sender, request, email_address, **kwargs):
    staff_verify_by_domain(user=email_address.user, email=email_address.email)


@receiver(user_logged_in)
def secure_new_session(sender, request, user, **kwargs):
    """Privileged sessions end after PRIVILEGED_SESSION_HOURS; the sessions list's "last
    seen" starts at sign-in."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_SEEN_KEY] = timezone.now().timestamp()
    if is_privileged(user):
        limit_privileged_session(request)
