import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Comment
from moderation.models import ModerationDecision, Report
from smartcity.activity import Kind, item_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(client, project, body, parent=None):
    data = {"body": body}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(f"/comments/on/{project.slug}/", data)


def _published_comment(author, project, body="Det lyder som en god idé til vores by.", **kw):
    comment = Comment.objects.create(
        project=project, author=author, body=body, body_html=f"<p>{body}</p>",
        state="published", **kw,
    )  # fmt: skip
    return comment


# --- writing ----------------------------------------------------------------------------------


def test_a_citizens_first_comment_waits_for_a_moderator(client, alice, bob, project):
    client.force_login(alice)

    response = _post(client, project, "Hvor mange sensorer er der sat op?")

    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")
    assert comment.state == "needs_review" and comment.author == alice
    decision = ModerationDecision.objects.get(object_id=comment.pk, action="review")
    assert decision.actor is None
    # Its author sees it, marked as waiting; nobody else does.
    assert "Hvor mange sensorer" in client.get(project.get_absolute_url()).text
    client.force_login(bob)
    assert "Hvor mange sensorer" not in client.get(project.get_absolute_url()).text


def test_a_trusted_users_comment_is_published_at_once_and_announced(
    client, staff_user, project, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, target, kind, actor, data, **kwargs):
        heard.append((target, kind, actor, data))

    item_event.connect(receiver, dispatch_uid="test-comments")
    try:
        client.force_login(staff_user)
        with django_capture_on_commit_callbacks(execute=True):
            _post(client, project, "Vi har gode erfaringer med det i Aarhus.")
    finally:
        item_event.disconnect(dispatch_uid="test-comments")

    comment = Comment.objects.get()
    assert comment.state == "published" and comment.published_at is not None
    assert heard == [(project, Kind.COMMENTED, staff_user, {"comment_id": comment.pk})]
    client.logout()
    assert "Vi har gode erfaringer" in client.get(project.get_absolute_url()).text


def test_markdown_is_rendered_and_sanitised(client, staff_user, project):
    client.force_login(staff_user)

    _post(client, project, "Det er **vigtigt**. <script>alert(1)</script> [link](javascript:x)")

    html = Comment.objects.get().body_html
    assert "<strong>vigtigt</strong>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_an_unverified_user_cannot_comment_and_nothing_is_saved(client, project):
    user = UserFactory(email="new@example.com", verified=False)
    client.force_login(user)

    response = _post(client, project, "Et spørgsmål om projektet.")

    assert response.status_code == 400
    assert "Confirm your e-mail address before you comment." in response.text
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused_in_danish_and_the_form_is_shown_again(client, alice, project):
    client.force_login(alice)
    client.cookies["django_language"] = "da"

    response = client.post(f"/comments/on/{project.slug}/", {"body": "   "})

    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.text
    assert not Comment.objects.exists()


def test_comments_on_an_unpublished_project_are_refused(client, alice, project):
    project.state = "needs_review"
    project.save(update_fields=["state"])
    client.force_login(alice)

    assert _post(client, project, "Hvornår kommer det?").status_code == 404
    assert not Comment.objects.exists()


def test_comments_are_rate_limited(client, alice, project, settings):
    settings.COMMENTS_PER_HOUR = 2
    client.force_login(alice)
    for n in range(2):
        assert _post(client, project, f"Kommentar nummer {n} om projektet.").status_code == 302

    response = _post(client, project, "En kommentar for meget.")

    assert response.status_code == 400
    assert "limit of 2 comments an hour" in response.text
    assert "En kommentar for meget." in response.text  # the text is kept
    assert Comment.objects.count() == 2


# --- replies and marks ------------------------------------------------------------------------


def test_the_projects_author_replies_marked_as_the_author(client, alice, project):
    question = _published_comment(alice, project, "Hvad koster sensorerne pr. stk.?")
    author = project.author
    # The author is a citizen writing a first comment: it waits until a moderator publishes it.
    client.force_login(author)

    _post(client, project, "Omkring 400 kr. pr. sensor.", parent=question)

    reply = Comment.objects.get(parent=question)
    assert reply.author == author
    moderator = UserFactory(email="m@example.com")
    from accounts.services import user_make_moderator

    services.comment_set_state(
        comment=reply, state="published", by=user_make_moderator(user=moderator)
    )
    client.logout()
    client.cookies["django_language"] = "en"
    text = client.get(project.get_absolute_url()).text
    assert "Omkring 400 kr." in text
    assert text.count("Project author") == 1


