"""The projects' moderation queue in Django admin, human decisions and public reports."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from moderation.models import ModerationDecision, RejectionTemplate
from moderation.selectors import decisions_for
from projects import review
from projects.models import Project
from tests.factories import EstablishedUserFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/projects/projectqueueitem/"


@pytest.fixture
def theme():
    return ThemeFactory(slug="klima", name="Klimatilpasning", name_en="Climate adaptation")


@pytest.fixture
def waiting(alice, theme):
    return ProjectFactory(
        author=alice,
        theme=theme,
        title="Regnbede på Nørrebro",
        state=Project.State.NEEDS_REVIEW,
        published_at=None,
        screening_reasons=[{"code": "new_account", "message_da": "Ny konto", "weight": 0.5}],
    )


def run_action(client, action, projects, **extra):
    data = {"action": action, "_selected_action": [p.pk for p in projects], **extra}
    return client.post(QUEUE_URL, data, follow=True)


def hidden_inputs(page: str) -> dict:
    """The hidden fields of the admin change form (the inline's management form)."""
    pattern = r'<input type="hidden" name="([^"]+)" value="([^"]*)"'
    return dict(re.findall(pattern, page))


def test_the_queue_lists_what_waits_oldest_first(client, moderator, alice, theme):
    first = ProjectFactory(author=alice, theme=theme, state="needs_review", title="Først")
    second = ProjectFactory(author=alice, theme=theme, state="needs_review", title="Derefter")
    ProjectFactory(author=alice, theme=theme, state="published", title="Allerede offentlig")
    client.force_login(moderator)
    page = client.get(QUEUE_URL).content.decode()
    assert page.index(first.title) < page.index(second.title)
    assert "Allerede offentlig" not in page


def test_moderators_land_on_the_overview_with_the_queues_and_their_counts(
    client, moderator, waiting
):
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Venter på moderering" in page
    # The projects' row (other queues, such as appeals, have rows of their own).
    assert re.search(
        rf'href="{re.escape(QUEUE_URL)}">[^<]+</a></th><td data-testid="pending-\d+">1<', page
    )


def test_the_queue_counts_its_projects_in_a_correct_plural(client, moderator, alice, theme):
    for title in ("Et", "To"):
        ProjectFactory(author=alice, theme=theme, state="needs_review", title=title)
    client.force_login(moderator)

    page = client.get(QUEUE_URL).content.decode()

    assert "2 projekter til moderation" in page
    assert "moderationskø<" not in page


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def test_the_item_page_shows_what_the_public_would_see(client, moderator, waiting, alice):
    from projects.services import project_image_upload

    image = project_image_upload(uploaded_by=alice, file=_png(), alt_text="Regnbed i regnvejr")
    image.project = waiting
    image.save(update_fields=["project"])
    waiting.website = "https://www.kk.dk/regnbede"
    waiting.open_data_links = [{"title": "Målinger (CSV)", "url": "https://data.kk.dk/regn.csv"}]
    waiting.save(update_fields=["website", "open_data_links"])
    client.force_login(moderator)

    page = client.get(f"{QUEUE_URL}{waiting.pk}/change/").content.decode()

    image_url = reverse("projects:image", args=[image.token])
    assert f'<img src="{image_url}"' in page and 'alt="Regnbed i regnvejr"' in page
    assert 'href="https://www.kk.dk/regnbede"' in page
    assert 'href="https://data.kk.dk/regn.csv"' in page and "Målinger (CSV)" in page
    assert client.get(image_url).status_code == 200  # the moderator may see it before publishing
    assert f'action="{QUEUE_URL}{waiting.pk}/publish/"' in page
    assert f'href="{QUEUE_URL}{waiting.pk}/reject/"' in page


def test_a_moderator_publishes_from_the_item_page(client, moderator, waiting):
    client.force_login(moderator)

    assert client.get(f"{QUEUE_URL}{waiting.pk}/publish/").status_code == 405
    response = client.post(f"{QUEUE_URL}{waiting.pk}/publish/", follow=True)

    waiting.refresh_from_db()
    assert waiting.state == Project.State.PUBLISHED
    assert decisions_for(waiting).get().actor == moderator
    assert response.redirect_chain[-1][0] == QUEUE_URL
    assert "1 projekt offentliggjort" in response.content.decode()


def test_a_moderator_rejects_from_the_item_page_with_a_reason_template(
    client, moderator, waiting, django_capture_on_commit_callbacks
):
    template = RejectionTemplate.objects.first()
    client.force_login(moderator)
    url = f"{QUEUE_URL}{waiting.pk}/reject/"

    form = client.get(url).content.decode()
    assert 'name="template"' in form and 'name="reason"' in form
    client.post(url, {"apply": "1", "template": "", "reason": ""})
    waiting.refresh_from_db()
    assert waiting.state == Project.State.NEEDS_REVIEW  # no reason: nothing changed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"apply": "1", "template": template.pk, "reason": ""})

    waiting.refresh_from_db()
    assert response.status_code == 302 and response.url == QUEUE_URL
    assert waiting.state == Project.State.REJECTED
    assert waiting.rejection_reason == template.text_da
    assert template.text_da in mail.outbox[0].body


def test_citizens_cannot_decide_from_the_item_page(client, bob, waiting):
    client.force_login(bob)

    client.post(f"{QUEUE_URL}{waiting.pk}/publish/")
    client.post(f"{QUEUE_URL}{waiting.pk}/reject/", {"apply": "1", "reason": "Nej"})

    waiting.refresh_from_db()
    assert waiting.state == Project.State.NEEDS_REVIEW


def test_a_citizen_cannot_open_the_queue(client, bob, waiting):
    client.force_login(bob)
    assert client.get(QUEUE_URL).status_code == 302  # to the admin login


def test_publishing_records_the_moderator_and_tells_the_author(
    client, moderator, waiting, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "publish", [waiting])
    waiting.refresh_from_db()
    assert waiting.state == Project.State.PUBLISHED and waiting.published_at
    decision = decisions_for(waiting).get()
    assert (decision.action, decision.actor) == ("publish", moderator)
    assert len(mail.outbox) == 1 and waiting.title in mail.outbox[0].subject


def test_rejecting_asks_for_a_reason_first(client, moderator, waiting):
    client.force_login(moderator)
    page = run_action(client, "reject", [waiting]).content.decode()
    assert "Begrundelse, der sendes til forfatteren" in page
    waiting.refresh_from_db()
    assert waiting.state == Project.State.NEEDS_REVIEW  # nothing happened yet


def test_rejecting_without_a_reason_changes_nothing(client, moderator, waiting):
    client.force_login(moderator)
    page = run_action(client, "reject", [waiting], apply="1", reason=" ").content.decode()
    assert "Skriv eller vælg en begrundelse" in page
    waiting.refresh_from_db()
    assert waiting.state == Project.State.NEEDS_REVIEW
    assert not ModerationDecision.objects.exists()


def test_rejecting_with_a_written_reason_tells_the_author_and_my_submissions_shows_it(
    client, moderator, waiting, alice, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    reason = "Det er ikke et Smart City-projekt."
    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "reject", [waiting], apply="1", reason=reason)
    waiting.refresh_from_db()
    assert waiting.state == Project.State.REJECTED
    assert "ikke et Smart City-projekt" in mail.outbox[0].body
    client.force_login(alice)
    assert "ikke et Smart City-projekt" in client.get("/projects/mine/").content.decode()


def test_a_reason_template_is_sent_in_the_authors_language(
    client, moderator, waiting, alice, django_capture_on_commit_callbacks
):
    alice.language = "en"
    alice.save(update_fields=["language"])
    template = RejectionTemplate.objects.first()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "reject", [waiting], apply="1", template=template.pk, reason="")
    waiting.refresh_from_db()
    assert waiting.rejection_reason == template.text_en
    assert template.text_en in mail.outbox[0].body


