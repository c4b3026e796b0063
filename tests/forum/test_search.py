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
