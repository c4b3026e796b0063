"""Privacy and account security in a real browser: the policy and its cookie list, the data
export, account deletion, the second factor before admin, and signing out other sessions."""

import io
import json
import re
import time
import zipfile

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from accounts.services import user_make_moderator
from events.services import registration_create
from forum import services as forum
from forum.models import Category
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import EventFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def in_english(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()


def screenshots_and_axe(page, name: str) -> None:
    """Desktop and phone screenshots, then axe in the page's current language."""
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    assert_accessible(page)


def test_the_privacy_policy_in_danish_and_english(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Privatlivspolitik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privatlivspolitik")
    expect(page.get_by_test_id("controller")).to_contain_text("KL (Kommunernes Landsforening)")
    screenshots_and_axe(page, "privacy-da")
    in_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy policy")
    screenshots_and_axe(page, "privacy-en")


def test_the_cookie_list_matches_the_cookies_the_site_sets(page):
    """Use the site the ways that set cookies (a form, signing in, a message, the language
    switch); every cookie the browser ends up with must be listed, and every listed one set."""
    user = UserFactory(email="karen@example.com", display_name="Karen")
    ProjectFactory(author=user, title="Parkeringssensorer i Vejle")
    sign_in(page, "karen@example.com")
    page.goto("/accounts/profile/")
    page.get_by_role("textbox", name="Visningsnavn").fill("Karen B")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".messages")).to_be_visible()
    in_english(page)
    page.goto("/projects/")
    set_by_site = {cookie["name"] for cookie in page.context.cookies()}

    page.goto("/privacy/")
    listed = set(page.get_by_test_id("cookie-name").all_inner_texts())
    assert set_by_site == listed


def test_a_citizen_downloads_the_data_then_deletes_the_account(page, staff_user):
    project = ProjectFactory(author=staff_user, title="Parkeringssensorer i Aarhus")
    forum.thread_create(
        author=staff_user,
        category=Category.objects.get(slug="smart-parkering"),
        title="Sensorer i sne",
        body="Hvordan klarer parkeringssensorerne sig i sne og frost?",
        enforce_rate_limit=False,
    )
    registration_create(event=EventFactory(title="Datadag i Aarhus"), user=staff_user)

    sign_in(page, staff_user.email)
    page.goto("/accounts/profile/")
    with page.expect_navigation():
        page.get_by_role("link", name="Hent mine data").click()
    screenshots_and_axe(page, "export-da")
    with page.expect_navigation():
        page.get_by_role("button", name="Gør mine data klar").click()
    expect(page.locator(".messages")).to_contain_text("Vi gør dine data klar")
    expect(page.get_by_test_id("export-state")).to_contain_text("klar")

    link = re.search(r"https?://\S+(/accounts/export/\S+/)", mail.outbox[-1].body).group(1)
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url }", link)
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    projects = json.loads(archive.read("projects.json"))
    posts = json.loads(archive.read("forum_posts.json"))
    registrations = json.loads(archive.read("event_registrations.json"))
    assert [p["title"] for p in projects] == ["Parkeringssensorer i Aarhus"]
    assert [p["thread"] for p in posts] == ["Sensorer i sne"]
    assert [r["event"] for r in registrations] == ["Datadag i Aarhus"]
    assert "README.txt" in archive.namelist()

    page.goto("/accounts/profile/")
    with page.expect_navigation():
        page.get_by_role("link", name="Slet min konto").click()
    page.get_by_label("Din adgangskode").fill("forkert-adgangskode")
    with page.expect_navigation():
        page.get_by_role("button", name="Slet min konto for altid").click()
    expect(page.locator(".field-error")).to_contain_text("Adgangskoden er ikke korrekt.")
    screenshots_and_axe(page, "delete-da")
    page.get_by_label("Din adgangskode").fill("correct-horse-battery")
    with page.expect_navigation():
        page.get_by_role("button", name="Slet min konto for altid").click()
    expect(page.locator(".messages")).to_contain_text("Din konto er slettet.")

    page.goto("/accounts/login/")
    page.fill("input[name=login]", "trafik@aarhus.dk")
    page.fill("input[name=password]", "correct-horse-battery")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/login/" in page.url  # still on the sign-in page: refused

    page.goto(project.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Tidligere bruger")
    expect(page.locator("main")).not_to_contain_text("Trafikafdelingen")


def test_the_export_and_delete_pages_in_english(page, alice):
    sign_in(page, alice.email)
    page.goto("/accounts/export/")
    in_english(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Download my data")
    screenshots_and_axe(page, "export-en")
    page.goto("/accounts/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete my account")
    screenshots_and_axe(page, "delete-en")


def test_a_moderator_enrols_a_second_factor_before_reaching_the_queue(page):
    user_make_moderator(user=UserFactory(email="mod@example.com", display_name="Mette"))
    sign_in(page, "mod@example.com")
    for path in ("/admin/projects/projectqueueitem/", "/admin/"):
        page.goto(path)
        # Nothing of admin opens: enrol first, and allauth asks for the password once more
        # before a factor is added.
        assert "/accounts/reauthenticate/" in page.url
        assert "2fa%2Ftotp%2Factivate" in page.url
    screenshots_and_axe(page, "reauthenticate-da")
    page.fill("input[name=password]", "correct-horse-battery")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/2fa/totp/activate/" in page.url
    screenshots_and_axe(page, "mfa-activate-da")

    # What an authenticator app would compute from the secret the page shows (RFC 6238).
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Autentificeringskode").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Aktiver").click()
    assert "/accounts/2fa/recovery-codes/" in page.url
    screenshots_and_axe(page, "mfa-recovery-codes-da")

    # Now admin opens: the overview with its counts, and from it the queue.
    page.goto("/admin/")
    page.get_by_role("link", name=re.compile("projekter til moderation", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/admin/projects/projectqueueitem/"))
    assert len([m for m in mail.outbox if m.to == ["mod@example.com"]]) >= 1  # the notice


def test_the_two_factor_pages_in_english(page, alice):
    sign_in(page, alice.email)
    page.goto("/accounts/profile/")
    in_english(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Two-factor authentication").click()
    screenshots_and_axe(page, "mfa-index-en")
    page.goto("/accounts/2fa/totp/activate/")
    screenshots_and_axe(page, "mfa-activate-en")


def test_a_user_signs_out_another_session(page, browser, live_server, alice):
    other = browser.new_context(base_url=live_server.url)
    other_page = other.new_page()
    sign_in(other_page, alice.email)
    sign_in(page, alice.email)

    page.goto("/accounts/profile/")
    with page.expect_navigation():
        page.get_by_role("link", name="Sessioner, hvor du er logget ind").click()
    rows = page.get_by_test_id("sessions").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("tr[data-current]")).to_contain_text("denne browser")
    screenshots_and_axe(page, "sessions-da")
    with page.expect_navigation():
        page.get_by_role("button", name="Log alle andre sessioner ud").click()
    expect(rows).to_have_count(1)

    other_page.goto("/accounts/profile/")
    assert "/accounts/login/" in other_page.url  # the other browser is signed out
    page.goto("/accounts/profile/")
    assert page.url.endswith("/accounts/profile/")  # this one is not
    in_english(page)
    page.goto("/accounts/sessions/")
    screenshots_and_axe(page, "sessions-en")
    other.close()
