"""Digest benchmark: 50,000 subscribers, bounded tasks and queries.

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_bench .venv/bin/python bench/digests.py

Seeds --subscribers users who all follow three projects (once; --reseed starts over), tells
the followers of four events with the real fan-out (one INSERT ... SELECT each), then runs the
daily digest exactly as beat does (`send_digests("daily")`, its batch tasks run eagerly here)
and prints: subscribers, tasks enqueued, queries, wall time, e-mails. A second run in the same
period must send nothing (the per-user claim).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
os.environ.pop("CELERY_BROKER_URL", None)  # batches run eagerly, in this process

import django  # noqa: E402

django.setup()

from celery.signals import task_prerun  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from participation import services  # noqa: E402
from participation.models import DigestClaim, Follow, Notification  # noqa: E402
from participation.registry import content_type_id  # noqa: E402
from participation.tasks import send_digests  # noqa: E402
from projects.models import Project, Theme  # noqa: E402
from smartcity.activity import Kind  # noqa: E402
from smartcity.celery import app  # noqa: E402

PREFIX = "bench-digest-"


def seed(subscribers: int) -> list[Project]:
    existing = User.objects.filter(email__startswith=PREFIX).count()
    projects = list(Project.objects.filter(slug__startswith=PREFIX).order_by("pk"))
    if existing == subscribers and len(projects) == 3:
        return projects
    print(f"seeding {subscribers} subscribers …", flush=True)
    Notification.objects.filter(user__email__startswith=PREFIX).delete()
    Follow.objects.filter(user__email__startswith=PREFIX).delete()
    User.objects.filter(email__startswith=PREFIX).delete()
    Project.objects.filter(slug__startswith=PREFIX).delete()
    theme = Theme.objects.order_by("pk").first()
    projects = [
        Project.objects.create(
            title=f"Bench-projekt {n}",
            slug=f"{PREFIX}{n}",
            summary="Et projekt til benchmark.",
            theme=theme,
            submitter_kind="municipality",
            state=Project.State.PUBLISHED,
        )
        for n in range(3)
    ]
    users = User.objects.bulk_create(
        [
            User(
                email=f"{PREFIX}{n}@example.com",
                display_name=f"Bench {n}",
                password="!",  # noqa: S106 (an unusable password)
                language="da" if n % 2 else "en",
            )
            for n in range(subscribers)
        ],
        batch_size=5000,
    )
    ct = content_type_id(Project)
    Follow.objects.bulk_create(
        [Follow(user=u, content_type_id=ct, object_id=p.pk) for u in users for p in projects],
        batch_size=10000,
    )
    return projects


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app.conf.task_always_eager = True
    if args.reseed:
        User.objects.filter(email__startswith=PREFIX).update(email="x")  # forces a reseed
    projects = seed(args.subscribers)

    # A clean period: nothing mailed, nothing claimed.
    Notification.objects.filter(user__email__startswith=PREFIX).delete()
    DigestClaim.objects.filter(user__email__startswith=PREFIX).delete()
    User.objects.filter(email__startswith=PREFIX).update(unread_notifications=0)

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as fan_out_queries:
        services.notify_followers(
            target=projects[0], kind=Kind.STATUS_CHANGED, data={"old": "Idea", "new": "Pilot"}
        )
        services.notify_followers(
            target=projects[0], kind=Kind.ADOPTED, data={"municipality": "Vejle"}
        )
        services.notify_followers(target=projects[1], kind=Kind.COMMENTED)
        services.notify_followers(target=projects[1], kind=Kind.COMMENTED)  # grouped
    fan_out_seconds = time.perf_counter() - started
    notifications = Notification.objects.filter(user__email__startswith=PREFIX).count()

    tasks: list[str] = []
    task_prerun.connect(lambda sender=None, **kw: tasks.append(sender.name), weak=False)
    mail.outbox = []
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as digest_queries:
        send_digests.delay("daily")
    wall = time.perf_counter() - started
    sent = len(mail.outbox)
    enqueued = len(tasks)
    biggest = max((len(m.body) for m in mail.outbox), default=0)

    mail.outbox = []
    with CaptureQueriesContext(connection) as again_queries:
        send_digests.delay("daily")
    again = len(mail.outbox)

    print(f"subscribers:            {args.subscribers}")
    print(f"notifications:          {notifications} (fan-out: 4 events, "
          f"{len(fan_out_queries)} queries, {fan_out_seconds:.2f} s)")  # fmt: skip
    batch = settings.PARTICIPATION_DIGEST_BATCH_SIZE
    print(f"tasks enqueued:         {enqueued} (1 plan + {enqueued - 1} batches of {batch})")
    print(f"queries:                {len(digest_queries)}")
    print(f"wall time:              {wall:.1f} s")
    print(f"e-mails:                {sent} (longest body {biggest} characters)")
    print(f"second run same period: {again} e-mails, {len(again_queries)} queries, "
          f"{len(tasks) - enqueued} task")  # fmt: skip


if __name__ == "__main__":
    main()
