import pytest
from django.db import connection

from forum.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(staff_user, colleague, public_category, staff_category, make_thread, reply):
    lighting = make_thread(
        staff_user,
        public_category,
        title="Gadelamper med bevægelsessensorer",
        body="Vi har skiftet til LED og dæmper lyset om natten.",
    )
    reply(colleague, lighting, body="Hvilke gadelamper valgte I, og hvad kostede de?")
    make_thread(
        staff_user,
        public_category,
        title="Parkering i midtbyen",
        body="Hvordan tæller I ledige pladser? Vi nævner gadelamper én gang.",
    )
    make_thread(staff_user, staff_category, title="Udbud på gadelamper", body="Fortroligt tilbud.")
    return lighting


def test_search_finds_public_posts_and_highlights_the_words(client, threads):
    response = client.get("/forum/search/?q=gadelamper")
    titles = [hit.thread.title for hit in response.context["hits"]]
    assert "Udbud på gadelamper" not in titles  # staff only
    assert "Gadelamper med bevægelsessensorer" in titles
    assert "Parkering i midtbyen" in titles
    assert "<mark>" in response.content.decode()


def test_members_also_find_staff_only_posts(client, threads, colleague):
    client.force_login(colleague)
    titles = [h.thread.title for h in client.get("/forum/search/?q=gadelamper").context["hits"]]
    assert "Udbud på gadelamper" in titles


def test_hidden_posts_are_not_found(client, threads, moderator):
    from forum import services

    post = Post.objects.get(body__startswith="Hvilke gadelamper")
    services.post_hide(post=post, by=moderator)
    hits = client.get("/forum/search/?q=kostede").context["hits"]
    assert hits == []


def test_the_posts_of_a_hidden_thread_are_found_by_nobody(client, threads, colleague, moderator):
    from forum import services

    services.thread_moderate(thread=threads, action="hide", by=moderator)
    for reader in (None, colleague):  # a member's search leaves them out after the index
        if reader:
            client.force_login(reader)
        titles = [h.thread.title for h in client.get("/forum/search/?q=lyset").context["hits"]]
        assert "Gadelamper med bevægelsessensorer" not in titles
        titles = [h.thread.title for h in client.get("/forum/search/?q=kostede").context["hits"]]
        assert titles == []


def test_an_empty_query_shows_only_the_form(client):
    response = client.get("/forum/search/?q=")
    assert response.status_code == 200 and response.context["hits"] == []


@pytest.mark.postgres
def test_postgres_search_uses_the_danish_stemmer_ranks_titles_first_and_highlights(client, threads):
    assert connection.vendor == "postgresql"
    # "gadelampe" (singular) finds "gadelamper" through the Danish stemmer.
    response = client.get("/forum/search/?q=gadelampe")
    hits = response.context["hits"]
    assert [h.thread.title for h in hits][0] == "Gadelamper med bevægelsessensorer"  # title: A
    assert {h.thread.title for h in hits} == {
        "Gadelamper med bevægelsessensorer",
        "Parkering i midtbyen",
    }
    assert any("<mark>gadelamper</mark>" in h.snippet.lower() for h in hits)
    post = Post.objects.get(body__startswith="Hvilke gadelamper")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM forum_post WHERE id = %s", [post.pk])
        assert "'gadelamp'" in cursor.fetchone()[0]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'forum_post_search_gin'")
        assert "gin (search_vector)" in cursor.fetchone()[0]


@pytest.mark.postgres
def test_postgres_search_vector_follows_edits(client, threads, staff_user):
    from forum import services

    post = threads.first_post
    services.post_edit(post=post, by=staff_user, body="Nu handler det om solceller.")
    assert client.get("/forum/search/?q=solceller").context["hits"][0].post == post
    assert not [h for h in client.get("/forum/search/?q=dæmper").context["hits"] if h.post == post]


@pytest.mark.postgres
def test_postgres_search_ranks_only_the_newest_matches_of_a_very_common_word(
    client, threads, settings
):
    settings.FORUM_SEARCH_CANDIDATES = 2
    response = client.get("/forum/search/?q=gadelamper")
    assert response.context["page"].capped
    assert response.context["page"].paginator.count == 2
    assert "Mere end 2 resultater" in response.content.decode()


@pytest.fixture
def markdown_thread(staff_user, colleague, public_category, make_thread, reply):
    thread = make_thread(
        staff_user,
        public_category,
        title="Erfaringer med LoRaWAN",
        body="Vi bruger **LoRaWAN-sensorer** til vandstand. Spørg @[Sofie Byudvikler].",
    )
    first = thread.first_post
    reply(
        colleague,
        thread,
        body=f"> @[Trafikafdelingen] skrev:\n>\n> {first.body}\n\nVores *LoRaWAN* dækker byen.",
    )
    reply(staff_user, thread, body="Og vi har nu 40 LoRaWAN-gateways i drift.")
    reply(colleague, thread, body="LoRaWAN virker også i kældre, viser vores målinger.")
    return thread


def _search(client, query):
    return client.get("/forum/search/", {"q": query})


def test_search_excerpts_are_plain_text_without_markdown_or_quotes(client, markdown_thread):
    response = _search(client, "lorawan")
    page = response.content.decode()
    snippets = [m.snippet for hit in response.context["hits"] for m in hit.matches]

    assert snippets
    for snippet in snippets:
        assert "**" not in snippet and "@[" not in snippet and "&gt;" not in snippet
        assert "skrev:" not in snippet  # the quote belongs to the post it quotes
        assert "<mark>" in snippet
    assert "Vores <mark>LoRaWAN</mark> dækker byen." in page  # no quote, no *emphasis*
    opening = _search(client, "vandstand").context["hits"][0].snippet
    assert opening.startswith("Vi bruger LoRaWAN-sensorer til <mark>vandstand</mark>. Spørg ")
    assert "Sofie Byudvikler" in opening


def test_search_shows_each_thread_once_with_its_matching_posts(client, markdown_thread):
    hits = _search(client, "lorawan").context["hits"]

    assert [hit.thread for hit in hits] == [markdown_thread]
    (hit,) = hits
    assert hit.match_count == 4
    assert len(hit.matches) == 3  # the best three, the rest counted
    assert len({m.post.pk for m in hit.matches}) == 3


def test_search_results_page_uses_a_fixed_number_of_queries(
    client, markdown_thread, django_assert_max_num_queries
):
    _search(client, "lorawan")
    # session-less visitor: candidates (ranked), the page's posts with thread, category and
    # author; nothing per thread or per post.
    with django_assert_max_num_queries(3):
        _search(client, "lorawan")


def test_several_words_find_only_the_posts_holding_them_all(client, threads):
    response = client.get("/forum/search/", {"q": "gadelamper pladser"})
    assert [hit.thread.title for hit in response.context["hits"]] == ["Parkering i midtbyen"]


@pytest.mark.postgres
def test_postgres_forum_search_matches_whole_words_not_the_start_of_one(client, threads):
    # The form is sent with its button: no word is still being typed.
    assert client.get("/forum/search/?q=gadelamper").context["hits"]
    assert not client.get("/forum/search/?q=gadelam").context["hits"]
