from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.services import user_make_moderator
from tests.factories import UserFactory, enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def unenrolled_moderator(db):
    return user_make_moderator(user=UserFactory(email="ny-mod@example.com", display_name="Ny"))


@pytest.mark.parametrize("path", ["/admin/", "/admin/projects/projectqueueitem/", "/admin/x/"])
def test_admin_sends_a_moderator_without_mfa_to_enrol(client, unenrolled_moderator, path):
    client.force_login(unenrolled_moderator)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    assert f"next={path.replace('/', '%2F')}" in response.url


def test_admin_sends_a_superuser_without_mfa_to_enrol(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=False))
    response = client.get("/admin/")
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_admin_opens_for_a_moderator_who_has_enrolled(client, unenrolled_moderator):
    enrol_totp(unenrolled_moderator)
    client.force_login(unenrolled_moderator)
    response = client.get("/admin/?all=1")
    assert response.status_code == 200


def test_citizens_are_not_asked_to_enrol(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_admins_own_sign_in_form_is_replaced_by_allauths(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_signing_in_with_a_second_factor_asks_for_the_code(client, moderator):
    response = client.post(
        reverse("account_login"), {"login": moderator.email, "password": "correct-horse-battery"}
    )
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def _reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery"})
    assert response.status_code == 302


def test_a_citizen_can_switch_off_the_second_factor(client, alice):
    enrol_totp(alice)
    client.force_login(alice)
    _reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"), {})
    assert not Authenticator.objects.filter(user=alice, type="totp").exists()


def test_a_moderator_cannot_switch_off_the_second_factor(client, moderator):
    client.force_login(moderator)
    _reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(user=moderator, type="totp").exists()


def test_moderator_sessions_end_after_12_hours(client, moderator):
    client.force_login(moderator)
    expiry = client.session.get_expiry_date()
    assert timedelta(hours=11, minutes=59) < expiry - timezone.now() <= timedelta(hours=12)


def test_citizen_sessions_keep_the_usual_length(client, alice):
    client.force_login(alice)
    assert client.session.get_expiry_date() - timezone.now() > timedelta(days=13)


def test_an_eight_character_password_is_refused_with_a_clear_message(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "kort@example.com",
            "display_name": "Kort",
            "password1": "Kx9#mQ2z",
            "password2": "Kx9#mQ2z",
        },
    )
    assert response.status_code == 200
    assert "mindst 12 tegn" in response.content.decode()
    assert not EmailAddress.objects.filter(email="kort@example.com").exists()


def test_a_common_password_is_refused(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "almindelig@example.com",
            "display_name": "Almindelig",
            "password1": "password1234",
            "password2": "password1234",
        },
    )
    assert "for almindelig" in response.content.decode()


def test_a_password_change_is_e_mailed_in_the_users_language(client, alice):
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.force_login(alice)  # the page is Danish; the e-mail follows the account
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct-horse-battery",
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "Password Changed" in message.subject or "password" in message.subject.lower()


def test_a_danish_user_gets_the_notice_in_danish(client, alice):
    client.force_login(alice)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct-horse-battery",
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    [message] = mail.outbox
    assert "adgangskode" in (message.subject + message.body).lower()


def test_a_change_of_primary_address_is_e_mailed_to_the_old_one(client, alice):
    EmailAddress.objects.create(user=alice, email="alice@aarhus.dk", verified=True)
    client.force_login(alice)
    client.post(reverse("account_email"), {"action_primary": "", "email": "alice@aarhus.dk"})
    assert EmailAddress.objects.get(email="alice@aarhus.dk").primary
    notices = [m for m in mail.outbox if m.to == ["alice@example.com"]]
    assert len(notices) == 1
    assert "ændret" in notices[0].subject  # Danish, like the account


def test_enrolling_a_second_factor_is_e_mailed(client, alice, django_capture_on_commit_callbacks):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    client.force_login(alice)
    _reauthenticate(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    assert any(m.to == ["alice@example.com"] for m in mail.outbox)


def test_last_seen_is_brought_up_to_date_at_most_every_five_minutes(client, alice):
    from allauth.usersessions.models import UserSession

    from accounts.security import LAST_SEEN_KEY

    client.post(
        reverse("account_login"), {"login": alice.email, "password": "correct-horse-battery"}
    )
    user_session = UserSession.objects.get(user=alice)
    long_ago = timezone.now() - timedelta(hours=1)
    UserSession.objects.filter(pk=user_session.pk).update(last_seen_at=long_ago)

    client.get(reverse("accounts:profile"))  # signed in a moment ago: no write yet
    user_session.refresh_from_db()
    assert user_session.last_seen_at == long_ago

    session = client.session
    session[LAST_SEEN_KEY] = session[LAST_SEEN_KEY] - 301
    session.save()
    client.get(reverse("accounts:profile"))
    user_session.refresh_from_db()
    assert user_session.last_seen_at > long_ago
