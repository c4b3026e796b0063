import pytest
from django.core.cache import cache

from forum import services
from forum.models import Post, PostRevision, State, Thread
from participation.services import followers_of
from smartcity.limits import LimitReached

pytestmark = pytest.mark.django_db


def test_staff_start_a_thread_that_is_published_at_once(client, staff_user, public_category):
    client.force_login(staff_user)
    response = client.post(
        "/forum/new/",
        {
            "category": public_category.pk,
            "title": "Hvilke parkeringssensorer virker om vinteren?",
            "body": "Vi overvejer **radar** frem for magnetometer.",
            "send": "1",
        },
    )
    thread = Thread.objects.get()
    assert response.url == thread.get_absolute_url()
    assert thread.state == State.PUBLISHED
    assert (
        thread.first_post.body_html
        == "<p>Vi overvejer <strong>radar</strong> frem for magnetometer.</p>\n"
    )
    assert followers_of(Thread).filter(user=staff_user, object_id=thread.pk).exists()  # auto-watch
    public_category.refresh_from_db()
    assert (public_category.thread_count, public_category.post_count) == (1, 1)


def test_preview_shows_the_rendered_text_and_saves_nothing(client, staff_user, public_category):
    client.force_login(staff_user)
    response = client.post(
        "/forum/new/",
        {
            "category": public_category.pk,
            "title": "Et emne om LED",
            "body": "*kursiv*",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    assert "<em>kursiv</em>" in response.content.decode()
    assert "*kursiv*</textarea>" in response.content.decode()
    assert not Thread.objects.exists()


def test_reply_preview_and_reply(client, staff_user, colleague, public_category, make_thread):
    thread = make_thread(staff_user, public_category)
    client.force_login(colleague)
    url = f"/forum/t/{thread.pk}/reply/"
    preview = client.post(url, {"body": "Se [vejledningen](https://kl.dk)", "preview": "1"})
    assert 'href="https://kl.dk" rel="nofollow ugc noopener"' in preview.content.decode()
    assert Post.objects.count() == 1
    response = client.post(url, {"body": "Vi bruger radar i Københavns Kommune.", "send": "1"})
    post = Post.objects.last()
    assert response.url == f"/forum/p/{post.pk}/"
    assert post.state == State.PUBLISHED and post.author == colleague
    public_category.refresh_from_db()
    assert (public_category.thread_count, public_category.post_count) == (1, 2)


def test_quote_prefills_the_reply_form_without_javascript(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category, body="Første linje\nAnden linje")
    client.force_login(colleague)
    response = client.get(f"{thread.get_absolute_url()}?quote={thread.first_post_id}")
    initial = response.context["form"].initial["body"]
    assert initial.startswith("> @[Trafikafdelingen] skrev:")
    assert "> Første linje\n> Anden linje" in initial


def test_mentions_link_the_member_and_notify_them(
    client, mailoutbox, staff_user, colleague, public_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            author=staff_user,
            category=public_category,
            title="Spørgsmål om sensorer",
            body="Hvad siger @[Sofie Byudvikler] og @[Ingen Sådan]?",
            enforce_rate_limit=False,
        )
    html = thread.first_post.body_html
    link = f'<a href="/forum/members/{colleague.pk}/" rel="nofollow ugc noopener">'
    assert f"{link}@Sofie Byudvikler</a>" in html
    assert "@[Ingen Sådan]" in html
    assert [m.to for m in mailoutbox] == [["byudvikling@kk.dk"]]
    assert "nævnte dig" in mailoutbox[0].subject


def test_editing_keeps_the_previous_text_for_moderators(
    client, staff_user, moderator, public_category, make_thread
):
    thread = make_thread(staff_user, public_category, body="Gammel tekst")
    client.force_login(staff_user)
    client.post(
        f"/forum/p/{thread.first_post_id}/edit/",
        {"title": "Ny titel om sensorer", "body": "Ny tekst", "send": "1"},
    )
    post = Post.objects.get(pk=thread.first_post_id)
    thread.refresh_from_db()
    assert (post.body, thread.title) == ("Ny tekst", "Ny titel om sensorer")
    assert post.edited_at is not None
    revision = PostRevision.objects.get()
    assert (revision.body, revision.title) == ("Gammel tekst", "Erfaringer med parkeringssensorer")
    assert client.get(f"/forum/p/{post.pk}/history/").status_code == 404  # authors do not see it
    client.force_login(moderator)
    assert "Gammel tekst" in client.get(f"/forum/p/{post.pk}/history/").content.decode()


def test_nobody_edits_another_members_post(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category, body="Min tekst")
    client.force_login(colleague)
    url = f"/forum/p/{thread.first_post_id}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Kapret", "send": "1"}).status_code == 403
    assert Post.objects.get(pk=thread.first_post_id).body == "Min tekst"


