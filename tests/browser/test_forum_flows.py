"""The forum in a real browser: writing, answering, reading rights, e-mail, reports, keyboard."""

import json
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from forum import services
from forum.models import Category, Post, Thread
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import EstablishedUserFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def staff(email: str, name: str, code: str):
    from accounts.services import user_make_staff_of
    from places.models import Municipality

    user = UserFactory(email=email, display_name=name)
    return user_make_staff_of(user=user, municipality=Municipality.objects.get(code=code))


@pytest.fixture
def jens(db):
    return staff("trafik@aarhus.dk", "Jens Trafikplanlægger", "751")


@pytest.fixture
def sofie(db):
    return staff("byudvikling@kk.dk", "Sofie Byudvikler", "101")


def switch_user(page, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email)


def png_file(tmp_path) -> str:
    path = tmp_path / "p-skilt.png"
    Image.new("RGB", (120, 80), (11, 90, 142)).save(path, format="PNG")
    return str(path)


def test_staff_start_a_thread_a_colleague_quotes_it_and_the_answer_is_accepted(
    page, jens, sofie, tmp_path
):
    sign_in(page, jens.email)
    page.goto("/forum/new/?category=smart-parkering")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Virker parkeringssensorer i sne?")
    page.get_by_label("Din tekst").fill(
        "Vi overvejer **magnetometre** i 300 båse.\n\n- pris\n- drift"
    )
    page.get_by_label("Billeder").set_input_files(png_file(tmp_path))
    page.get_by_label("Billedbeskrivelse").fill("Skilt med ledige pladser")
    page.get_by_role("button", name="Forhåndsvisning").click()
    assert page.locator(".preview strong").inner_text() == "magnetometre"
    screenshot(page, "forum-new-thread-preview")
    assert_accessible(page)
    page.get_by_label("Billeder").set_input_files(png_file(tmp_path))  # files are not kept
    with page.expect_navigation():
        page.get_by_role("button", name="Opret tråd").click()
    thread = Thread.objects.get()
    assert page.locator("h1").inner_text() == "Virker parkeringssensorer i sne?"
    assert page.locator(".post-body strong").inner_text() == "magnetometre"
    assert page.get_by_role("img", name="Skilt med ledige pladser").is_visible()

    switch_user(page, sofie.email)
    page.goto(thread.get_absolute_url())
    page.get_by_role("link", name="Citér indlægget fra Jens Trafikplanlægger").click()
    reply_box = page.get_by_label("Dit svar")
    expect(reply_box).to_have_value(re.compile(r"skrev:"))  # filled in by forum.js
    assert reply_box.input_value().startswith("> @[Jens Trafikplanlægger] skrev:")
    reply_box.press("End")
    reply_box.type("\nJa, men kalibrér dem efter hver vinter.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send svar").click()
    answer = Post.objects.exclude(pk=thread.first_post_id).get()
    assert page.locator(f"#post-{answer.pk} blockquote").is_visible()

    switch_user(page, jens.email)
    page.goto(thread.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Markér som svar").click()
    assert page.get_by_role("heading", name="Accepteret svar").is_visible()
    assert page.locator(".thread-badges .badge-solved").inner_text() == "Løst"
    screenshot(page, "forum-thread-solved")
    assert_accessible(page)


def test_a_citizen_reads_public_categories_but_never_staff_only_ones_and_cannot_post(page, jens):
    citizen = UserFactory(email="borger@example.com", display_name="Karen Borger")
    public = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="gadebelysning"),
        title="LED og dæmpning om natten",
        body="Hvor meget dæmper I?",
        enforce_rate_limit=False,
    )
    secret = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="indkoeb"),
        title="Fortroligt tilbud på gadelys",
        body="Prisen fra leverandøren var lav.",
        enforce_rate_limit=False,
    )
    sign_in(page, citizen.email)
    page.goto("/forum/")
    assert page.get_by_role("link", name="Gadebelysning").is_visible()
    assert page.get_by_role("link", name="Indkøb").count() == 0
    screenshot(page, "forum-index-citizen")
    assert_accessible(page)
    page.get_by_role("link", name="Gadebelysning").click()
    assert page.get_by_role("link", name="LED og dæmpning om natten").is_visible()
    screenshot(page, "forum-category")
    assert_accessible(page)
    page.get_by_role("link", name="LED og dæmpning om natten").click()
    assert page.locator("textarea").count() == 0
    assert page.get_by_role("link", name="Anmeld indlægget fra Jens Trafikplanlægger").is_visible()
    for url in [secret.get_absolute_url(), "/forum/c/indkoeb/"]:
        assert page.goto(url).status == 404
    page.goto("/forum/search/?q=tilbud")
    assert "Fortroligt" not in page.locator("main").inner_text()
    page.goto("/api/v1/forum/threads/?format=json")
    titles = [t["title"] for t in json.loads(page.locator("body").inner_text())["results"]]
    assert titles == [public.title]
    page.goto("/forum/new/")
    assert page.locator("h1").inner_text() == "Ikke muligt"


