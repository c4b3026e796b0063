"""An e-mail address has one spelling: look-alikes of an existing address are refused."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.addresses import canonical_email, clean_email_address
from accounts.models import User
from accounts.services import staff_verify_by_domain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOOKALIKES = [
    "trafik@aarhus\u2060\ufeff.dk",  # word joiner and zero-width no-break space
    "trafik@a\u200barh\ufeffu\u017f.dk",  # zero-width space, BOM and a long s
    "trafik@aarhus\u00ad.dk",  # soft hyphen
    "trafik@ａａｒｈｕｓ.dk",  # full-width letters
]


def sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": "Ny",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )


@pytest.mark.parametrize("lookalike", LOOKALIKES)
def test_every_lookalike_has_the_canonical_form_of_the_real_address(lookalike):
    assert canonical_email(lookalike) == "trafik@aarhus.dk"


@pytest.mark.parametrize("lookalike", LOOKALIKES)
def test_sign_up_with_a_lookalike_of_an_existing_address_is_refused_in_danish(
    client, staff_user, lookalike
):
    response = sign_up(client, lookalike)

    assert response.status_code == 200
    assert "usynlige tegn" in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_a_lookalike_is_refused_even_when_nobody_has_the_real_address_yet(client):
    response = sign_up(client, "ny@example\u200b.com")

    assert "usynlige tegn" in response.content.decode()
    assert not User.objects.exists()


def test_upper_case_is_only_a_spelling_and_still_signs_up(client):
    response = sign_up(client, "Ny.Borger@Example.COM")

    assert response.status_code == 302
    assert User.objects.get().email == "ny.borger@example.com"


def test_adding_a_lookalike_address_on_the_email_page_is_refused(client, alice, staff_user):
    client.force_login(alice)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "trafik@aarhus\u2060.dk"}
    )

    assert "usynlige tegn" in response.content.decode()
    assert not EmailAddress.objects.filter(user=alice).exclude(email=alice.email).exists()
    assert mail.outbox == []


def test_the_message_is_in_english_for_english_readers():
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            clean_email_address("trafik@aarhus\u2060.dk")
        assert "invisible or look-alike characters" in caught.value.messages[0]


def test_the_staff_domain_is_checked_on_the_canonical_form(aarhus):
    user = UserFactory(email="x@example.com")

    assert staff_verify_by_domain(user=user, email="Trafik@AARHUS\u2060.dk") is True
    user.refresh_from_db()
    assert user.municipality == aarhus