def test_bulk_actions_work_on_several_projects(client, moderator, alice, theme):
    projects = [ProjectFactory(author=alice, theme=theme, state="needs_review") for _ in range(3)]
    client.force_login(moderator)
    run_action(client, "hide", projects)
    assert set(Project.objects.values_list("state", flat=True)) == {"hidden"}
    assert ModerationDecision.objects.filter(action="hide").count() == 3


def test_restore_puts_a_hidden_published_project_back(moderator, theme, alice):
    project = ProjectFactory(author=alice, theme=theme)
    review.project_hide(project=project, by=moderator)
    review.project_restore(project=project, by=moderator)
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED


def test_rerun_sends_the_project_through_the_pipeline_again(
    client, moderator, staff_user, theme, django_capture_on_commit_callbacks
):
    project = ProjectFactory(author=staff_user, theme=theme, state="needs_review")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, "rerun", [project])
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED  # staff, clean: published this time
    assert [d.action for d in decisions_for(project).order_by("pk")] == ["rerun", "publish"]


def test_dragging_the_pin_corrects_the_location_and_municipality(client, moderator, waiting):
    client.force_login(moderator)
    url = reverse("admin:projects_projectqueueitem_change", args=[waiting.pk])
    page = client.get(url).content.decode()
    assert 'id="relocate-map"' in page and "admin_relocate.js" in page
    form = {**hidden_inputs(page), "lat": "55.4038", "lng": "10.4024", "_continue": "1"}
    response = client.post(url, form)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.lat, waiting.lng) == (55.4038, 10.4024)
    assert waiting.municipality.name == "Odense"
    assert decisions_for(waiting).get().action == "relocate"


