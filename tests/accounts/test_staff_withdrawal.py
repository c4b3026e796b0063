"""Staff status follows a verified municipal address (or a moderator's approval) and ends,
recorded and told, when that support goes."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.services import staff_request_approve, staff_request_create
from moderation.models import ModerationDecision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_with_private_primary(aarhus):
    """Staff of Aarhus whose primary address is private; the municipal one is secondary."""
    from accounts.services import user_make_staff_of

    user = UserFactory(email="anne@example.com", display_name="Anne")
    EmailAddress.objects.create(user=user, email="anne@aarhus.dk", verified=True, primary=False)
    return user_make_staff_of(user=user, municipality=aarhus)


@pytest.fixture
def remove_address(django_capture_on_commit_callbacks):
    """Remove an address on allauth's e-mail page, running what waits for the commit."""

    def remove(client, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("account_email"), {"action_remove": "", "email": email})

    return remove


def withdrawals(user):
    return ModerationDecision.objects.filter(object_id=user.pk, action="staff_withdrawn")


def staff_notices():
    """The e-mails about staff status (allauth also tells the user an address was removed)."""
    return [m for m in mail.outbox if "staff" in m.subject or "kommunalt ansat" in m.subject]


def test_removing_the_municipal_address_ends_staff_status_with_an_audit_row_and_an_email(
    client, staff_with_private_primary, remove_address
):
    user = staff_with_private_primary
    client.force_login(user)

    response = remove_address(client, "anne@aarhus.dk")

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_municipal_staff
    assert user.municipality is None
    row = withdrawals(user).get()
    assert row.actor is None and "Aarhus" in row.note
    assert row.content_type.model == "user"
    [message] = staff_notices()
    assert message.to == ["anne@example.com"]
    assert message.subject == "Du er ikke længere registreret som kommunalt ansat"
    assert "Aarhus" in message.body


def test_the_email_is_in_the_users_language(client, staff_with_private_primary, remove_address):
    user = staff_with_private_primary
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)

    remove_address(client, "anne@aarhus.dk")

    [message] = staff_notices()
    assert "no longer registered as municipal staff" in message.subject


def test_removing_another_address_keeps_staff_status(
    client, staff_with_private_primary, remove_address
):
    user = staff_with_private_primary
    EmailAddress.objects.create(user=user, email="anne@gmail.com", verified=True)
    client.force_login(user)

    remove_address(client, "anne@gmail.com")

    user.refresh_from_db()
    assert user.is_municipal_staff
    assert not withdrawals(user).exists()
    assert staff_notices() == []


def test_a_moderators_approval_keeps_staff_status_without_the_address(
    client, aarhus, moderator, remove_address
):
    user = UserFactory(email="anne@example.com", display_name="Anne")
    request = staff_request_create(user=user, municipality=aarhus, job_title="Ingeniør")
    staff_request_approve(staff_request=request, by=moderator)
    EmailAddress.objects.create(user=user, email="anne@aarhus.dk", verified=True)
    client.force_login(user)

    remove_address(client, "anne@aarhus.dk")

    user.refresh_from_db()
    assert user.is_municipal_staff
    assert not withdrawals(user).exists()


def test_replacing_the_municipal_address_ends_staff_status(
    client, staff_user, settings, django_capture_on_commit_callbacks
):
    """With ACCOUNT_CHANGE_EMAIL, confirming a new address replaces the old one: a change of
    primary address (allauth's email_changed), with no removal signal."""
    settings.ACCOUNT_CHANGE_EMAIL = True
    client.force_login(staff_user)

    client.post(reverse("account_email"), {"action_add": "", "email": "privat@example.com"})
    key = re.search(r"/accounts/confirm-email/([^/]+)/", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_confirm_email", args=[key]))

    staff_user.refresh_from_db()
    assert staff_user.email == "privat@example.com"
    assert not staff_user.is_municipal_staff
    assert withdrawals(staff_user).count() == 1
    assert mail.outbox[-1].to == ["privat@example.com"]


def test_making_a_private_address_primary_keeps_the_verified_municipal_one(client, staff_user):
    EmailAddress.objects.create(user=staff_user, email="privat@example.com", verified=True)
    client.force_login(staff_user)

    client.post(reverse("account_email"), {"action_primary": "", "email": "privat@example.com"})

    staff_user.refresh_from_db()
    assert staff_user.email == "privat@example.com"
    assert staff_user.is_municipal_staff
