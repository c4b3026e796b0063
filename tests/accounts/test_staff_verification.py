import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import StaffRequest
from accounts.roles import MODERATORS_GROUP, Role
from accounts.services import staff_request_create, staff_verify_by_domain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def confirm(user, email):
    """Verify an address the way allauth does when the user follows the link."""
    address = EmailAddress.objects.create(user=user, email=email, verified=False, primary=False)
    address.set_verified(commit=True)
    # allauth sends email_confirmed from its confirmation view; send it as that view does.
    from allauth.account.signals import email_confirmed

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    user.refresh_from_db()
    return user


def test_verifying_a_municipal_address_makes_the_user_staff_of_that_municipality(aarhus):
    user = UserFactory(email="someone@example.com")
    assert user.role == Role.CITIZEN
    confirm(user, "parkering@aarhus.dk")
    assert user.is_municipal_staff
    assert user.municipality == aarhus
    assert user.role == Role.MUNICIPAL_STAFF


def test_copenhagen_staff_are_recognised_by_kk_dk():
    user = confirm(UserFactory(email="x@example.com"), "Medarbejder@KK.DK")
    assert user.municipality.name == "København"


def test_an_unknown_domain_does_not_make_the_user_staff():
    user = confirm(UserFactory(email="x@example.com"), "x@gmail.com")
    assert not user.is_municipal_staff
    assert user.municipality is None


def test_a_lookalike_domain_does_not_count():
    user = UserFactory(email="x@notaarhus.dk")
    assert staff_verify_by_domain(user=user, email=user.email) is False
    assert not user.is_municipal_staff


def test_domain_verification_settles_a_pending_request(aarhus):
    user = UserFactory(email="x@example.com")
    request = staff_request_create(user=user, municipality=aarhus, job_title="Projektleder")
    confirm(user, "x@aarhus.dk")
    request.refresh_from_db()
    assert request.status == StaffRequest.Status.APPROVED


def test_a_user_can_request_staff_status_from_the_profile(client, alice, aarhus):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:staff_request"),
        {"municipality": aarhus.pk, "job_title": "Byplanlægger", "message": "Ny i jobbet"},
        follow=True,
    )
    assert response.status_code == 200
    request = StaffRequest.objects.get(user=alice)
    assert request.status == StaffRequest.Status.PENDING
    assert "venter på en moderator" in response.content.decode()


def test_a_second_pending_request_is_refused_with_a_message(client, alice, aarhus):
    client.force_login(alice)
    data = {"municipality": aarhus.pk, "job_title": "Byplanlægger"}
    client.post(reverse("accounts:staff_request"), data)
    response = client.post(reverse("accounts:staff_request"), data, follow=True)
    assert StaffRequest.objects.filter(user=alice).count() == 1
    assert "allerede en anmodning" in response.content.decode()


def test_a_moderator_approves_a_request_in_admin(client, alice, aarhus, moderator):
    staff_request = staff_request_create(user=alice, municipality=aarhus, job_title="Ingeniør")
    client.force_login(moderator)
    response = client.post(
        reverse("admin:accounts_staffrequest_changelist"),
        {"action": "approve", "_selected_action": [staff_request.pk]},
        follow=True,
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    staff_request.refresh_from_db()
    assert alice.is_municipal_staff and alice.municipality == aarhus
    assert staff_request.decided_by == moderator


def test_a_citizen_cannot_reach_the_admin_action(client, alice, bob, aarhus):
    staff_request = staff_request_create(user=alice, municipality=aarhus, job_title="Ingeniør")
    client.force_login(bob)
    client.post(
        reverse("admin:accounts_staffrequest_changelist"),
        {"action": "approve", "_selected_action": [staff_request.pk]},
    )
    alice.refresh_from_db()
    assert not alice.is_municipal_staff


def test_the_moderators_group_exists_with_its_permissions():
    group = Group.objects.get(name=MODERATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_user", "change_staffrequest", "view_municipality"} <= codenames


def test_profile_shows_the_role_and_saves_the_display_name(client, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Kommunalt ansat" in page
    assert "Aarhus" in page
    response = client.post(reverse("accounts:profile"), {"display_name": "  Ny Navn "})
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.display_name == "Ny Navn"


def test_profile_refuses_an_empty_display_name_in_danish(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:profile"), {"display_name": "   ", "language": "da"})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_the_language_switch_is_remembered_on_the_account(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "en"
