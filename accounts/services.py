"""Writes on accounts: every view, admin action and signal goes through these."""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone, translation

from places.models import Municipality
from places.selectors import municipality_for_email
from smartcity.text import one_line

from .addresses import canonical_email
from .models import StaffRequest, User
from .roles import MODERATORS_GROUP

logger = logging.getLogger(__name__)

# Sent inside the transaction that withdraws a user's staff status, with `user`,
# `municipality` and `reason`; the moderation app records it in the audit log.
staff_status_withdrawn = Signal()


def user_update_profile(*, user: User, display_name: str, language: str | None = None) -> User:
    user.display_name = display_name.strip()
    user.language = language or user.language
    user.save(update_fields=["display_name", "language"])
    return user


def user_make_staff_of(*, user: User, municipality: Municipality) -> User:
    user.municipality = municipality
    user.staff_verified_at = timezone.now()
    user.save(update_fields=["municipality", "staff_verified_at"])
    return user


def _municipality_of_address(email: str) -> Municipality | None:
    """The municipality whose staff domain this address has, compared in canonical form."""
    try:
        return municipality_for_email(canonical_email(email))
    except ValidationError:
        return None


def staff_verify_by_domain(*, user: User, email: str) -> bool:
    """Called when a user verifies an e-mail address: a municipal domain makes them staff.

    Returns whether the user became (or already was) staff of that municipality.
    """
    municipality = _municipality_of_address(email)
    if municipality is None:
        return False
    if user.municipality_id != municipality.pk or user.staff_verified_at is None:
        with transaction.atomic():
            user_make_staff_of(user=user, municipality=municipality)
            StaffRequest.objects.filter(user=user, status=StaffRequest.Status.PENDING).update(
                status=StaffRequest.Status.APPROVED, decided_at=timezone.now()
            )
    return True


def staff_status_review(*, user: User) -> bool:
    """Staff status lasts while something supports it: a verified address at one of the
    municipality's domains, or a moderator's approval of a request for that municipality.
    Called when an address is removed or the primary address changes.

    Returns whether the user is still municipal staff (possibly of another municipality, when
    their remaining verified address belongs to one)."""
    if not user.is_municipal_staff:
        return False
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    supported = [m for m in map(_municipality_of_address, verified) if m is not None]
    if any(m.pk == user.municipality_id for m in supported):
        return True
    approved = StaffRequest.objects.filter(
        user=user,
        municipality_id=user.municipality_id,
        status=StaffRequest.Status.APPROVED,
        decided_by__isnull=False,  # a moderator decided (a domain only settles requests)
    )
    if approved.exists():
        return True
    if supported:
        user_make_staff_of(user=user, municipality=supported[0])
        return True
    staff_status_withdraw(user=user, reason="no verified address at the municipality's domain")
    return False


def staff_status_withdraw(*, user: User, reason: str) -> User:
    """End the user's municipal staff status, record it in the audit log and tell the user."""
    municipality = user.municipality
    with transaction.atomic():
        user.municipality = None
        user.staff_verified_at = None
        user.save(update_fields=["municipality", "staff_verified_at"])
        staff_status_withdrawn.send(
            sender=User, user=user, municipality=municipality, reason=reason
        )
        transaction.on_commit(
            lambda: _send_staff_withdrawn_email(user=user, municipality=municipality)
        )
    logger.info("staff status of user %s withdrawn: %s", user.pk, reason)
    return user


def _send_staff_withdrawn_email(*, user: User, municipality: Municipality | None) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "municipality": municipality,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + one_line(
            render_to_string("accounts/email/staff_withdrawn_subject.txt", context)
        )
        body = render_to_string("accounts/email/staff_withdrawn_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def staff_request_create(
    *, user: User, municipality: Municipality, job_title: str, message: str = ""
) -> StaffRequest:
    if user.is_municipal_staff:
        raise ValueError("The user is already municipal staff.")
    if StaffRequest.objects.filter(user=user, status=StaffRequest.Status.PENDING).exists():
        raise ValueError("The user already has a pending request.")
    return StaffRequest.objects.create(
        user=user, municipality=municipality, job_title=job_title.strip(), message=message.strip()
    )


@transaction.atomic
def staff_request_approve(*, staff_request: StaffRequest, by: User) -> StaffRequest:
    staff_request.status = StaffRequest.Status.APPROVED
    staff_request.decided_at = timezone.now()
    staff_request.decided_by = by
    staff_request.save(update_fields=["status", "decided_at", "decided_by"])
    user_make_staff_of(user=staff_request.user, municipality=staff_request.municipality)
    return staff_request


def staff_request_reject(*, staff_request: StaffRequest, by: User) -> StaffRequest:
    staff_request.status = StaffRequest.Status.REJECTED
    staff_request.decided_at = timezone.now()
    staff_request.decided_by = by
    staff_request.save(update_fields=["status", "decided_at", "decided_by"])
    return staff_request


def user_make_moderator(*, user: User) -> User:
    """Moderators work in Django admin, so they need is_staff as well as the group."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    user.__dict__.pop("is_moderator", None)
    return user
