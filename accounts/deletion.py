"""Delete my account (GDPR article 17).

Personal data is erased at once, in one transaction: every app's `erase` (accounts/
personal_data.py), then the account's own data. What the person published stays, shown as by
"Tidligere bruger" / "Former user": the user row is kept as an empty, inactive stand-in with
no e-mail address, name, password or memberships, so the moderation log still points at the
same (now pseudonymous) id. Stored files are deleted after the transaction has committed, so
an error leaves nothing half-deleted."""

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError
from django.utils import timezone

from .models import DataExport, StaffRequest, User
from .personal_data import sections

logger = logging.getLogger(__name__)

# Addresses on the reserved .invalid domain can never receive mail or be signed up with.
FORMER_USER_DOMAIN = "deleted.invalid"


def account_delete(*, user: User) -> None:
    """Erase the user's personal data and disable the account for good."""
    files = []
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for section in sections():
            if section.erase is not None:
                files.extend(section.erase(user) or [])
        files.extend(_erase_account(user))
    transaction.on_commit(lambda: _delete_files(files))


def _erase_account(user: User) -> list:
    files = [export.file for export in DataExport.objects.filter(user=user) if export.file]
    DataExport.objects.filter(user=user).delete()
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()  # deletes the Django session too
    EmailAddress.objects.filter(user=user).delete()  # and their confirmations
    Authenticator.objects.filter(user=user).delete()
    StaffRequest.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"former-{secrets.token_hex(8)}@{FORMER_USER_DOMAIN}"
    user.display_name = ""
    user.municipality = None
    user.staff_verified_at = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    # A new password hash also ends every other session (Django checks the hash on each one).
    user.set_unusable_password()
    user.save()
    return files


def _delete_files(files) -> None:
    for stored in files:
        try:
            stored.storage.delete(stored.name)
        except OSError:
            logger.exception("Could not delete %s after an account deletion", stored.name)


def unverified_accounts_delete(*, now=None) -> int:
    """Delete accounts that never verified an e-mail address within
    PRIVACY_UNVERIFIED_ACCOUNT_DAYS. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRIVACY_UNVERIFIED_ACCOUNT_DAYS)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = (
        User.objects.filter(
            date_joined__lt=cutoff, is_staff=False, is_superuser=False, is_active=True
        )
        .exclude(Exists(verified))
        .exclude(email__endswith="@" + FORMER_USER_DOMAIN)
    )
    count = 0
    for user in stale:
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:  # something of theirs must stay: erase instead
            account_delete(user=user)
        count += 1
    return count
