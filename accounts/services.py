"""Writes on accounts: every view, admin action and signal goes through these."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from places.models import Municipality
from places.selectors import municipality_for_email

from .models import StaffRequest, User
from .roles import MODERATORS_GROUP


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


def staff_verify_by_domain(*, user: User, email: str) -> bool:
    """Called when a user verifies an e-mail address: a municipal domain makes them staff.

    Returns whether the user became (or already was) staff of that municipality.
    """
    municipality = municipality_for_email(email)
    if municipality is None:
        return False
    if user.municipality_id != municipality.pk or user.staff_verified_at is None:
        with transaction.atomic():
            user_make_staff_of(user=user, municipality=municipality)
            StaffRequest.objects.filter(user=user, status=StaffRequest.Status.PENDING).update(
                status=StaffRequest.Status.APPROVED, decided_at=timezone.now()
            )
    return True


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
