from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import DataExport, User
from accounts.tasks import apply_retention
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _joined(user, days_ago):
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days_ago))


def test_unverified_accounts_are_deleted_after_30_days(alice):
    stale = UserFactory(email="glemt@example.com", verified=False)
    fresh = UserFactory(email="ny@example.com", verified=False)
    _joined(stale, 31)
    _joined(fresh, 29)
    _joined(alice, 400)  # verified: stays however old

    assert apply_retention()["unverified_accounts"] == 1
    assert set(User.objects.values_list("email", flat=True)) == {
        "alice@example.com",
        "ny@example.com",
    }


def test_expired_exports_are_deleted(alice, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    old = DataExport.objects.create(
        user=alice,
        token="a" * 32,
        state=DataExport.State.READY,
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    old.file.save("x.zip", ContentFile(b"zip"), save=True)
    name = old.file.name
    current = DataExport.objects.create(
        user=alice,
        token="b" * 32,
        state=DataExport.State.READY,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert apply_retention()["exports"] == 1
    old.refresh_from_db()
    assert old.state == DataExport.State.EXPIRED and not old.file
    assert not (tmp_path / name).exists()
    current.refresh_from_db()
    assert current.state == DataExport.State.READY


def test_beat_runs_the_retention_task():
    entry = settings.CELERY_BEAT_SCHEDULE["accounts-retention"]
    assert entry["task"] == apply_retention.name
