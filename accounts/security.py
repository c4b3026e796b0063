"""Account security that holds across the site: a second factor before admin opens, a
12-hour limit on privileged sessions, and the sessions list's "last seen".

Moderators and superusers must have enrolled TOTP (allauth.mfa) before any page of /admin/
opens (OWASP ASVS 4.0.3, 4.3.1); their sessions end PRIVILEGED_SESSION_HOURS after sign-in
(ASVS 3.3.2). Admin's own sign-in form is replaced by allauth's, which asks for the second
factor (see smartcity/admin_site.py)."""

from datetime import timedelta
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

LAST_SEEN_KEY = "_accounts_last_seen"


def is_privileged(user) -> bool:
    """Whoever can open admin or moderate: staff, superusers and the Moderators group."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.is_moderator


def has_totp(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def limit_privileged_session(request: HttpRequest) -> None:
    """End this session PRIVILEGED_SESSION_HOURS from now, unless it already ends sooner.

    An absolute date (not an idle time-out): activity does not extend it."""
    limit = timezone.now() + timedelta(hours=settings.PRIVILEGED_SESSION_HOURS)
    session = request.session
    current = session.get("_session_expiry")
    if isinstance(current, str) and session.get_expiry_date() <= limit:
        return
    session.set_expiry(limit)


def _mark_seen(request: HttpRequest) -> None:
    """Keep allauth's UserSession.last_seen_at roughly current without a write per request
    (allauth's own activity tracking writes on every one)."""
    from allauth.usersessions.models import UserSession

    now = timezone.now().timestamp()
    seen = request.session.get(LAST_SEEN_KEY, 0)
    if now - seen < settings.USERSESSIONS_LAST_SEEN_EVERY_SECONDS:
        return
    request.session[LAST_SEEN_KEY] = now
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).update(
            last_seen_at=timezone.now()
        )


class AccountSecurityMiddleware:
    """Touches neither the session nor the user on requests that did not already need them
    (query budgets count them): admin paths check the second factor; other responses update
    "last seen" only when the view used a signed-in session anyway."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        if request.path.startswith(self._admin_prefix):
            user = request.user
            if user.is_authenticated and (user.is_staff or user.is_superuser):
                limit_privileged_session(request)
                if not has_totp(user):
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and SESSION_KEY in session:
            _mark_seen(request)
        return response
