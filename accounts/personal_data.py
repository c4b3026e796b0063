"""What each app holds about a person, for the data export and for account deletion.

Accounts knows no content app. Each app that stores something about a user describes it in its
own `personal_data.py` module with `register(...)`; the modules are found the way Django finds
`admin.py` modules, so a new app takes part by adding one file:

    register(
        "forum_posts",
        title=_("Forum posts"),
        description=_("The posts you wrote in the forum."),
        fields={"thread": _("The thread's title"), ...},
        export=lambda user: [...],      # JSON-ready rows: the file <name>.json in the ZIP
        erase=erase_forum_data,          # optional; runs inside the deletion's transaction
    )

`erase(user)` removes or anonymises what the app holds about the user and returns the stored
files to delete once the transaction has committed (or nothing). Content stays: it is shown as
by a former user. The user row itself is anonymised last, by accounts (accounts/deletion.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

Rows = list[dict]


@dataclass(frozen=True)
class Section:
    name: str
    title: Promise | str
    description: Promise | str
    fields: dict[str, Promise | str]
    export: Callable[..., Rows]
    erase: Callable[..., Iterable[FieldFile] | None] | None = None
    order: int = field(default=0)


_sections: dict[str, Section] = {}
_discovered = False


def register(
    name: str,
    *,
    title,
    description,
    fields: dict,
    export: Callable[..., Rows],
    erase: Callable[..., Iterable[FieldFile] | None] | None = None,
) -> None:
    """Describe one kind of personal data. Registering a name again replaces it."""
    order = _sections[name].order if name in _sections else len(_sections)
    _sections[name] = Section(name, title, description, dict(fields), export, erase, order)


def sections() -> list[Section]:
    """Every registered kind, in registration order (INSTALLED_APPS order)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return sorted(_sections.values(), key=lambda section: section.order)


def iso(value) -> str | None:
    """A date or time as ISO 8601 for the export, or None."""
    return value.isoformat() if value is not None else None


# --- What accounts itself holds ---------------------------------------------------------------
# (The user row is anonymised by accounts/deletion.py after every app has erased its part.)


def _profile(user) -> Rows:
    return [
        {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.language,
            "municipality": user.municipality.name if user.municipality_id else None,
            "staff_verified_at": iso(user.staff_verified_at),
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        }
    ]


def _email_addresses(user) -> Rows:
    from allauth.account.models import EmailAddress

    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


def _sessions(user) -> Rows:
    from allauth.usersessions.models import UserSession

    return [
        {
            "created_at": iso(session.created_at),
            "last_seen_at": iso(session.last_seen_at),
            "ip": session.ip,
            "user_agent": session.user_agent,
        }
        for session in UserSession.objects.filter(user=user).order_by("created_at")
    ]


def _second_factor(user) -> Rows:
    from allauth.mfa.models import Authenticator

    # The kinds and dates only: secrets and recovery codes never leave the site.
    return [
        {
            "type": authenticator.type,
            "created_at": iso(authenticator.created_at),
            "last_used_at": iso(authenticator.last_used_at),
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
    ]


def _staff_requests(user) -> Rows:
    from .models import StaffRequest

    return [
        {
            "municipality": request.municipality.name,
            "job_title": request.job_title,
            "message": request.message,
            "status": request.status,
            "created_at": iso(request.created_at),
            "decided_at": iso(request.decided_at),
        }
        for request in StaffRequest.objects.filter(user=user).select_related("municipality")
    ]


def _register_accounts() -> None:
    from django.utils.translation import gettext_lazy as _

    register(
        "profile",
        title=_("Profile"),
        description=_("Your account."),
        fields={
            "email": _("Your sign-in e-mail address (never shown to others)"),
            "display_name": _("The name shown next to what you publish"),
            "language": _("The language of the site's e-mails to you"),
            "municipality": _("The municipality you are verified staff of, if any"),
            "staff_verified_at": _("When you were verified as municipal staff"),
            "date_joined": _("When you signed up"),
            "last_login": _("When you last signed in"),
        },
        export=_profile,
    )
    register(
        "email_addresses",
        title=_("E-mail addresses"),
        description=_("The addresses on your account."),
        fields={
            "email": _("The address"),
            "verified": _("Whether you confirmed it"),
            "primary": _("Whether it is the one we write to"),
        },
        export=_email_addresses,
    )
    register(
        "sessions",
        title=_("Sessions"),
        description=_("The browsers and devices signed in to your account."),
        fields={
            "created_at": _("When the session started"),
            "last_seen_at": _("When it was last used (to within a few minutes)"),
            "ip": _("The IP address it signed in from"),
            "user_agent": _("The browser's self-description"),
        },
        export=_sessions,
    )
    register(
        "second_factor",
        title=_("Two-factor authentication"),
        description=_("Your second factors (never their secrets)."),
        fields={
            "type": _("totp: an authenticator app; recovery_codes: one-time codes"),
            "created_at": _("When you set it up"),
            "last_used_at": _("When it was last used"),
        },
        export=_second_factor,
    )
    register(
        "staff_requests",
        title=_("Requests for staff status"),
        description=_("Your requests to be verified as municipal staff."),
        fields={
            "municipality": _("The municipality"),
            "job_title": _("The job title you gave"),
            "message": _("Your message to the moderators"),
            "status": _("pending, approved or rejected"),
            "created_at": _("When you asked"),
            "decided_at": _("When a moderator decided"),
        },
        export=_staff_requests,
    )


_register_accounts()
