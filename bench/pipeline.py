"""Throughput of the submission pipeline: N submissions through one real Celery worker.

Not a test. Needs PostgreSQL and Redis:

    DATABASE_URL=postgres://root@127.0.0.1:5432/sc_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 REDIS_URL=redis://127.0.0.1:6379/6 \
    .venv/bin/python bench/pipeline.py --submissions 10000

It migrates the database, creates N submissions (half picked points, half addresses for the
offline geocoder; half by verified municipal staff, half by citizens) in state `submitted`,
enqueues every one, starts one `celery worker --pool solo` and measures the time until every
row has reached a final state. It also times the same services called in-process, without the
broker, on a sample. Its rows are deleted afterwards.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

from accounts.models import User  # noqa: E402
from places.models import Municipality  # noqa: E402
from projects import processing  # noqa: E402
from projects.models import Project, Theme  # noqa: E402
from projects.tasks import process_submission  # noqa: E402

PREFIX = "bench-pipeline-"
TOWNS = ["Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle", "Randers", "Kolding", "Horsens",
         "Roskilde", "Herning", "Silkeborg", "Næstved", "Viborg", "Svendborg"]  # fmt: skip
SUBJECTS = ["parkeringssensorer", "LED-gadelys", "trafiktælling i rundkørsler", "regnbede",
            "affaldssensorer", "luftkvalitetsmålere", "delecykler", "varmepumper",
            "vandmålere", "åbne data om busser"]  # fmt: skip


def make_users(count: int) -> tuple[list[User], list[User]]:
    """Many established authors, as in real life: one author with thousands of submissions
    would (rightly) trip the velocity rule, and new accounts add to the score."""
    from datetime import timedelta

    from django.utils import timezone

    joined = timezone.now() - timedelta(days=365)
    users = [
        User(email=f"{PREFIX}{kind}{n}@{domain}", display_name=f"Bench {n}", date_joined=joined)
        for n in range(count)
        for kind, domain in (("staff", "aarhus.dk"), ("citizen", "example.com"))
    ]
    User.objects.bulk_create(users, batch_size=2000, ignore_conflicts=True)
    users = list(User.objects.filter(email__startswith=PREFIX).order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
        ignore_conflicts=True,
    )
    staff = [u for u in users if u.email.endswith("@aarhus.dk")]
    User.objects.filter(pk__in=[u.pk for u in staff]).update(
        municipality=Municipality.objects.get(code="751"), staff_verified_at=joined
    )
    citizens = [u for u in users if not u.email.endswith("@aarhus.dk")]
    return staff, citizens


def make_submissions(count: int, staff: list[User], citizens: list[User]) -> list[int]:
    rng = random.Random(7)
    themes = list(Theme.objects.all())
    rows = []
    for number in range(count):
        town = rng.choice(TOWNS)
        subject = rng.choice(SUBJECTS)
        picked = number % 2 == 0
        rows.append(
            Project(
                title=f"{subject.capitalize()} i {town} #{number}",
                slug=f"{PREFIX}{number}",
                summary=f"Kommunen afprøver {subject} i {town} og deler erfaringerne.",
                description=f"Projekt nummer {number} om {subject}. Data deles som åbne data.",
                theme=rng.choice(themes),
                status="pilot",
                submitter_kind="municipality" if number % 4 < 2 else "citizen",
                author=(staff if number % 4 < 2 else citizens)[number % len(staff)],
                lat=rng.uniform(55.2, 57.3) if picked else None,
                lng=rng.uniform(8.5, 12.3) if picked else None,
                address="" if picked else town,
                state=Project.State.SUBMITTED,
            )
        )
    Project.objects.bulk_create(rows, batch_size=2000)
    return list(
        Project.objects.filter(slug__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
    )


def cleanup() -> None:
    from moderation.models import ModerationDecision

    ids = list(Project.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
    ModerationDecision.objects.filter(object_id__in=ids).delete()
    Project.objects.filter(pk__in=ids).delete()
    User.objects.filter(email__startswith=PREFIX).delete()


def run_worker_benchmark(ids: list[int]) -> float:
    for project_id in ids:
        process_submission.delay(project_id)
    env = {**os.environ, "EMAIL_URL": "dummymail://"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "smartcity",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],  # fmt: skip
        cwd=REPO,
        env=env,
    )
    started = time.perf_counter()
    waiting = Project.objects.filter(
        pk__in=ids, state__in=[Project.State.SUBMITTED, Project.State.PROCESSING]
    )
    try:
        while waiting.exists():
            time.sleep(0.5)
            if worker.poll() is not None:
                raise SystemExit("the worker stopped")
    finally:
        elapsed = time.perf_counter() - started
        worker.terminate()
        worker.wait(timeout=30)
    return elapsed


def run_in_process_sample(ids: list[int]) -> float:
    Project.objects.filter(pk__in=ids).update(state=Project.State.SUBMITTED, lease_expires_at=None)
    started = time.perf_counter()
    for project_id in ids:
        processing.project_process(project_id=project_id)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=500, help="in-process sample size")
    args = parser.parse_args()
    if not settings.CELERY_BROKER_URL or "postgres" not in settings.DATABASES["default"]["ENGINE"]:
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).")

    call_command("migrate", verbosity=0)
    cleanup()
    staff, citizens = make_users(max(args.submissions // 4, 1))
    ids = make_submissions(args.submissions, staff, citizens)
    print(f"{len(ids)} submissions created; one worker (solo pool), offline geocoder")

    elapsed = run_worker_benchmark(ids)
    outcomes = dict(Project.objects.filter(pk__in=ids).values_list("state").annotate(n=Count("pk")))
    print(f"worker:     {len(ids)} in {elapsed:.1f} s = {len(ids) / elapsed:.1f} submissions/s")
    print(f"outcomes:   {outcomes}")

    sample = ids[: args.sample]
    sample_elapsed = run_in_process_sample(sample)
    print(
        f"in-process: {len(sample)} in {sample_elapsed:.1f} s = "
        f"{len(sample) / sample_elapsed:.1f} submissions/s (no broker)"
    )
    cleanup()
    from smartcity.celery import app

    app.control.purge()  # the e-mail tasks the in-process sample queued


if __name__ == "__main__":
    main()
