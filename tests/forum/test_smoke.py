import pytest

pytestmark = pytest.mark.django_db


def test_pages_render(client, staff_user, colleague, public_category, make_thread, reply):
    thread = make_thread(staff_user, public_category)
    reply(colleague, thread)
    client.force_login(staff_user)
    for url in [
        "/forum/",
        public_category.get_absolute_url(),
        thread.get_absolute_url(),
        "/forum/new/",
        "/forum/search/?q=sensor",
        "/forum/feed/",
        "/api/v1/forum/threads/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
