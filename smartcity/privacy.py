"""What the privacy page states that the code must keep true: the controller and the cookies.

A test compares COOKIES with the cookies the site really sets (tests/browser/test_privacy.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: Promise
    lifetime: Promise


def cookies() -> list[Cookie]:
    """Every cookie the site sets. All are strictly necessary, so no consent is asked."""
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            _("Keeps you signed in, and carries messages from one page to the next."),
            _("Two weeks, or until you sign out (12 hours for moderators)"),
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            _("Protects forms against being sent from other sites (CSRF)."),
            _("One year"),
        ),
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            _("Remembers the language you chose."),
            _("Until you close the browser"),
        ),
    ]


def controller() -> dict[str, str]:
    return {
        "name": settings.PRIVACY_CONTROLLER_NAME,
        "address": settings.PRIVACY_CONTROLLER_ADDRESS,
        "email": settings.PRIVACY_CONTROLLER_EMAIL,
        "phone": settings.PRIVACY_CONTROLLER_PHONE,
        "dpo_email": settings.PRIVACY_DPO_EMAIL,
    }
