"""Appeals: once, within 30 days, decided by a moderator other than the one who decided first,
the outcome e-mailed, every step in the audit log."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments import services as comment_services
from comments.models import Comment
from moderation.appeals import appeal_decide, appeal_submit
from moderation.models import Appeal, ModerationDecision
from projects import review
from tests.factories import ProjectFactory, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read the English texts (Danish is the default; its own tests check it)."""
    from django.utils import translation

    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def second_moderator(db):
    return make_moderator(email="mod2@example.com", display_name="Mod To")


@pytest.fixture
def hidden_comment(alice, moderator):
    project = ProjectFactory(title="Klimatilpasning i Vejle")
    comment = Comment.objects.create(
        project=project, author=alice, body="En skarp kommentar.",
        body_html="<p>En skarp kommentar.</p>", state="published",
    )  # fmt: skip
    comment_services.comment_set_state(
        comment=comment, state="hidden", by=moderator, note="Tonen er for hård."
    )
    return comment


def _appeal(client, comment, reason="Jeg mener, kommentaren er saglig."):
    return client.post(f"/appeals/comment/{comment.pk}/", {"reason": reason})


def test_the_author_appeals_and_the_appeal_waits_in_the_queue(client, alice, hidden_comment):
    client.force_login(alice)
    page = client.get(hidden_comment.get_absolute_url(), follow=True).text
    assert "You can appeal this decision until" in page

    response = _appeal(client, hidden_comment)

    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.state == "pending" and appeal.appellant == alice
    assert appeal.first_decision.action == "hide"
    assert ModerationDecision.objects.filter(
        object_id=hidden_comment.pk, action="appeal", actor=alice
    ).exists()
    page = client.get(hidden_comment.get_absolute_url(), follow=True).text
    assert "Your appeal is waiting for a second moderator." in page


def test_an_item_is_appealed_only_once(client, alice, hidden_comment):
    client.force_login(alice)
    _appeal(client, hidden_comment)

    response = _appeal(client, hidden_comment, "Igen!")

    assert response.status_code == 400
    assert "You have already appealed this decision." in response.text
    assert Appeal.objects.count() == 1
    assert ModerationDecision.objects.filter(action="appeal").count() == 1


def test_an_appeal_after_30_days_is_refused(client, alice, hidden_comment):
    decision = ModerationDecision.objects.get(object_id=hidden_comment.pk, action="hide")
    decision.created_at = timezone.now() - timedelta(days=31)
    decision.save(update_fields=["created_at"])
    client.force_login(alice)
    assert "can no longer be appealed" in client.get(f"/appeals/comment/{hidden_comment.pk}/").text

    response = _appeal(client, hidden_comment)

    assert response.status_code == 400
    assert "more than 30 days old" in response.text
    assert not Appeal.objects.exists()


def test_an_appeal_on_day_29_is_accepted(alice, hidden_comment):
    ModerationDecision.objects.filter(object_id=hidden_comment.pk, action="hide").update(
        created_at=timezone.now() - timedelta(days=29)
    )

    assert appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.").is_pending


def test_only_the_author_can_appeal(client, bob, hidden_comment):
    client.force_login(bob)

    assert _appeal(client, hidden_comment).status_code == 404
    assert not Appeal.objects.exists()


def test_a_published_item_cannot_be_appealed(alice, hidden_comment, second_moderator):
    comment_services.comment_set_state(
        comment=hidden_comment, state="published", by=second_moderator
    )

    with pytest.raises(ValidationError, match="Only a rejected or hidden item"):
        appeal_submit(obj=hidden_comment, by=alice, reason="Hvorfor?")


def test_the_moderator_who_decided_first_cannot_decide_the_appeal(
    client, alice, moderator, hidden_comment
):
    appeal = appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.")
    client.force_login(moderator)

    response = client.post(
        f"/admin/moderation/appeal/{appeal.pk}/change/",
        {"outcome": "grant", "decision_reason": "Jeg tog fejl."},
    )

    assert response.status_code == 200
    assert "You made the decision that is appealed" in response.text
    appeal.refresh_from_db()
    hidden_comment.refresh_from_db()
    assert appeal.state == "pending" and hidden_comment.state == "hidden"
    with pytest.raises(ValidationError, match="another moderator must decide"):
        appeal_decide(appeal=appeal, by=moderator, grant=True, reason="Jeg tog fejl.")


