import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from forum import services
from forum.models import Post, Reaction
from tests.factories import UserFactory
from tests.forum.conftest import distinct_text

pytestmark = pytest.mark.django_db


def png(name="kort.png"):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def staff_members(db, aarhus):
    from accounts.services import user_make_staff_of

    return [
        user_make_staff_of(
            user=UserFactory(email=f"medarbejder{n}@aarhus.dk", display_name=f"Medarbejder {n}"),
            municipality=aarhus,
        )
        for n in range(10)
    ]


def busy_thread(make_thread, reply, category, members, replies: int, first: int = 0):
    """A thread with `replies` replies from several authors, images and useful marks."""
    thread = make_thread(
        members[0], category, title=f"Tråd {first}", body=distinct_text(first), images=[png()]
    )
    for n in range(first + 1, first + 1 + replies):
        author = members[n % len(members)]
        post = reply(author, thread, body=distinct_text(n), images=[png()] if n % 3 == 0 else ())
        for other in members[:3]:
            if other != author:
                services.post_toggle_useful(post=post, user=other)
    thread.refresh_from_db()
    return thread


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _two_busy_threads(make_thread, reply, category, members):
    """A thread of 5 posts whose answer is on its page and one of 40 whose answer is on page 2."""
    small = busy_thread(make_thread, reply, category, members[:2], 4)
    large = busy_thread(make_thread, reply, category, members, 39, first=100)
    last = Post.objects.filter(thread=large).last()
    services.thread_set_solution(thread=large, post=last, by=members[0])
    services.thread_set_solution(
        thread=small, post=Post.objects.filter(thread=small).last(), by=members[0]
    )
    return small.get_absolute_url(), large.get_absolute_url()


def test_thread_page_uses_the_same_small_number_of_queries_for_5_or_40_posts(
    client, public_category, staff_members, make_thread, reply, moderator, settings
):
    # What rendering costs when nothing is in the cache: with the page cache off, visitors
    # would otherwise get the page whole (0 queries, tests/smartcity/test_page_cache.py) and
    # everyone the posts shared by all readers (the next test).
    settings.PAGE_CACHE_SECONDS = 0
    small_url, large_url = _two_busy_threads(make_thread, reply, public_category, staff_members)
    # Visitors: thread (+category, project), posts (+authors with municipality and moderator
    # flag, +has images), the images when a post has some, the accepted answer when it is on
    # another page; the page count comes from the thread's stored post count.
    # Signed in, also: user (+moderator flag; the session comes from the cache); the reader's
    # watching, read marker and unpublished posts; the posts carry the reader's useful marks;
    # moderators: the categories to move to. (A first visit adds the read marker's upsert:
    # test_a_signed_in_page_view_writes_at_most_one_row.)
    budgets = {None: 4, staff_members[1]: 6, moderator: 7}
    for user, budget in budgets.items():
        client.logout()
        if user:
            client.force_login(user)
        for url in (small_url, large_url, large_url + "?page=2"):
            client.get(url)  # read now
        small_count = queries_for(client, small_url)  # the answer is on the page
        large_count = queries_for(client, large_url + "?page=2")  # also
        assert small_count == large_count == budget - 1, user
        # The answer lives on page 2, so page 1 reads it too.
        assert queries_for(client, large_url) == large_count + 1 == budget, user


def test_a_signed_in_thread_page_reads_only_the_readers_own_state(
    client, public_category, staff_members, make_thread, reply, moderator
):
    small_url, large_url = _two_busy_threads(make_thread, reply, public_category, staff_members)
    # The thread and its page of posts (with authors, images and the answer from another page)
    # are the same for every reader who sees only published posts: after the first view they
    # come from the cache. Left per view: user (+moderator flag; the session comes from the
    # cache); the reader's watching, read marker and unpublished posts; the reader's useful
    # marks (asked only on a page where some post has one); moderators: the categories to move to.
    budgets = {staff_members[1]: 3, moderator: 4}
    for user, budget in budgets.items():
        client.force_login(user)
        for url in (small_url, large_url, large_url + "?page=2"):
            client.get(url)  # read now, and the shared parts are in the cache
            assert queries_for(client, url) == budget, (user, url)


