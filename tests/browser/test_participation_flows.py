"""Following in a real browser: a citizen follows a project, a moderator changes its status,
another municipality adopts it; the citizen sees both and gets ONE digest holding both."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from participation.models import Follow
from participation.tasks import send_digests
from places.models import Municipality
from projects.models import Theme
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ProjectFactory, UserFactory, make_moderator

pytestmark = pytest.mark.django_db(transaction=True)


def switch_to_english(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()


def test_a_citizen_follows_a_project_and_hears_of_its_status_and_adoption(page):
    from accounts.services import user_make_staff_of

    citizen = UserFactory(email="borger@example.com", display_name="Borger Berit")
    make_moderator(email="mod@example.com", display_name="Mette")
    odense = Municipality.objects.get(code="461")
    staff = user_make_staff_of(
        user=UserFactory(email="it@odense.dk", display_name="Odense IT"), municipality=odense
    )
    project = ProjectFactory(
        title="Intelligent gadebelysning",
        status="idea",
        theme=Theme.objects.get(slug="gadebelysning"),
        municipality=Municipality.objects.get(code="751"),
    )

    # The citizen follows the project with one button.
    sign_in(page, citizen.email)
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Følg").click()
    expect(page.get_by_role("button", name="Følg ikke længere")).to_be_visible()
    assert Follow.objects.filter(user=citizen, object_id=project.pk).exists()
    assert_accessible(page)

    # A moderator changes the status in admin (the only field of a project they may change).
    page.context.clear_cookies()
    sign_in(page, "mod@example.com")
    page.goto(f"/admin/projects/project/{project.pk}/change/")
    expect(page.locator("input[name=title]")).to_have_count(0)
    page.select_option("select[name=status]", "pilot")
    with page.expect_navigation():
        page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    # Staff of Odense mark that Odense uses it too.
    page.context.clear_cookies()
    sign_in(page, staff.email)
    page.goto(project.get_absolute_url())
    with page.expect_navigation():
        page.locator("form[action$='/adopt/'] button[type=submit]").click()

    # The citizen sees both, grouped under the project, with the unread number in the header.
    page.context.clear_cookies()
    sign_in(page, citizen.email)
    expect(page.locator("[data-unread-count]").first).to_have_text(re.compile(r"^2"))
    page.goto("/notifications/")
    item = page.locator(".notification-item", has_text="Intelligent gadebelysning")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Status ændret fra Idé til Pilot")
    expect(item).to_contain_text("Bruges nu også af Odense")
    assert_accessible(page)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"notifications-da-{width}")
    switch_to_english(page)
    expect(page.locator(".notification-item")).to_contain_text("Now also used by Odense")
    assert_accessible(page)
    screenshot(page, "notifications-en-1366")

    # ONE digest e-mail holds both.
    mail.outbox.clear()
    send_digests("daily")
    assert [message.to for message in mail.outbox] == [[citizen.email]]
    body = mail.outbox[0].body
    assert "Status changed from Idea to Pilot" in body  # she now reads English
    assert "Now also used by Odense" in body
    assert body.count("Intelligent gadebelysning") == 1

    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("[data-unread-count]")).to_have_count(0)


def test_settings_and_alert_pages_are_accessible_in_danish_and_english(page):
    UserFactory(email="borger@example.com", display_name="Borger Berit")
    sign_in(page, "borger@example.com")
    page.goto("/municipalities/aarhus/")
    page.get_by_role("link", name="Giv mig besked om nye projekter i Aarhus", exact=True).click()
    page.get_by_role("button", name="Opret overvågning").click()
    expect(page.locator(".alert-list")).to_contain_text("Aarhus")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "notification-settings-da-390")
    page.get_by_label("Ugentlig opsamling").first.check()
    page.get_by_role("button", name="Gem e-mailindstillinger").click()
    expect(page.get_by_text("Dine e-mailindstillinger er gemt.")).to_be_visible()
    switch_to_english(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    assert_accessible(page)
    screenshot(page, "notification-settings-en-1366")
    page.goto("/notifications/")
    assert_accessible(page)
