"""Following, the fan-out of what happened, alerts, the notifications page and its header."""

import pytest
from django.db.models import F
from django.urls import reverse

from participation import services
from participation.models import Alert, Follow, Notification
from projects.services import adoption_create
from smartcity.activity import Kind, announce
from tests.factories import ProjectFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    from places.models import Municipality

    copenhagen = Municipality.objects.get(code="101")
    return ProjectFactory(title="Smart parkering", status="idea", municipality=copenhagen)


def test_following_a_project_tells_of_its_adoption(
    alice, project, staff_user, django_capture_on_commit_callbacks
):
    services.follow_set(user=alice, target=project, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        adoption_create(project=project, by=staff_user)

    notification = Notification.objects.get(user=alice)
    assert notification.kind == Kind.ADOPTED
    assert notification.data == {"municipality": "Aarhus"}
    assert notification.object_id == project.pk


def test_the_actor_is_not_told_of_what_they_did(alice, project, django_capture_on_commit_callbacks):
    services.follow_set(user=alice, target=project, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        announce(project, Kind.COMMENTED, actor=alice)
    assert not Notification.objects.exists()


def test_fan_out_is_one_statement_whatever_the_number_of_followers(
    project, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    users = UserFactory.create_batch(30)
    Follow.objects.bulk_create(
        [Follow(user=user, content_type_id=_ct(project), object_id=project.pk) for user in users]
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announce(project, Kind.COMMENTED)
    # INSERT ... SELECT, then enqueueing the e-mail task (outbox row, sent, deleted).
    with django_assert_max_num_queries(6):
        for callback in callbacks:
            callback()
    assert Notification.objects.filter(kind=Kind.COMMENTED).count() == 30


def test_a_hidden_project_cannot_be_followed(alice, project):
    project.state = "needs_review"
    project.save(update_fields=["state"])
    response = _client(alice).post(
        reverse("participation:follow"), {"target": f"project:{project.pk}", "follow": "1"}
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_the_follow_button_follows_and_unfollows(client, alice, project):
    _english(alice)
    client.force_login(alice)
    url = project.get_absolute_url()
    page = client.get(url).content.decode()
    assert f'name="target" value="project:{project.pk}"' in page

    response = client.post(
        reverse("participation:follow"),
        {"target": f"project:{project.pk}", "follow": "1", "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert Follow.objects.filter(user=alice, object_id=project.pk).exists()
    assert "Stop following" in client.get(url).content.decode()

    client.post(reverse("participation:follow"), {"target": f"project:{project.pk}", "follow": "0"})
    assert not Follow.objects.exists()


def test_a_visitor_gets_a_sign_in_link_and_no_form(client, project):
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("participation:follow") not in page
    assert reverse("account_login") in page
    assert "data-unread-count" not in page


def test_authors_follow_their_own_project(alice, django_capture_on_commit_callbacks):
    from projects.services import project_submit

    theme = ThemeFactory(slug="parkering")
    with django_capture_on_commit_callbacks(execute=True):
        project = project_submit(
            author=alice,
            data={
                "title": "Sensorer på p-pladser",
                "summary": "Vi måler ledige pladser.",
                "theme": theme.slug,
                "status": "idea",
                "submitter_kind": "citizen",
                "lat": 56.1572,
                "lng": 10.2107,
            },
        )
    assert Follow.objects.filter(user=alice, object_id=project.pk).exists()


def test_an_alert_tells_of_a_new_project_in_the_municipality_once(
    alice, aarhus, django_capture_on_commit_callbacks
):
    from projects.services import project_announce_published

    theme = ThemeFactory(slug="gadebelysning")
    services.alert_create(user=alice, municipality=aarhus)
    services.alert_create(user=alice, theme=theme)  # both match: still one notification
    bob = UserFactory()
    services.alert_create(user=bob, municipality=aarhus, theme=ThemeFactory(slug="affald"))
    project = ProjectFactory(theme=theme, municipality=aarhus)
    with django_capture_on_commit_callbacks(execute=True):
        project_announce_published(project_id=project.pk)

    assert list(Notification.objects.values_list("user_id", "kind")) == [(alice.pk, Kind.CREATED)]


def test_an_alert_needs_a_municipality_or_a_theme(client, alice):
    client.force_login(alice)
    client.post(reverse("participation:alert_add"), {"municipality": "", "theme": ""})
    assert not Alert.objects.exists()


def test_the_header_counts_unread_notifications_and_mark_all_read_clears_it(client, alice, project):
    _notify(alice, project, Kind.COMMENTED, 3)
    client.force_login(alice)
    page = client.get(reverse("participation:list")).content.decode()
    assert "data-unread-count>3<" in page

    client.post(reverse("participation:read_all"))
    page = client.get(reverse("participation:list")).content.decode()
    assert "data-unread-count" not in page
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_notifications_page_groups_per_item_newest_first(client, alice, project):
    other = ProjectFactory(title="Affaldssensorer")
    _notify(alice, project, Kind.STATUS_CHANGED, 1, data={"old": "Idea", "new": "Pilot"})
    _notify(alice, project, Kind.COMMENTED, 2)
    _notify(alice, other, Kind.ADOPTED, 1, data={"municipality": "Odense"})
    _english(alice)
    client.force_login(alice)
    page = client.get(reverse("participation:list"))
    text = page.content.decode()
    assert text.count(project.title) == 1
    assert text.index(other.title) < text.index(project.title)  # newest item first
    assert "New comment (2 times)" in text
    assert "Status changed from Idea to Pilot" in text
    assert "Now also used by Odense" in text


def test_the_notifications_page_costs_the_same_for_many_notifications(
    client, alice, django_assert_max_num_queries
):
    projects = ProjectFactory.create_batch(3)
    for project in projects:
        _notify(alice, project, Kind.COMMENTED, 1)
    client.force_login(alice)
    client.get(reverse("participation:list"))  # warm the content-type cache

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("participation:list")).status_code == 200
        return len(context)

    few = count_queries()
    for project in ProjectFactory.create_batch(20):
        _notify(alice, project, Kind.ADOPTED, 3, data={"municipality": "Vejle"})
    # session, user, notifications, projects (with their themes), unread count
    with django_assert_max_num_queries(few):
        client.get(reverse("participation:list"))
    assert few <= 6


def _ct(obj) -> int:
    from participation.registry import content_type_id

    return content_type_id(type(obj))


def _notify(user, target, kind, times, data=None):
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                content_type_id=_ct(target),
                object_id=target.pk,
                kind=kind,
                data=data or {},
            )
            for _ in range(times)
        ]
    )
    # as the fan-out does: the header's number is kept on the user row
    type(user).objects.filter(pk=user.pk).update(
        unread_notifications=F("unread_notifications") + times
    )


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])


def test_the_feed_of_new_projects_follows_an_alert_without_an_account(client, aarhus):
    lights = ThemeFactory(slug="gadebelysning", name="Gadebelysning")
    ProjectFactory(title="LED-gadelys i Aarhus", theme=lights, municipality=aarhus)
    ProjectFactory(title="Parkering i Aarhus", municipality=aarhus)
    response = client.get("/projects/feed/?municipality=aarhus&theme=gadebelysning")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "LED-gadelys i Aarhus" in feed and "Parkering i Aarhus" not in feed
    assert client.get("/projects/feed/?municipality=nowhere").status_code == 404
    assert "/projects/feed/" in client.get("/open-data/").content.decode()


def test_the_api_lists_ones_own_notifications_and_is_in_the_schema(client, alice, project):
    _notify(alice, project, Kind.STATUS_CHANGED, 1, data={"old": "Idea", "new": "Pilot"})
    assert client.get("/api/v1/notifications/").status_code == 403
    client.force_login(alice)
    body = client.get("/api/v1/notifications/").json()
    assert body["unread"] == 1
    (item,) = body["items"]
    assert (item["type"], item["id"], item["events"][0]["kind"]) == (
        "project",
        project.pk,
        "status_changed",
    )
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/notifications/" in schema
