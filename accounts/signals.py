from allauth.account.signals import email_changed, email_confirmed, email_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .security import LAST_SEEN_KEY, is_privileged, limit_privileged_session
from .services import staff_status_review, staff_verify_by_domain


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


# Staff status follows the addresses: removing the municipal one (or replacing it, which is a
# change of primary address) ends it unless something else still supports it.
@receiver(email_removed)
def review_staff_after_removal(sender, request, user, email_address, **kwargs):
    staff_status_review(user=user)


@receiver(email_changed)
def review_staff_after_change(sender, request, user, from_email_address, to_email_address, **kw):
    staff_status_review(user=user)