def test_staff_of_the_projects_municipality_are_marked_as_such(client, staff_user, alice, project):
    _published_comment(alice, project, "Et spørgsmål fra en borger.")
    _published_comment(staff_user, project, "Et svar fra kommunen.")

    text = client.get(project.get_absolute_url()).text

    assert text.count("Staff, Aarhus") == 1


def test_a_reply_to_a_reply_joins_the_same_conversation(staff_user, alice, project):
    question = _published_comment(alice, project)
    answer = _published_comment(staff_user, project, "Svar på spørgsmålet.", parent=question)

    reply = services.comment_create(
        author=staff_user, project=project, body="Og en tilføjelse.", parent=answer
    )

    assert reply.parent == question


def test_a_reply_needs_no_javascript(client, staff_user, alice, project):
    question = _published_comment(alice, project)
    client.force_login(staff_user)

    text = client.get(project.get_absolute_url()).text

    assert f'name="parent" value="{question.pk}"' in text
    assert f'<label for="reply-{question.pk}">' in text


# --- reports ----------------------------------------------------------------------------------


def test_reports_reaching_the_threshold_take_a_comment_down(client, alice, project, reporters):
    comment = _published_comment(alice, project)
    for reporter in reporters:
        client.force_login(reporter)
        response = client.post(f"/comments/{comment.pk}/report/", {"reason": "offensive"})
        assert response.status_code == 302

    comment.refresh_from_db()
    assert comment.state == "needs_review"
    assert Report.objects.filter(object_id=comment.pk).count() == 3
    assert ModerationDecision.objects.filter(object_id=comment.pk, action="report_hide").exists()


def test_a_comment_is_reported_once_per_user(client, alice, bob, project):
    comment = _published_comment(alice, project)
    client.force_login(bob)
    client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})

    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}, follow=True)

    assert "You have already reported this comment." in response.text
    assert Report.objects.count() == 1


def test_authors_cannot_report_their_own_comment(client, alice, project):
    comment = _published_comment(alice, project)
    client.force_login(alice)

    assert client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


# --- the project page -------------------------------------------------------------------------


def _comments(project, authors, count):
    for n in range(count):
        top = _published_comment(authors[n % len(authors)], project, f"Kommentar {n}")
        _published_comment(authors[(n + 1) % len(authors)], project, f"Svar {n}", parent=top)


@pytest.mark.parametrize("count", [1, 15])
def test_the_comments_cost_the_same_queries_whatever_their_number(
    client, alice, bob, staff_user, project, count
):
    _comments(project, [alice, bob, staff_user, project.author], count)
    client.force_login(bob)
    client.get(project.get_absolute_url())  # per-process caches (content types) are warm

    with CaptureQueriesContext(connection) as queries:
        response = client.get(project.get_absolute_url())

    assert response.status_code == 200
    assert response.text.count('class="post comment') == 2 * count
    # the session comes from the cache; the user (with the moderator flag), project (theme,
    # municipality, author), images, adoptions, results, related projects; comments: the count,
    # the page (authors), the replies (authors), and
    # the appeals on the viewer's own comments among them (Bob wrote some)
    assert len(queries) == 11, [q["sql"] for q in queries]


def test_comments_are_paginated(client, alice, project, settings):
    settings.COMMENTS_PAGE_SIZE = 3
    comments = [_published_comment(alice, project, f"Kommentar nummer {n}") for n in range(5)]

    first = client.get(project.get_absolute_url()).text
    second = client.get(project.get_absolute_url() + "?page=2").text

    assert "Kommentar nummer 0" in first and "Kommentar nummer 3" not in first
    assert "Kommentar nummer 3" in second and "Kommentar nummer 0" not in second
    # A comment's own address leads to its page.
    response = client.get(comments[4].get_absolute_url())
    assert response.url == f"{project.get_absolute_url()}?page=2#comment-{comments[4].pk}"


def test_a_waiting_comments_address_is_not_found_for_others(client, alice, bob, project):
    comment = Comment.objects.create(project=project, author=alice, body="x", state="needs_review")
    client.force_login(bob)

    assert client.get(comment.get_absolute_url()).status_code == 404


def test_the_comments_are_in_the_data_export(alice, project):
    from accounts.personal_data import sections

    _published_comment(alice, project, "Min kommentar.")
    section = next(s for s in sections() if s.name == "comments")

    rows = section.export(alice)

    assert rows[0]["body"] == "Min kommentar." and rows[0]["project"] == project.title
