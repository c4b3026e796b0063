"""allauth's pages and e-mails in the site's own words and address."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("msgid", "danish"),
    [
        ("Verified", "Bekræftet"),
        ("Password successfully changed.", "Din adgangskode er ændret."),
        ("Successfully signed in as %(name)s.", "Du er logget ind som %(name)s."),
        ("Password Reset", "Nulstil adgangskode"),
        ("Email Address", "E-mailadresse"),
        ("Email Addresses", "E-mailadresser"),
    ],
)
def test_allauths_danish_is_corrected_in_our_catalogue(msgid, danish):
    with translation.override("da"):
        assert translation.gettext(msgid) == danish


def test_signing_in_says_so_in_plain_danish(client, alice):
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.com", "password": "correct-horse-battery"},
        follow=True,
    )
    assert "Du er logget ind som Alice." in response.content.decode()


def test_the_english_sign_up_page_reads_sign_up(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("account_signup")).content.decode()
    assert "<title>Sign up – Smart City Danmark</title>" in page
    assert re.search(r"<h1>\s*Sign up\s*</h1>", page)
    assert "Signup" not in page
    assert "Sign Up" not in page


def test_the_confirmation_e_mail_names_the_sites_address_not_the_site_row(client, settings):
    settings.SITE_URL = "https://smartcity.example.dk"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="127.0.0.1:8000")
    client.post(
        reverse("account_signup"),
        {
            "email": "ny@example.com",
            "display_name": "Ny Borger",
            "password1": "en-lang-og-sikker-adgang",
            "password2": "en-lang-og-sikker-adgang",
        },
    )
    body = mail.outbox[-1].body
    assert "https://smartcity.example.dk/accounts/confirm-email/" in body
    assert "smartcity.example.dk" in body.replace("https://smartcity.example.dk/accounts", "")
    assert "127.0.0.1:8000" not in body
    assert "testserver" not in body


def test_a_password_reset_link_is_on_the_sites_address(client, alice, settings):
    settings.SITE_URL = "https://smartcity.example.dk"
    client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert "https://smartcity.example.dk/accounts/password/reset/key/" in mail.outbox[-1].body