def test_a_second_moderator_grants_the_appeal_and_the_author_is_told(
    client, alice, hidden_comment, second_moderator, mailoutbox, django_capture_on_commit_callbacks
):
    appeal = appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.")
    client.force_login(second_moderator)
    queue = client.get("/admin/moderation/appeal/?state__exact=pending").text
    assert "Klimatilpasning i Vejle" in queue or f"#{hidden_comment.pk}" in queue

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/moderation/appeal/{appeal.pk}/change/",
            {"outcome": "grant", "decision_reason": "Kommentaren er saglig."},
        )

    assert response.status_code == 302
    appeal.refresh_from_db()
    hidden_comment.refresh_from_db()
    assert appeal.state == "granted" and appeal.decided_by == second_moderator
    assert hidden_comment.state == "published"
    actions = list(
        ModerationDecision.objects.filter(object_id=hidden_comment.pk)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == ["hide", "appeal", "restore", "appeal_granted"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [alice.email]
    assert "Kommentaren er saglig." in mailoutbox[0].body
    assert "Din klage er imødekommet" in mailoutbox[0].subject  # in Alice's language


def test_a_refused_appeal_keeps_the_decision_and_says_why(
    alice, hidden_comment, second_moderator, mailoutbox, django_capture_on_commit_callbacks
):
    appeal = appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.")

    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(
            appeal=appeal, by=second_moderator, grant=False, reason="Tonen er nedsættende."
        )

    hidden_comment.refresh_from_db()
    assert hidden_comment.state == "hidden"
    assert ModerationDecision.objects.filter(
        object_id=hidden_comment.pk, action="appeal_refused", actor=second_moderator
    ).exists()
    assert len(mailoutbox) == 1 and "Tonen er nedsættende." in mailoutbox[0].body


def test_an_appeal_is_decided_once(alice, hidden_comment, second_moderator, admin_user):
    appeal = appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.")
    appeal_decide(appeal=appeal, by=second_moderator, grant=False, reason="Nej.")

    with pytest.raises(ValidationError, match="already been decided"):
        appeal_decide(appeal=appeal, by=admin_user, grant=True, reason="Jo.")


def test_a_decision_needs_a_reason(alice, hidden_comment, second_moderator):
    appeal = appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.")

    with pytest.raises(ValidationError):
        appeal_decide(appeal=appeal, by=second_moderator, grant=True, reason="  ")

    appeal.refresh_from_db()
    assert appeal.is_pending


def test_the_author_of_a_rejected_project_appeals_from_its_page(
    client, alice, moderator, second_moderator
):
    project = ProjectFactory(author=alice, state="needs_review", published_at=None)
    review.project_reject(project=project, by=moderator, reason="Ikke et Smart City-projekt.")
    client.force_login(alice)
    assert "Appeal the decision" in client.get(project.get_absolute_url()).text

    client.post(f"/appeals/project/{project.pk}/", {"reason": "Det er et sensorprojekt."})
    appeal = Appeal.objects.get()
    appeal_decide(appeal=appeal, by=second_moderator, grant=True, reason="Det er det.")

    project.refresh_from_db()
    assert project.state == "needs_review"  # restored: back in the queue, never published
    assert "Your appeal was granted." in client.get(project.get_absolute_url()).text


def test_the_author_of_a_hidden_project_sees_it_and_can_appeal(client, alice, moderator, bob):
    project = ProjectFactory(author=alice)
    review.project_hide(project=project, by=moderator, note="Anmeldt.")

    client.force_login(alice)
    assert "Appeal the decision" in client.get(project.get_absolute_url()).text
    client.force_login(bob)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_the_admin_index_shows_the_pending_appeals(client, alice, hidden_comment, second_moderator):
    appeal_submit(obj=hidden_comment, by=alice, reason="Saglig.")
    client.force_login(second_moderator)

    index = client.get("/admin/").text

    assert "/admin/moderation/appeal/?state__exact=pending" in index


def test_appeals_are_in_the_data_export_and_their_words_erased(alice, hidden_comment):
    from accounts.personal_data import sections

    appeal_submit(obj=hidden_comment, by=alice, reason="Min begrundelse.")
    section = next(s for s in sections() if s.name == "appeals")

    assert section.export(alice)[0]["reason"] == "Min begrundelse."
    section.erase(alice)
    assert Appeal.objects.get().reason == ""


# --- forum posts and events -------------------------------------------------------------------


def test_the_author_of_a_hidden_forum_post_appeals_it(
    client, staff_user, public_thread, moderator, second_moderator
):
    from forum import services as forum_services

    post = public_thread.first_post
    if post.state != "published":
        forum_services.post_publish(post=post, by=second_moderator)
    forum_services.post_hide(post=post, by=moderator, note="Uden for emnet.")
    client.force_login(staff_user)

    # The post's own address leads its author to the appeal page.
    page = client.get(f"/forum/p/{post.pk}/", follow=True)
    assert "Appeal a decision" in page.text and "parkeringssensorer" in page.text.lower()
    client.post(f"/appeals/forum_post/{post.pk}/", {"reason": "Det handler om parkering."})
    appeal = Appeal.objects.get()

    with pytest.raises(ValidationError):
        appeal_decide(appeal=appeal, by=moderator, grant=True, reason="Fint.")
    appeal_decide(appeal=appeal, by=second_moderator, grant=True, reason="Det er relevant.")

    post.refresh_from_db()
    assert post.state == "published"


def test_the_organiser_of_a_rejected_event_sees_the_appeal_on_its_page(
    client, staff_user, moderator, second_moderator
):
    from events import services as event_services
    from tests.factories import EventFactory

    event = EventFactory(organiser=staff_user, state="needs_review")
    event_services.event_reject(event=event, by=moderator, reason="Mangler program.")
    client.force_login(staff_user)
    assert "Appeal the decision" in client.get(event.get_absolute_url()).text

    client.post(f"/appeals/event/{event.pk}/", {"reason": "Programmet er nu tilføjet."})
    appeal_decide(
        appeal=Appeal.objects.get(), by=second_moderator, grant=False, reason="Stadig uklart."
    )

    event.refresh_from_db()
    assert event.state == "rejected"
    assert "Your appeal was refused" in client.get(event.get_absolute_url()).text
