import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(staff_user, colleague, moderator, public_category, staff_category, make_thread, reply):
    from forum import services

    public = make_thread(staff_user, public_category, title="Åbent emne om sensorer")
    answer = reply(colleague, public, body="Et offentligt svar")
    services.post_hide(post=reply(colleague, public, body="Et skjult svar"), by=moderator)
    make_thread(staff_user, staff_category, title="Lukket emne om udbud")
    return public, answer


def test_the_latest_threads_feed_is_atom_with_public_threads_only(client, content):
    response = client.get("/forum/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Åbent emne om sensorer" in body
    assert "Lukket emne om udbud" not in body


def test_each_public_category_has_a_feed_and_staff_only_ones_do_not(
    client, content, public_category, staff_category
):
    assert "Åbent emne" in client.get(f"/forum/c/{public_category.slug}/feed/").content.decode()
    assert client.get(f"/forum/c/{staff_category.slug}/feed/").status_code == 404


def test_the_api_lists_public_threads_with_authors_by_display_name_only(client, content):
    data = client.get("/api/v1/forum/threads/").json()
    assert data["count"] == 1
    thread = data["results"][0]
    assert thread["title"] == "Åbent emne om sensorer"
    assert thread["author"] == "Trafikafdelingen"
    assert "@" not in str(data)  # no e-mail addresses


def test_the_api_lists_published_posts_of_a_public_thread(client, content, moderator):
    public, answer = content
    client.force_login(moderator)  # even a moderator gets only what is public
    for url in [
        f"/api/v1/forum/threads/{public.pk}/posts/",
        f"/api/v1/forum/posts/?thread={public.pk}",
    ]:
        data = client.get(url).json()
        assert [p["body_html"] for p in data["results"]] == [
            "<p>Hvem har prøvet det?</p>\n",
            "<p>Et offentligt svar</p>\n",
        ]
        assert data["results"][1]["id"] == answer.pk


def test_the_api_is_read_only(client, staff_user):
    client.force_login(staff_user)
    assert client.post("/api/v1/forum/threads/", {"title": "x"}).status_code in (403, 405)


def test_api_answers_carry_an_etag_and_honour_if_none_match(client, content):
    first = client.get("/api/v1/forum/threads/")
    assert first.status_code == 200 and first["ETag"]
    again = client.get("/api/v1/forum/threads/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