def test_a_watcher_gets_exactly_one_e_mail_for_two_replies(page, jens, sofie, settings):
    settings.FORUM_FLOOD_SECONDS = 0
    thread = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="aabne-data"),
        title="Hvilken licens til sensordata?",
        body="CC BY eller CC0?",
        enforce_rate_limit=False,
    )
    mail.outbox.clear()
    sign_in(page, sofie.email)
    for text in ["Vi bruger CC BY 4.0 til alt.", "Og CC0 til rene målinger uden kilde."]:
        page.goto(thread.get_absolute_url())
        page.get_by_label("Dit svar").fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name="Send svar").click()
    assert Post.objects.filter(thread=thread).count() == 3
    assert [m.to for m in mail.outbox] == [[jens.email]]
    assert "/forum/unsubscribe/" in mail.outbox[0].body


def test_three_reports_from_established_members_hide_a_post(page, jens, sofie):
    thread = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="smart-parkering"),
        title="Skilte til ledige pladser",
        body="Hvem leverer skiltene?",
        enforce_rate_limit=False,
    )
    spam = services.post_create(
        author=sofie,
        thread=thread,
        body="Køb skilte billigt hos os i dag",
        enforce_rate_limit=False,
    )
    for number in range(3):
        # Members of some standing: brand-new accounts' reports weigh less (issue 17.18).
        reporter = EstablishedUserFactory(email=f"anmelder{number}@example.com")
        switch_user(page, reporter.email)
        page.goto(thread.get_absolute_url())
        page.get_by_role("link", name="Anmeld indlægget fra Sofie Byudvikler").click()
        if number == 0:
            screenshot(page, "forum-report")
            assert_accessible(page)
        page.get_by_label("Spam eller reklame").check()
        page.get_by_label("Forklaring").fill("Reklame for skilte")
        with page.expect_navigation():
            page.get_by_role("button", name="Send anmeldelse").click()
    spam.refresh_from_db()
    assert spam.state == "needs_review"
    page.context.clear_cookies()
    page.goto(thread.get_absolute_url())
    assert "Køb skilte billigt" not in page.locator("main").inner_text()


def test_the_thread_page_and_reply_form_work_with_the_keyboard_alone(page, jens, sofie):
    thread = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="mobilitet-og-trafik"),
        title="Tælling i rundkørsler",
        body="Kameraer eller radar?",
        enforce_rate_limit=False,
    )
    sign_in(page, sofie.email)
    page.goto(thread.get_absolute_url())
    screenshot(page, "forum-thread-reply-form")
    assert_accessible(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "body":
            break
    else:
        pytest.fail("Tab never reached the reply box")
    page.keyboard.type("Kameraer med tælling i enheden.")
    while page.evaluate("document.activeElement.name") != "send":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".post-body", has_text="Kameraer med tælling i enheden.").is_visible()
    # An empty reply shows the error next to the field, and the page stays accessible.
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_load_state()
    assert page.locator("#reply .error").first.is_visible()
    assert_accessible(page)


