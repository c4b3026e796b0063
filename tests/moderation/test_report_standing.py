"""Reports weigh by their reporters' standing (moderation.services.report_submit): a few
brand-new accounts cannot take down a municipality's project; moderators see every report."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from moderation.models import Report
from moderation.selectors import decisions_for, open_reports_for
from moderation.services import reporter_standing
from projects import review
from projects.models import Project
from tests.factories import EstablishedUserFactory, ProjectFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipal_project(staff_user):
    return ProjectFactory(
        author=staff_user, theme=ThemeFactory(), municipality=staff_user.municipality
    )


def report(project, reporter):
    return review.project_report(project=project, reporter=reporter, reason="spam", text="")


def test_three_brand_new_accounts_cannot_hide_a_municipalitys_project(municipal_project):
    for _ in range(3):
        report(municipal_project, UserFactory())  # verified e-mail, joined just now
    municipal_project.refresh_from_db()
    assert municipal_project.state == Project.State.PUBLISHED
    assert not decisions_for(municipal_project).exists()


def test_moderators_still_see_every_report_that_did_not_hide(admin_client, municipal_project):
    reporters = [UserFactory(display_name=f"Ny {n}") for n in range(3)]
    for reporter in reporters:
        report(municipal_project, reporter)
    assert open_reports_for(municipal_project).count() == 3
    page = admin_client.get("/admin/moderation/report/").content.decode()
    for reporter in reporters:
        assert reporter.display_name in page


def test_three_established_reporters_hide_the_project(municipal_project):
    for _ in range(3):
        tally = report(municipal_project, EstablishedUserFactory())
    assert tally.reached
    municipal_project.refresh_from_db()
    assert municipal_project.state == Project.State.HIDDEN
    decision = decisions_for(municipal_project).get()
    assert decision.action == "report_hide"
    # The reason is recorded in both languages, like every other reason.
    assert decision.reasons[0]["message_en"] == "Hidden after 3 reports."
    assert decision.reasons[0]["message_da"] != decision.reasons[0]["message_en"]


def test_reporters_whose_reports_were_upheld_weigh_more(municipal_project, moderator):
    veterans = [EstablishedUserFactory() for _ in range(2)]
    for veteran in veterans:
        for _ in range(2):  # two earlier reports each, upheld by a moderator
            earlier = ProjectFactory(theme=municipal_project.theme)
            report(earlier, veteran)
            review.project_hide(project=earlier, by=moderator)
    assert Report.objects.filter(reporter=veterans[0], upheld=True).count() == 2
    for veteran in veterans:
        report(municipal_project, veteran)
    municipal_project.refresh_from_db()
    assert municipal_project.state == Project.State.HIDDEN  # two reporters, weight 4


def test_a_report_the_moderator_dismissed_is_not_upheld(municipal_project, moderator):
    reporter = EstablishedUserFactory()
    report(municipal_project, reporter)
    review.project_publish(project=municipal_project, by=moderator)
    assert Report.objects.get(reporter=reporter).upheld is False
    assert reporter_standing(reporter) == 1.0


def test_standing_needs_a_verified_email_and_grows_with_age(alice):
    assert reporter_standing(alice) < 1.0  # joined just now
    alice.date_joined = timezone.now() - timedelta(days=30)
    alice.save(update_fields=["date_joined"])
    assert reporter_standing(alice) == 1.0
    EmailAddress.objects.filter(user=alice).update(verified=False)
    assert reporter_standing(alice) == 0.0
