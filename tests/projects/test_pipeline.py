"""The submission pipeline run eagerly, as in the embedded default: locate → screen → decide →
notify, idempotent, and nothing lost when the broker is down or a worker dies."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from moderation.models import ModerationDecision
from moderation.selectors import decisions_for
from projects import processing, services
from projects.models import Project
from tests.factories import ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return ThemeFactory(slug="gadebelysning", name="Gadebelysning", name_en="Street lighting")


def project_data(**overrides):
    data = {
        "title": "Intelligent LED-gadebelysning i Gladsaxe",
        "summary": "Gadelyset dæmpes, når ingen færdes, og skrues op ved bevægelse.",
        "description": "Vi har udskiftet 4.000 armaturer og sparer 60 % strøm.",
        "theme": "gadebelysning",
        "status": "operation",
        "submitter_kind": "municipality",
        "lat": 55.7335,
        "lng": 12.4870,
    }
    return {**data, **overrides}


def submit(author, django_capture_on_commit_callbacks, **overrides) -> Project:
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_submit(author=author, data=project_data(**overrides))
    project.refresh_from_db()
    return project


def test_a_clean_submission_by_staff_is_published_and_the_author_told(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(staff_user, django_capture_on_commit_callbacks)
    assert project.state == Project.State.PUBLISHED
    assert project.published_at is not None
    assert project.municipality.name == "Gladsaxe"
    assert project.precision == Project.Precision.POINT
    decision = decisions_for(project).get()
    assert (decision.action, decision.actor) == ("publish", None)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff_user.email]
    assert "offentliggjort" in mail.outbox[0].subject
    assert project.get_absolute_url() in mail.outbox[0].body


def test_a_clean_submission_by_a_new_citizen_waits_for_a_moderator(
    alice, theme, django_capture_on_commit_callbacks
):
    project = submit(alice, django_capture_on_commit_callbacks, submitter_kind="citizen")
    assert project.state == Project.State.NEEDS_REVIEW
    assert decisions_for(project).get().action == "review"
    assert mail.outbox == []  # the author already saw "received — being checked"


def test_an_address_is_geocoded_to_a_town_and_its_municipality(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(
        staff_user, django_capture_on_commit_callbacks, lat=None, lng=None, address="Århus"
    )
    assert project.municipality.name == "Aarhus"
    assert project.precision in (Project.Precision.TOWN, Project.Precision.MUNICIPALITY)
    assert 56.0 < project.lat < 56.3 and 10.0 < project.lng < 10.4


def test_an_address_that_cannot_be_found_goes_to_a_moderator_with_the_reason(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(
        staff_user, django_capture_on_commit_callbacks, lat=None, lng=None, address="Xqzzyvej 9"
    )
    assert project.state == Project.State.NEEDS_REVIEW
    assert "geocoding.not_found" in [r["code"] for r in project.screening_reasons]


def test_personal_data_is_never_published_automatically(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(
        staff_user,
        django_capture_on_commit_callbacks,
        description="Kontakt projektlederen på 23 45 67 89 eller jens.hansen@gmail.com.",
    )
    assert project.state == Project.State.NEEDS_REVIEW
    codes = {reason["code"] for reason in project.screening_reasons}
    assert codes & {"personal_data.phone", "personal_data.email"}


def test_obvious_spam_is_rejected_hidden_and_the_author_told_why(
    alice, theme, django_capture_on_commit_callbacks
):
    spam = (
        "BUY CHEAP VIAGRA AND CASINO BONUS NOW!!!!!! http://casino.example.com "
        "http://pills.example.net http://bonus.example.org http://win.example.info"
    )
    project = submit(
        alice, django_capture_on_commit_callbacks, title="CASINO BONUS!!!!", description=spam
    )
    assert project.state == Project.State.REJECTED
    assert project.rejection_reason
    assert Project.objects.filter(pk=project.pk).exists()  # hidden, never deleted
    assert len(mail.outbox) == 1
    assert project.rejection_reason.split(";")[0] in mail.outbox[0].body


def test_the_author_is_told_in_their_own_language(
    staff_user, theme, django_capture_on_commit_callbacks
):
    staff_user.language = "en"
    staff_user.save(update_fields=["language"])
    submit(staff_user, django_capture_on_commit_callbacks)
    assert "is published" in mail.outbox[0].subject


def test_the_same_task_delivered_twice_gives_one_result_one_decision_one_email(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(staff_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        second = processing.project_process(project_id=project.pk)
    assert second.action == ""  # nothing left to claim
    assert ModerationDecision.objects.count() == 1
    from projects.tasks import notify_author

    decision = decisions_for(project).get()
    assert notify_author(project.pk, decision.pk) is False  # already told
    assert len(mail.outbox) == 1


def test_a_submission_the_broker_never_saw_is_found_by_the_sweeper(
    staff_user, theme, settings, django_capture_on_commit_callbacks
):
    # What a broker outage at submit time leaves behind: a saved row in `submitted`. (The
    # outage itself is exercised with a real broker in tests/integration/.)
    project = ProjectFactory(
        author=staff_user, theme=theme, state=Project.State.SUBMITTED, published_at=None
    )
    assert processing.sweep_stuck_projects() == []  # within the grace period: leave it
    Project.objects.filter(pk=project.pk).update(
        updated_at=timezone.now() - timedelta(seconds=settings.PIPELINE_SWEEP_GRACE_SECONDS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.sweep_stuck_projects() == [project.pk]
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED


def test_the_sweeper_takes_over_a_row_whose_worker_died(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = ProjectFactory(
        author=staff_user,
        theme=theme,
        state=Project.State.PROCESSING,
        attempts=1,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        municipality=None,
        published_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.sweep_stuck_projects() == [project.pk]
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED
    assert project.attempts == 2


def test_a_row_leased_by_a_live_worker_is_left_alone(staff_user, theme):
    project = ProjectFactory(
        author=staff_user,
        theme=theme,
        state=Project.State.PROCESSING,
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )
    assert processing.sweep_stuck_projects() == []
    assert processing.project_process(project_id=project.pk).action == ""


def test_a_row_that_killed_its_workers_again_and_again_goes_to_a_moderator(
    staff_user, theme, settings
):
    project = ProjectFactory(
        author=staff_user,
        theme=theme,
        state=Project.State.PROCESSING,
        attempts=settings.PIPELINE_MAX_ATTEMPTS,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    outcome = processing.project_process(project_id=project.pk)
    project.refresh_from_db()
    assert outcome.action == "review"
    assert project.state == Project.State.NEEDS_REVIEW
    assert project.screening_reasons[0]["code"] == "pipeline.failed"


def test_a_clean_edit_of_a_published_project_by_staff_goes_live(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(staff_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_update(
            project=project, by=staff_user, data=project_data(title="LED-lys i hele Gladsaxe")
        )
    project.refresh_from_db()
    assert project.title == "LED-lys i hele Gladsaxe"
    assert project.pending_changes is None
    assert project.state == Project.State.PUBLISHED


def test_a_flagged_edit_waits_while_the_public_page_keeps_the_old_version(
    staff_user, theme, django_capture_on_commit_callbacks
):
    project = submit(staff_user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_update(
            project=project,
            by=staff_user,
            data=project_data(description="Ring til mig på 20 30 40 50."),
        )
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED
    assert "20 30 40 50" not in project.description
    assert project.pending_changes is not None
    assert project.pending_checked_at is not None  # screened, waiting in the queue
    assert processing.sweep_stuck_projects() == []
