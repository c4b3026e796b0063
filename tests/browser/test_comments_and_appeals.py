"""The whole life of a comment: a citizen comments, the project's author replies, a third user
reports, a moderator hides, the citizen appeals, a second moderator restores."""

import re

import pytest
from django.core import mail

from comments.models import Comment
from moderation.models import Appeal
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ProjectFactory, UserFactory, make_moderator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(db):
    from accounts.services import user_make_staff_of
    from places.models import Municipality

    aarhus = Municipality.objects.get(code="751")
    author = user_make_staff_of(
        user=UserFactory(email="trafik@aarhus.dk", display_name="Trafikafdelingen"),
        municipality=aarhus,
    )
    return {
        "citizen": UserFactory(email="borger@example.com", display_name="Birgitte Borger"),
        "author": author,
        "reporter": UserFactory(email="tredje@example.com", display_name="Tredje Person"),
        "first": make_moderator(email="mod1@example.com", display_name="Mette Moderator"),
        "second": make_moderator(email="mod2@example.com", display_name="Mads Moderator"),
        "project": ProjectFactory(
            author=author, title="Parkeringssensorer i Aarhus", slug="parkeringssensorer"
        ),
    }


@pytest.fixture
def as_user(browser, live_server):
    """A fresh browser context per person, signed in."""
    contexts = []

    def open_as(email: str, language: str = "en"):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda r: r.abort())
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _admin_action(page, url: str, action: str, text: str) -> None:
    page.goto(url)
    row = page.locator("#result_list tbody tr", has_text=text)
    row.locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()


