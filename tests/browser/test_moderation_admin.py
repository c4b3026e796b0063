import pytest

from accounts.services import user_make_moderator
from moderation.services import decision_record, report_create
from places.models import Municipality
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def moderator_in_admin(page):
    moderator = user_make_moderator(
        user=UserFactory(email="mod@example.com", display_name="Mette Moderator", is_staff=True)
    )
    sign_in(page, "mod@example.com")
    return moderator


# The stock admin breadcrumbs fail axe colour contrast (Django's theme, not ours); the checks
# cover the content area these pages add.
def test_a_moderator_reads_the_log_and_the_reports(page, moderator_in_admin):
    aarhus = Municipality.objects.get(code="751")
    citizen = UserFactory(email="borger@example.com", display_name="Borger")
    decision_record(
        obj=aarhus,
        action="review",
        score=1.0,
        reasons=[
            {
                "code": "personal_data.phone",
                "message_da": "Indeholder et telefonnummer",
                "message_en": "Contains a phone number",
                "weight": 1.0,
                "blocks_publication": True,
            }
        ],
    )
    decision_record(obj=aarhus, action="publish", actor=moderator_in_admin)
    report_create(obj=aarhus, reporter=citizen, reason="spam", text="Ligner reklame")

    page.goto("/admin/moderation/moderationdecision/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "Indeholder et telefonnummer" in rows.nth(1).inner_text()
    assert "system" in rows.nth(1).inner_text()
    assert "Mette Moderator" in rows.nth(0).inner_text()
    assert page.locator(".object-tools a.addlink").count() == 0  # nothing to add to the log
    screenshot(page, "admin-moderation-log")
    assert_accessible(page, context="#content")

    page.goto("/admin/moderation/report/?state=open")
    assert "Ligner reklame" in page.locator("#result_list").inner_text()
    screenshot(page, "admin-moderation-reports")
    assert_accessible(page, context="#content")

    page.goto("/admin/moderation/blockedterm/?q=casino")
    assert page.locator("#result_list input[type=checkbox][name$=active]").count() >= 1
    screenshot(page, "admin-moderation-blocked-terms")
    assert_accessible(page, context="#content")

    page.goto("/admin/moderation/rejectiontemplate/")
    assert "Personoplysninger" in page.locator("#result_list").inner_text()
    assert_accessible(page, context="#content")


def test_a_moderator_tries_a_text_before_changing_the_lists(page, moderator_in_admin):
    page.goto("/admin/moderation/blockedterm/")
    page.get_by_role("link", name="Prøv den automatiske kontrol").click()
    page.get_by_label("Titel").fill("Parkering")
    page.get_by_label("Tekst").fill("Ring på 12 34 56 78 for at høre om vores sensorer i Aarhus.")
    page.get_by_role("button", name="Kontrollér").click()
    assert page.get_by_test_id("verdict-trusted").inner_text() == "Gennemsyn"
    assert (
        "Indeholder et telefonnummer" in page.get_by_role("table", name="Begrundelser").inner_text()
    )
    screenshot(page, "admin-moderation-try")
    assert_accessible(page, context="#content")
