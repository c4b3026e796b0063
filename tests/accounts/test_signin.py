import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_requires_e_mail_verification_before_sign_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ny@example.com",
            "display_name": "Ny Borger",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="ny@example.com")
    assert user.display_name == "Ny Borger"
    assert len(mail.outbox) == 1
    response = client.post(
        reverse("account_login"),
        {"login": "ny@example.com", "password": "a-long-enough-passphrase"},
    )
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_in_is_rate_limited_after_repeated_failures(client, alice):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    assert "for mange mislykkede logonforsøg" in response.content.decode()
    # Even the right password is refused until the limit expires.
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": "correct-horse-battery"}
    )
    assert "_auth_user_id" not in client.session
