import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.export import export_for_download, exports_expire
from accounts.models import DataExport

pytestmark = pytest.mark.django_db


def _request_export(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:export"))
    assert response.status_code == 302
    return re.search(r"/accounts/export/\S+/", mail.outbox[-1].body).group(0)


def test_the_export_zip_holds_every_kind_and_a_readme(
    client, citizen_with_content, django_capture_on_commit_callbacks
):
    url = _request_export(client, citizen_with_content, django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == [citizen_with_content.email]
    assert "7 dage" in mail.outbox[-1].body  # the user's language: Danish

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert {
        "README.txt",
        "profile.json",
        "projects.json",
        "images.json",
        "forum_posts.json",
        "event_registrations.json",
        "reports.json",
        "adoptions.json",
        "forum_subscriptions.json",
        "follows.json",
        "notifications.json",
        "sessions.json",
        "guide_versions.json",
        "guides_owned.json",
        "guide_reviews.json",
    } <= names

    def rows(name):
        return json.loads(archive.read(name))

    assert rows("profile.json")[0]["email"] == "trafik@aarhus.dk"
    project = rows("projects.json")[0]
    assert project["title"] == "Parkeringssensorer i Aarhus"
    assert isinstance(project["moderation_decisions"], list)
    assert rows("forum_posts.json")[0]["thread"] == "Sensorer i sne"
    assert rows("event_registrations.json")[0]["event"] == "Datadag i Aarhus"
    assert rows("reports.json")[0]["text"] == "Forkert by"
    assert rows("adoptions.json")[0]["note"] == "Vi bruger det også"
    assert rows("forum_subscriptions.json")[0]["category"]
    # watching a thread (their own, here) is following it
    assert {"item": "Sensorer i sne", "kind": "thread"} in [
        {"item": row["item"], "kind": row["kind"]} for row in rows("follows.json")
    ]
    guide_versions = rows("guide_versions.json")
    assert [(v["number"], v["title"], v["state"]) for v in guide_versions] == [
        (1, "Kom i gang med gadelys", "published"),
        (2, "Kom i gang med LED-gadelys", "needs_review"),
    ]
    assert guide_versions[1]["change_note"] == "Ny titel"
    assert guide_versions[0]["moderation_decisions"][-1]["action"] == "publish"
    assert rows("guides_owned.json")[0]["title"] == "Kom i gang med gadelys"
    assert rows("guide_reviews.json") == []  # not a moderator
    readme = archive.read("README.txt").decode()
    assert "=== DANSK ===" in readme and "=== ENGLISH ===" in readme
    assert "forum_posts.json" in readme
    assert "guide_versions.json" in readme


def test_the_link_does_not_work_for_another_user(
    client, alice, bob, django_capture_on_commit_callbacks
):
    url = _request_export(client, alice, django_capture_on_commit_callbacks)
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_the_link_does_not_work_signed_out(client, alice, django_capture_on_commit_callbacks):
    url = _request_export(client, alice, django_capture_on_commit_callbacks)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_link_does_not_work_after_expiry_and_the_file_is_deleted(
    client, alice, django_capture_on_commit_callbacks
):
    url = _request_export(client, alice, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=alice)
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    assert export.expires_at - export.ready_at == timedelta(days=7)

    # Seven days on: the export's date has passed.
    DataExport.objects.filter(pk=export.pk).update(
        ready_at=export.ready_at - timedelta(days=7, minutes=1),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert client.get(url).status_code == 404
    assert exports_expire() == 1
    assert not storage.exists(name)
    assert DataExport.objects.get(pk=export.pk).state == DataExport.State.EXPIRED


def test_a_tampered_link_does_not_work(client, alice, django_capture_on_commit_callbacks):
    url = _request_export(client, alice, django_capture_on_commit_callbacks)
    token = url.rstrip("/").rpartition("/")[2]
    assert export_for_download(signed_token=token[:-1] + "x", user=alice) is None
    assert export_for_download(signed_token=token, user=alice) is not None


def test_a_second_request_while_one_is_being_built_says_so(client, alice):
    client.force_login(alice)
    # Without running the on-commit callbacks the first export stays "being prepared".
    client.post(reverse("accounts:export"))
    response = client.post(reverse("accounts:export"), follow=True)
    assert "allerede ved at blive gjort klar" in response.content.decode()
    assert DataExport.objects.filter(user=alice).count() == 1


def test_the_page_shows_the_state_of_the_latest_export(client, alice):
    client.force_login(alice)
    DataExport.objects.create(user=alice, token="t1", expires_at=timezone.now())
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert 'data-testid="export-state"' in response.content.decode()


def test_the_export_page_has_a_fixed_query_budget(client, alice, django_assert_max_num_queries):
    client.force_login(alice)
    for n in range(3):
        DataExport.objects.create(user=alice, token=f"t{n}", state=DataExport.State.EXPIRED)
    # session, user, the latest export
    with django_assert_max_num_queries(3):
        assert client.get(reverse("accounts:export")).status_code == 200