def test_the_thread_author_marks_a_reply_as_the_answer_but_others_cannot(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    answer = reply(colleague, thread)
    client.force_login(colleague)
    assert client.post(f"/forum/p/{answer.pk}/solution/").status_code == 403
    client.force_login(staff_user)
    client.post(f"/forum/p/{answer.pk}/solution/")
    thread.refresh_from_db()
    assert thread.solution == answer
    page = client.get(public_category.get_absolute_url()).content.decode()
    assert "Løst" in page


def test_citizens_cannot_post_or_mark_useful(
    client, alice, staff_user, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    client.force_login(alice)
    assert client.get("/forum/new/").status_code == 403
    assert (
        client.post(f"/forum/t/{thread.pk}/reply/", {"body": "Hej", "send": "1"}).status_code == 403
    )
    assert client.post(f"/forum/p/{thread.first_post_id}/useful/").status_code == 403
    assert 'name="body"' not in client.get(thread.get_absolute_url()).content.decode()
    assert Post.objects.count() == 1


def test_nobody_replies_to_a_locked_thread_except_moderators(
    staff_user, colleague, moderator, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    services.thread_moderate(thread=thread, action="lock", by=moderator)
    with pytest.raises(Exception, match="may not reply"):
        services.post_create(author=colleague, thread=thread, body="Hej", enforce_rate_limit=False)
    services.post_create(
        author=moderator, thread=thread, body="Låst, se ny tråd.", enforce_rate_limit=False
    )


def test_flood_control_stops_a_second_post_within_15_seconds_and_keeps_the_text(
    client, staff_user, colleague, public_category, make_thread
):
    cache.clear()
    thread = make_thread(staff_user, public_category)
    client.force_login(colleague)
    url = f"/forum/t/{thread.pk}/reply/"
    assert client.post(url, {"body": "Første svar om radar.", "send": "1"}).status_code == 302
    response = client.post(url, {"body": "Andet svar om magnetometre.", "send": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Du skriver for hurtigt" in page
    assert "Andet svar om magnetometre.</textarea>" in page
    assert Post.objects.count() == 2


def test_the_hourly_limit_applies_too(settings, staff_user, public_category, make_thread):
    settings.FORUM_FLOOD_SECONDS = 0
    settings.FORUM_POSTS_PER_HOUR = 2
    services.check_rate_limit(user=staff_user)
    services.check_rate_limit(user=staff_user)
    with pytest.raises(LimitReached):
        services.check_rate_limit(user=staff_user)


def test_image_attachments_are_cleaned_and_a_non_image_is_refused(
    client, staff_user, public_category
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.forum.test_pages import png

    client.force_login(staff_user)
    bad = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(
        "/forum/new/",
        {
            "category": public_category.pk,
            "title": "Billede af skilt",
            "body": "Se billedet",
            "images": [bad],
            "send": "1",
        },
    )
    assert response.status_code == 200
    assert "ikke et billede" in response.content.decode()
    assert not Thread.objects.exists()
    client.post(
        "/forum/new/",
        {
            "category": public_category.pk,
            "title": "Billede af skilt",
            "body": "Se billedet",
            "images": [png()],
            "image_description": "Et P-skilt",
            "send": "1",
        },
    )
    attachment = Thread.objects.get().first_post.attachments.get()
    assert attachment.image.name.endswith(".png") and attachment.alt_text == "Et P-skilt"


def test_discuss_this_project_prefills_a_new_thread_linked_to_the_project(
    client, staff_user, public_category
):
    from projects.models import Project, Theme

    theme = Theme.objects.order_by("pk").first() or Theme.objects.create(
        slug="parkering", name="Parkering", name_en="Parking", icon="p", color="#0b5a8e"
    )
    project = Project.objects.create(
        title="Parkeringssensorer i Aarhus C",
        slug="parkeringssensorer-i-aarhus-c",
        summary="Sensorer viser ledige pladser.",
        theme=theme,
        submitter_kind="municipality",
        state="published",
    )
    client.force_login(staff_user)
    response = client.get(f"/forum/new/?project={project.slug}")
    assert response.context["form"].initial["title"] == project.title
    client.post(
        "/forum/new/",
        {
            "category": public_category.pk,
            "title": project.title,
            "body": "Hvordan gik det?",
            "project": project.slug,
            "send": "1",
        },
    )
    thread = Thread.objects.get()
    assert thread.project == project
    assert (
        "/projects/parkeringssensorer-i-aarhus-c/"
        in client.get(thread.get_absolute_url()).content.decode()
    )