def test_comment_reply_report_hide_appeal_restore(as_user, people):
    project_url = "/projects/parkeringssensorer/"

    # The citizen comments; a citizen's first comment waits for a moderator.
    citizen = as_user("borger@example.com")
    citizen.goto(project_url)
    citizen.get_by_label("Your comment").fill("Hvor **mange** sensorer er der sat op?")
    citizen.get_by_role("button", name="Post the comment").click()
    assert "shown once a moderator has looked at it" in citizen.locator(".messages").inner_text()
    comment = Comment.objects.get()
    assert comment.state == "needs_review"

    first = as_user("mod1@example.com")
    _admin_action(
        first, "/admin/comments/comment/?state__exact=needs_review", "publish_comments", "Hvor"
    )
    comment.refresh_from_db()
    assert comment.state == "published"

    # The project's author replies, without JavaScript's help: the reply form is in a
    # <details>; the reply is marked as the author's and as the municipality's staff.
    author = as_user("trafik@aarhus.dk")
    author.goto(project_url)
    author.locator("summary", has_text="Reply").first.click()
    author.get_by_label("Your reply").fill("Der er 120 sensorer i midtbyen.")
    author.get_by_role("button", name="Post the reply").click()
    reply = Comment.objects.get(parent=comment)
    assert reply.state == "published"
    article = author.locator(f"#comment-{reply.pk}")
    assert "Project author" in article.inner_text()
    assert "Staff, Aarhus" in article.inner_text()
    assert_accessible(author)
    author.set_viewport_size({"width": 390, "height": 844})
    screenshot(author, "comments-project-page-390")
    author.set_viewport_size({"width": 1366, "height": 900})
    screenshot(author, "comments-project-page-1366")

    # A third user reports the citizen's comment.
    reporter = as_user("tredje@example.com")
    reporter.goto(project_url)
    reporter.locator(f"#comment-{comment.pk}").get_by_role("link", name="Report").click()
    assert_accessible(reporter)
    reporter.get_by_label("Offensive or abusive").check()
    reporter.get_by_role("button", name="Send report").click()
    assert "A moderator will look at the comment." in reporter.content()

    # The first moderator hides it.
    _admin_action(first, "/admin/comments/comment/", "hide_comments", "Hvor")
    comment.refresh_from_db()
    assert comment.state == "hidden"
    reporter.goto(project_url)
    assert "Hvor" not in reporter.locator("#comments").inner_text()

    # The citizen sees that the comment is hidden and that the decision can be appealed.
    citizen.goto(project_url)
    own = citizen.locator(f"#comment-{comment.pk}")
    assert "Hidden" in own.inner_text()
    own.get_by_role("link", name="Appeal the decision").click()
    assert_accessible(citizen)
    screenshot(citizen, "appeal-form")
    citizen.set_viewport_size({"width": 390, "height": 844})
    screenshot(citizen, "appeal-form-390")
    citizen.set_viewport_size({"width": 1280, "height": 900})
    citizen.get_by_label("Why should a second moderator look again?").fill(
        "Det er et sagligt spørgsmål om projektet."
    )
    citizen.get_by_role("button", name="Send the appeal").click()
    assert "Your appeal has been sent." in citizen.content()
    assert (
        "waiting for a second moderator" in citizen.locator(f"#comment-{comment.pk}").inner_text()
    )
    appeal = Appeal.objects.get()

    # The moderator who hid it cannot decide the appeal.
    first.goto("/admin/")
    first.get_by_role("link", name=re.compile("Appeals")).first.click()
    first.goto(f"/admin/moderation/appeal/{appeal.pk}/change/")
    first.get_by_label("Grant the appeal: restore the item").check()
    first.get_by_label("Reason sent to the author").fill("Jeg tog fejl.")
    first.get_by_role("button", name="Save", exact=True).click()
    refusal = first.locator("#content .errorlist").first.inner_text()
    assert "another moderator must decide the appeal" in refusal
    appeal.refresh_from_db()
    assert appeal.state == "pending"

    # A second moderator restores it; the citizen is told, with the reason.
    second = as_user("mod2@example.com")
    second.goto("/admin/moderation/appeal/?state__exact=pending")
    with second.expect_navigation():
        second.locator(f'#result_list a[href*="/appeal/{appeal.pk}/change/"]').click()
    second.wait_for_selector("#content form")
    assert_accessible(second, context="#content")
    screenshot(second, "admin-appeal-decide")
    second.get_by_label("Grant the appeal: restore the item").check()
    second.get_by_label("Reason sent to the author").fill("Spørgsmålet er sagligt.")
    second.get_by_role("button", name="Save", exact=True).click()
    assert "The appeal was granted" in second.locator(".messagelist").inner_text()
    comment.refresh_from_db()
    appeal.refresh_from_db()
    assert comment.state == "published" and appeal.state == "granted"
    decided = [m for m in mail.outbox if "Spørgsmålet er sagligt." in m.body]
    assert len(decided) == 1 and decided[0].to == ["borger@example.com"]

    citizen.goto(project_url)
    own = citizen.locator(f"#comment-{comment.pk}")
    assert "Your appeal was granted." in own.inner_text()
    assert_accessible(citizen)
    screenshot(citizen, "comments-appeal-granted")
    reporter.goto(project_url)
    assert "Hvor mange sensorer" in reporter.locator("#comments").inner_text()


def test_the_comments_are_accessible_in_danish(as_user, people):
    from comments import services

    services.comment_create(
        author=people["author"], project=people["project"], body="Velkommen til spørgsmål."
    )
    citizen = as_user("borger@example.com", language="da")
    citizen.goto("/projects/parkeringssensorer/")
    assert citizen.locator("#comments h2").inner_text() == "Kommentarer"
    assert "Projektets forfatter" in citizen.locator("#comments").inner_text()
    assert_accessible(citizen)
    # Only blanks: the browser lets it through, the server refuses it in Danish.
    citizen.get_by_label("Din kommentar").fill("   ")
    citizen.get_by_role("button", name="Send kommentaren").click()
    assert "Dette felt er påkrævet." in citizen.locator(".error").inner_text()
    assert_accessible(citizen)
