import pytest

from guides import services
from guides.models import GuideVersion
from tests.guides.conftest import guide_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_moderators_see_the_queue_and_publish_from_admin(moderator_client, staff_user):
    version = services.guide_submit(author=staff_user, data=guide_data())
    assert moderator_client.get("/admin/guides/guidequeueitem/").status_code == 200
    change = moderator_client.get(f"/admin/guides/guidequeueitem/{version.pk}/change/")
    assert change.status_code == 200
    assert f"/guides/review/{version.pk}/" in change.content.decode()
    assert moderator_client.get("/admin/guides/guide/").status_code == 200

    moderator_client.post(
        "/admin/guides/guidequeueitem/",
        {"action": "publish_versions", "_selected_action": [version.pk]},
    )
    version.refresh_from_db()
    assert version.state == GuideVersion.State.PUBLISHED
    assert version.guide.current_da_id == version.pk