def test_category_page_uses_the_same_small_number_of_queries_for_few_or_many_threads(
    client, public_category, staff_members, make_thread, settings
):
    url = public_category.get_absolute_url()
    make_thread(staff_members[0], public_category)
    client.force_login(staff_members[1])
    client.get(url)  # the reader's read cut-off and the page's shared parts are cached now
    few = queries_for(client, url)
    for n, member in enumerate(staff_members * 2):
        make_thread(member, public_category, title=f"Emne nummer {n} om parkering")
    client.get(url)  # new threads: the shared parts are read again, and cached
    many = queries_for(client, url)
    # user (+moderator flag; the session comes from the cache), the reader's watching and
    # unpublished threads (for the page count), the reader's read markers of the page's
    # threads. The category and its page of threads are the same for every reader who sees
    # only published threads and come from the cache, as does the read cut-off.
    assert few == many == 3
    # Nothing in the cache: also the category and the threads (+author, +last poster, +the
    # reader's read marker), without the separate read markers.
    settings.PAGE_CACHE_SECONDS = 0
    assert queries_for(client, url) == 4
    client.logout()
    # A visitor: category, threads (the page count is the category's stored thread count).
    assert queries_for(client, url) == 2


def test_index_uses_a_fixed_number_of_queries(client, public_category, staff_members, make_thread):
    make_thread(staff_members[0], public_category)
    client.force_login(staff_members[1])
    client.get("/forum/")  # the reader's read cut-off is cached now
    # user (+moderator flag; the session comes from the cache), categories (+latest thread,
    # +unread flag)
    few = queries_for(client, "/forum/")
    for n, member in enumerate(staff_members * 2):
        make_thread(member, public_category, title=f"Emne nummer {n} om parkering")
    assert queries_for(client, "/forum/") == few <= 2


def test_thread_page_shows_authors_municipality_role_useful_count_and_images(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category, body="Se **kortet**", images=[png()])
    answer = reply(colleague, thread, body="Prøv LoRaWAN-sensorer.")
    services.post_toggle_useful(post=answer, user=staff_user)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>kortet</strong>" in page
    assert "Aarhus" in page and "København" in page
    assert "Verificeret kommunal medarbejder" in page  # the verified-staff mark
    assert 'class="post-attachments"' in page
    assert "1 fandt dette nyttigt" in page or "1 found this useful" in page


