"""One language preference drives both the site and the e-mails."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_choosing_english_on_the_profile_turns_the_site_english_and_keeps_it(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:profile")}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"
    assert '<html lang="en">' in client.get(reverse("accounts:profile")).content.decode()


def test_a_signed_in_user_gets_the_language_of_the_account_on_any_device(client, alice):
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.force_login(alice)  # a new browser: no language cookie
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_visitor_still_gets_danish_unless_they_switch(client):
    assert '<html lang="da">' in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_language_has_its_own_panel_apart_from_the_display_name(client, alice):
    client.force_login(alice)
    page = client.get(reverse("accounts:profile")).content.decode()
    display_name_panel = page.split('id="profile-form-title"')[1].split("</section>")[0]
    language_panel = page.split('id="language-title"')[1].split("</section>")[0]
    assert 'name="language"' not in display_name_panel
    assert 'name="language"' in language_panel
    assert f'action="{reverse("set_language")}"' in language_panel