def test_moderator_tools_and_search_pages_are_accessible(page, jens):
    from accounts.services import user_make_moderator

    moderator = user_make_moderator(user=UserFactory(email="mod@example.com", display_name="Mona"))
    services.thread_create(
        author=jens,
        category=Category.objects.get(slug="smart-parkering"),
        title="Sensorer og sne",
        body="Hvordan klarer sensorerne sne?",
        enforce_rate_limit=False,
    )
    sign_in(page, moderator.email)
    page.goto("/forum/search/?q=sensorerne")
    assert page.locator(".search-results mark").count() >= 1
    screenshot(page, "forum-search")
    assert_accessible(page)
    page.get_by_role("link", name="Sensorer og sne").click()
    page.locator("summary", has_text="Moderér tråden").click()
    screenshot(page, "forum-thread-moderator")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lås", exact=True).click()
    assert Thread.objects.get().is_locked


def test_editing_history_member_and_unsubscribe_pages_are_accessible(page, jens, sofie):
    from accounts.services import user_make_moderator

    thread = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="klimatilpasning"),
        title="Regnmålere på taget",
        body="Vi har sat regnmålere op på rådhuset.",
        enforce_rate_limit=False,
    )
    sign_in(page, jens.email)
    page.goto(f"/forum/p/{thread.first_post_id}/edit/")
    screenshot(page, "forum-edit")
    assert_accessible(page)
    page.get_by_label("Din tekst").fill("Vi har sat tre regnmålere op på rådhuset.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem ændringer").click()
    assert page.get_by_text("redigeret").is_visible()
    page.goto(f"/forum/members/{sofie.pk}/")
    assert page.locator("h1").inner_text().startswith("Sofie Byudvikler")
    assert page.locator("h1 .badge-verified").is_visible()  # verified staff, marked
    assert_accessible(page)

    moderator = user_make_moderator(user=UserFactory(email="mod@example.com", display_name="Mona"))
    switch_user(page, moderator.email)
    page.goto(f"/forum/p/{thread.first_post_id}/history/")
    assert "Vi har sat regnmålere op på rådhuset." in page.locator("main").inner_text()
    screenshot(page, "forum-history")
    assert_accessible(page)

    page.context.clear_cookies()
    token = services.unsubscribe_token(user=jens, thread=thread)
    page.goto(f"/forum/unsubscribe/{token}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Stop e-mails").click()
    assert not thread.subscriptions.filter(user=jens).exists()


def test_search_results_show_each_thread_once_in_plain_text_at_phone_and_desktop_width(
    page, jens, sofie
):
    thread = services.thread_create(
        author=jens,
        category=Category.objects.get(slug="smart-parkering"),
        title="LoRaWAN til parkeringssensorer",
        body="Vi bruger **LoRaWAN-sensorer** i asfalten. Spørg @[Sofie Byudvikler].",
        enforce_rate_limit=False,
    )
    services.post_create(
        author=sofie,
        thread=thread,
        body=f"> @[Jens Trafikplanlægger] skrev:\n>\n> {thread.first_post.body}\n\n"
        "Vores *LoRaWAN* dækker hele byen.",
        enforce_rate_limit=False,
    )
    page.goto("/forum/")
    for language in ("da", "en"):
        if language == "en":
            with page.expect_navigation():
                page.get_by_role("button", name="English").click()
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/forum/search/?q=lorawan")
            results = page.locator(".search-results > li")
            expect(results).to_have_count(1)  # one thread, with both matching posts
            expect(results.locator(".search-matches > li")).to_have_count(2)
            expect(page.locator("html")).to_have_attribute("lang", language)
            text = results.inner_text()
            assert "**" not in text and "@[" not in text and "skrev:" not in text
            expect(results.locator("mark").first).to_have_text("LoRaWAN")
            expect(results.locator(".badge-verified").first).to_be_visible()
            # The results fit the phone's width (the page frame is the phone-width issue's).
            assert (
                page.evaluate(
                    "Math.max(...Array.from(document.querySelectorAll('.search-results *'))"
                    ".map(e => e.getBoundingClientRect().right))"
                )
                <= width
            )
            screenshot(page, f"forum-search-results-{language}-{width}")
            assert_accessible(page)