def test_the_accepted_answer_is_shown_under_the_question(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    for n in range(25):
        last = reply(colleague, thread, body=distinct_text(n))
    services.thread_set_solution(thread=thread, post=last, by=staff_user)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.index(f'id="post-{thread.first_post_id}"') < page.index(
        f'id="answer-post-{last.pk}"'
    )
    assert distinct_text(24) in page  # the answer lives on page 2 but is shown on page 1


def test_pagination_has_20_posts_a_page_and_a_link_to_a_post_finds_its_page(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    posts = [reply(colleague, thread, body=distinct_text(n)) for n in range(25)]
    response = client.get(thread.get_absolute_url())
    assert len(response.context["posts"]) == 20
    assert response.context["page"].paginator.num_pages == 2
    assert client.get(thread.get_absolute_url() + "?page=last").context["posts"][-1] == posts[-1]
    redirect = client.get(f"/forum/p/{posts[-1].pk}/")
    assert redirect.url == f"{thread.get_absolute_url()}?page=2#post-{posts[-1].pk}"


def test_useful_marks_are_counted_once_per_member_and_can_be_taken_back(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    answer = reply(colleague, thread)
    client.force_login(staff_user)
    client.post(f"/forum/p/{answer.pk}/useful/")
    answer.refresh_from_db()
    assert answer.useful_count == 1
    client.post(f"/forum/p/{answer.pk}/useful/")
    answer.refresh_from_db()
    assert answer.useful_count == 0
    assert not Reaction.objects.exists()


def test_municipality_page_lists_recent_public_threads_by_its_staff(
    client, staff_user, public_category, staff_category, make_thread
):
    make_thread(staff_user, public_category, title="Offentligt emne om sensorer")
    make_thread(staff_user, staff_category, title="Hemmeligt udbudsemne")
    page = client.get("/municipalities/aarhus/").content.decode()
    assert "Offentligt emne om sensorer" in page
    assert "Hemmeligt udbudsemne" not in page


def test_reloading_a_fully_read_thread_writes_nothing(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category)
    client.force_login(colleague)
    assert len(writes_for(client, thread.get_absolute_url())) == 1  # the read marker
    assert writes_for(client, thread.get_absolute_url()) == []


def writes_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [q["sql"] for q in context.captured_queries if q["sql"].lstrip().startswith(verbs)]


def test_a_signed_in_page_view_writes_at_most_one_row(
    client, staff_user, colleague, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    for n in range(25):
        reply(staff_user, thread, body=distinct_text(n))
    client.force_login(colleague)
    assert len(writes_for(client, thread.get_absolute_url())) == 1  # the read marker
    assert len(writes_for(client, thread.get_absolute_url() + "?page=2")) == 1  # moved on
    assert writes_for(client, thread.get_absolute_url()) == []  # nothing new
    assert writes_for(client, public_category.get_absolute_url()) == []


def test_a_cached_post_shows_its_edit_and_its_authors_new_name(
    client, staff_user, colleague, public_category, make_thread, reply
):
    from accounts.services import user_update_profile

    thread = make_thread(staff_user, public_category)
    answer = reply(colleague, thread, body="Første udgave af svaret.")
    assert "Første udgave af svaret." in client.get(thread.get_absolute_url()).content.decode()
    services.post_edit(post=answer, by=colleague, body="Anden udgave af svaret.", title=None)
    user_update_profile(user=colleague, display_name="Kirsten Ny")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Anden udgave af svaret." in page and "Første udgave af svaret." not in page
    assert "Kirsten Ny" in page


def test_each_reader_sees_their_own_actions_on_cached_posts(
    client, staff_user, colleague, moderator, public_category, make_thread, reply
):
    thread = make_thread(staff_user, public_category)
    answer = reply(colleague, thread, body="Et svar der kan bruges.")
    services.post_toggle_useful(post=answer, user=staff_user)
    url = thread.get_absolute_url()
    client.force_login(staff_user)  # warms the cache with the posts' shared parts
    page = client.get(url).content.decode()
    assert 'aria-pressed="true"' in page and f"?quote={answer.pk}#reply" in page
    assert f'action="/forum/p/{answer.pk}/moderate/"' not in page
    client.force_login(colleague)
    page = client.get(url).content.decode()
    assert 'aria-pressed="true"' not in page and 'aria-pressed="false"' in page
    assert f'href="/forum/p/{answer.pk}/edit/"' in page
    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert f'action="/forum/p/{answer.pk}/moderate/"' in page
    client.logout()
    page = client.get(url).content.decode()
    assert "Et svar der kan bruges." in page
    assert "quote=" not in page and "aria-pressed" not in page and "/moderate/" not in page
    assert "1 fandt dette nyttigt" in page or "1 found this useful" in page


def test_the_category_rows_show_each_readers_own_unread_flag(
    client, staff_user, colleague, public_category, make_thread
):
    thread = make_thread(staff_user, public_category, title="Et helt nyt emne")
    client.force_login(colleague)
    page = client.get(public_category.get_absolute_url()).content.decode()
    assert 'class="badge badge-new"' in page
    client.get(thread.get_absolute_url())
    page = client.get(public_category.get_absolute_url()).content.decode()
    assert "Et helt nyt emne" in page and 'class="badge badge-new"' not in page
    client.logout()
    page = client.get(public_category.get_absolute_url()).content.decode()
    assert "Et helt nyt emne" in page and 'class="badge badge-new"' not in page


def test_signed_in_readers_see_new_replies_threads_and_hidden_posts_at_once(
    client, staff_user, colleague, moderator, public_category, make_thread, reply
):
    # The parts shared by all readers are cached (forum.selectors, smartcity.page_cache); a
    # write makes them stale at once.
    from forum.models import State

    thread = make_thread(staff_user, public_category, title="Et emne om gadelys")
    first = reply(colleague, thread, body="Første svar om gadelys.")
    client.force_login(staff_user)
    url, category_url = thread.get_absolute_url(), public_category.get_absolute_url()
    assert "Første svar om gadelys." in client.get(url).content.decode()
    assert "Et emne om gadelys" in client.get(category_url).content.decode()
    reply(colleague, thread, body="Andet svar om gadelys.")
    make_thread(colleague, public_category, title="Et nyt emne om skraldespande")
    assert "Andet svar om gadelys." in client.get(url).content.decode()
    assert "Et nyt emne om skraldespande" in client.get(category_url).content.decode()
    services.post_set_state(post=first, state=State.HIDDEN, by=moderator, note="")
    assert "Første svar om gadelys." not in client.get(url).content.decode()