def test_a_pin_outside_denmark_is_refused(client, moderator, waiting):
    client.force_login(moderator)
    url = reverse("admin:projects_projectqueueitem_change", args=[waiting.pk])
    page = client.get(url).content.decode()
    client.post(url, {**hidden_inputs(page), "lat": "52.52", "lng": "13.40"})  # Berlin
    waiting.refresh_from_db()
    assert waiting.lat != 52.52
    assert not ModerationDecision.objects.exists()


def test_moderators_can_be_told_when_something_waits(
    settings, moderator, alice, theme, django_capture_on_commit_callbacks
):
    from projects import services

    settings.MODERATION_NOTIFY_MODERATORS = True
    data = {
        "title": "Klimasikring af Gammel Kongevej",
        "summary": "Skybrudsvej leder regnvand væk fra kældrene.",
        "theme": "klima",
        "status": "planned",
        "submitter_kind": "citizen",
        "lat": 55.676,
        "lng": 12.55,
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.project_submit(author=alice, data=data)
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "Klimasikring af Gammel Kongevej" in mail.outbox[0].subject


# --- public reports ---------------------------------------------------------------------------


def test_three_reports_from_different_users_hide_the_project(client, theme, alice):
    project = ProjectFactory(author=alice, theme=theme)
    for number in range(3):
        client.force_login(EstablishedUserFactory(email=f"reporter{number}@example.com"))
        client.post(f"/projects/{project.slug}/report/", {"reason": "spam", "text": "Reklame"})
    project.refresh_from_db()
    assert project.state == Project.State.HIDDEN
    assert decisions_for(project).get().action == "report_hide"
    from projects.admin_queue import waiting_projects

    assert waiting_projects().filter(pk=project.pk).exists()


def test_a_user_reports_a_project_only_once(client, theme, alice, bob):
    project = ProjectFactory(author=alice, theme=theme)
    client.force_login(bob)
    url = f"/projects/{project.slug}/report/"
    client.post(url, {"reason": "spam", "text": ""})
    response = client.post(url, {"reason": "spam", "text": ""}, follow=True)
    assert "allerede anmeldt" in response.content.decode()
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED


def test_a_report_needs_a_reason(client, theme, alice, bob):
    project = ProjectFactory(author=alice, theme=theme)
    client.force_login(bob)
    response = client.post(f"/projects/{project.slug}/report/", {"text": "?"})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()


def test_anonymous_visitors_must_sign_in_to_report(client, theme, alice):
    project = ProjectFactory(author=alice, theme=theme)
    response = client.post(f"/projects/{project.slug}/report/", {"reason": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
