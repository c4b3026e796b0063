import pytest
from django.contrib.admin.sites import site
from django.contrib.contenttypes.models import ContentType

from forum import services
from forum.models import ForumModerationQueue, Post, State, Thread
from moderation.models import ModerationDecision, Report
from tests.factories import EstablishedUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def decisions(obj):
    return list(
        ModerationDecision.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


def test_clean_posts_from_staff_appear_at_once_and_the_decision_is_logged(
    staff_user, public_category
):
    thread = services.thread_create(
        author=staff_user,
        category=public_category,
        title="LED-belysning og dæmpning",
        body="Vi dæmper til 30 % efter midnat.",
        enforce_rate_limit=False,
    )
    assert thread.state == State.PUBLISHED
    assert decisions(thread.first_post) == ["publish"]


def test_posts_with_personal_data_wait_in_the_forum_moderation_queue(
    client, staff_user, moderator, public_category
):
    thread = services.thread_create(
        author=staff_user,
        category=public_category,
        title="Kontakt om sensorer",
        body="Skriv til mig på jens.hansen@gmail.com",
        enforce_rate_limit=False,
    )
    post = thread.first_post
    assert post.state == State.NEEDS_REVIEW
    assert decisions(post) == ["review"]
    assert any(r["code"].startswith("personal") for r in post.screening["reasons"])
    assert list(ForumModerationQueue.objects.none()) == []
    client.force_login(moderator)
    queue = client.get("/admin/forum/forummoderationqueue/")
    assert queue.status_code == 200
    assert "Kontakt om sensorer" in queue.content.decode()
    response = client.post(
        "/admin/forum/forummoderationqueue/",
        {"action": "publish_posts", "_selected_action": [post.pk]},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.state == thread.state == State.PUBLISHED
    assert decisions(post) == ["review", "publish"]
    assert ModerationDecision.objects.filter(actor=moderator).count() == 1


def test_three_reports_from_different_users_take_a_post_down_pending_review(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    post = reply(colleague, thread, body="Køb billige sensorer hos os")
    reporters = [EstablishedUserFactory() for _ in range(3)]
    for number, reporter in enumerate(reporters, start=1):
        client.force_login(reporter)
        response = client.post(
            f"/forum/p/{post.pk}/report/", {"reason": "spam", "text": f"Reklame {number}"}
        )
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.state == (State.PUBLISHED if number < 3 else State.NEEDS_REVIEW)
    # The same user reporting twice counts once.
    client.force_login(reporters[0])
    client.post(f"/forum/p/{post.pk}/report/", {"reason": "spam", "text": "igen"})
    assert Report.objects.count() == 3
    assert decisions(post)[-1] == "report_hide"
    client.logout()
    assert "Køb billige sensorer" not in client.get(thread.get_absolute_url()).content.decode()


def test_a_moderators_decision_closes_the_open_reports(
    client, staff_user, colleague, moderator, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    post = reply(colleague, thread)
    services.post_report(post=post, reporter=UserFactory(), reason="offensive", text="")
    services.post_publish(post=post, by=moderator)
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_moderators_lock_pin_move_and_hide_threads_in_the_page(
    client, staff_user, moderator, public_category, make_thread
):
    from forum.models import Category

    thread = make_thread(staff_user, public_category)
    other = Category.objects.get(slug="gadebelysning")
    client.force_login(moderator)
    url = f"/forum/t/{thread.pk}/moderate/"
    for action in ["lock", "pin"]:
        assert client.post(url, {"action": action}).status_code == 302
    client.post(url, {"action": "move", "category": other.pk})
    client.post(url, {"action": "hide"})
    thread.refresh_from_db()
    assert (thread.is_locked, thread.is_pinned, thread.category, thread.state) == (
        True,
        True,
        other,
        State.HIDDEN,
    )
    assert decisions(thread) == ["lock", "pin", "move", "hide"]
    public_category.refresh_from_db()
    other.refresh_from_db()
    assert (public_category.thread_count, other.thread_count) == (0, 0)
    client.post(url, {"action": "publish"})
    assert decisions(thread)[-1] == "restore"
    other.refresh_from_db()
    assert other.thread_count == 1


def test_moderators_hide_a_single_post_in_the_page(
    client, staff_user, colleague, moderator, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    post = reply(colleague, thread, body="Upassende svar")
    client.force_login(moderator)
    client.post(f"/forum/p/{post.pk}/moderate/", {"action": "hide"})
    post.refresh_from_db()
    assert post.state == State.HIDDEN
    assert decisions(post)[-1] == "hide"
    client.force_login(staff_user)
    assert "Upassende svar" not in client.get(thread.get_absolute_url()).content.decode()


def test_members_cannot_use_the_moderation_forms(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    client.force_login(colleague)
    assert client.post(f"/forum/t/{thread.pk}/moderate/", {"action": "lock"}).status_code == 403
    thread.refresh_from_db()
    assert not thread.is_locked


def test_thread_and_post_admin_show_the_decision_history(
    client, staff_user, moderator, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    services.thread_moderate(thread=thread, action="pin", by=moderator)
    client.force_login(moderator)
    page = client.get(f"/admin/forum/thread/{thread.pk}/change/").content.decode()
    assert "Mod" in page and ("Fastgjort" in page or "Pinned" in page)
    assert client.get(f"/admin/forum/post/{thread.first_post_id}/change/").status_code == 200
    assert site.is_registered(Thread) and site.is_registered(Post)


def test_a_moderators_edit_of_someone_elses_post_is_logged(
    staff_user, moderator, public_category, make_thread
):
    thread = make_thread(staff_user, public_category, body="Ring på 1234")
    post = thread.first_post
    services.post_edit(post=post, by=moderator, body="Kontakt mig via profilen.")
    assert decisions(post)[-1] == "edit"
    services.post_edit(post=post, by=staff_user, body="Kontakt mig via forummet.")
    assert decisions(post).count("edit") == 1  # the author's own edit is no decision
    assert post.revisions.count() == 2


def test_a_member_posting_the_same_text_again_is_published_with_the_repeat_noted(
    staff_user, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    text = "Kontakt os for et godt tilbud på parkeringssensorer til jeres kommune i år."
    first = services.post_create(
        author=staff_user, thread=thread, body=text, enforce_rate_limit=False
    )
    again = services.post_create(
        author=staff_user, thread=thread, body=text, enforce_rate_limit=False
    )
    assert first.state == State.PUBLISHED
    assert again.state == State.PUBLISHED
    assert "duplicate" in [r["code"] for r in again.screening["reasons"]]
    assert decisions(again) == ["publish"]


def test_a_longer_reply_repeating_a_members_short_post_is_published(
    client, staff_user, colleague, public_category
):
    short = "Vi har sensorer i asfalten på 400 pladser i midtbyen."
    first = services.thread_create(
        author=staff_user,
        category=public_category,
        title="Sensorer i asfalten",
        body=short,
        enforce_rate_limit=False,
    )
    longer = services.thread_create(
        author=staff_user,
        category=public_category,
        title="Sensorer i asfalten: et år efter",
        body=short + " Nu har vi også en app, der viser de ledige pladser, og data ligger "
        "som åbne data på Open Data DK.",
        enforce_rate_limit=False,
    )
    quoting = services.post_create(
        author=staff_user,
        thread=first,
        body=f"> Trafikafdelingen skrev:\n>\n> {short}\n\nOpdatering: de virker fint i frost.",
        enforce_rate_limit=False,
    )

    for post in (longer.first_post, quoting):
        assert post.state == State.PUBLISHED
        assert "duplicate" not in [r["code"] for r in post.screening["reasons"]]
    client.force_login(colleague)
    assert client.get(longer.get_absolute_url()).status_code == 200
