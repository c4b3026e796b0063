"""The submission pipeline with a real Celery worker and a real Redis broker.

Each test starts its own redis-server on a free port (so it can stop and start the broker) and
its own `celery worker` processes against the test database; projects are submitted through
the web form. The geocoder is the local fake Nominatim server (tests/geocoder_server.py) where
a test needs a slow or failing one. Needs PostgreSQL (the worker shares the database).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from moderation.models import ModerationDecision
from moderation.selectors import decisions_for
from projects import processing
from projects.models import Project
from smartcity.celery import app
from tests import geocoder_server
from tests.conftest import REPO_DIR
from tests.factories import ThemeFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=45.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


class Broker:
    """A redis-server of the test's own, which the test can stop and start."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", self.port)) == 0

        assert wait_until(answers, timeout=10), "redis-server did not start"

    def is_idle(self) -> bool:
        """No task waits in the queue and none is delivered but unacknowledged."""
        import redis

        client = redis.Redis.from_url(self.url)
        try:
            queue = settings.CELERY_TASK_DEFAULT_QUEUE
            return client.llen(queue) == 0 and client.hlen("unacked") == 0
        finally:
            client.close()

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Workers:
    """`celery worker` processes for one test, on a queue of the test's own."""

    def __init__(self, broker: Broker, outbox: Path, extra_env: dict):
        self.broker = broker
        self.outbox = outbox
        self.extra_env = extra_env
        self.processes: list[subprocess.Popen] = []

    def env(self) -> dict:
        db = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            CELERY_BROKER_URL=self.broker.url,
            REDIS_URL=self.broker.url.replace("/0", "/1"),
            EMAIL_URL=f"filemail:///{self.outbox}",
            GEOCODER="offline",
        )
        env.update(self.extra_env)
        return env

    def start(self) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "smartcity", "worker"]
        command += ["--pool", "solo", "--loglevel", "INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        log = open(self.outbox.parent / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            command, cwd=REPO_DIR, env=self.env(), stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.outbox.parent.glob("*.log"))
        )


@pytest.fixture
def tmp_dir():
    path = Path(tempfile.mkdtemp(prefix="sc-worker-"))
    (path / "outbox").mkdir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def broker():
    broker = Broker()
    broker.start()
    yield broker
    broker.stop()


def forget_broker_connections() -> None:
    # Celery pools connections (and producers) for the broker URL it first used; what a
    # forked worker process does (Celery._after_fork) is what a changed URL needs too.
    app._after_fork()


@pytest.fixture
def publish_to_test_broker(broker, monkeypatch):
    """Make this process publish tasks to the test's broker instead of running them eagerly."""
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", broker.url)
    app.conf.broker_url = broker.url
    app.conf.task_always_eager = False
    forget_broker_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    forget_broker_connections()


@pytest.fixture
def workers(broker, tmp_dir, publish_to_test_broker):
    created = []

    def make(**extra_env) -> Workers:
        group = Workers(broker, tmp_dir / "outbox", {k: str(v) for k, v in extra_env.items()})
        created.append(group)
        return group

    yield make
    for group in created:
        group.stop_all()


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="parkering", name="Parkering", name_en="Parking")


def submit_through_the_form(client, user, **fields) -> Project:
    client.force_login(user)
    data = {
        "title": "Parkeringssensorer i Aarhus C",
        "summary": "Sensorer i asfalten viser ledige pladser i en app.",
        "description": "Vi har lagt 400 sensorer ned i midtbyen.",
        "theme": "parkering",
        "status": "pilot",
        "submitter_kind": "municipality",
        "lat": "56.1530",
        "lng": "10.2040",
        "open_data_links": "",
        **fields,
    }
    response = client.post("/projects/submit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Project.objects.latest("pk")


def final_state(project: Project, timeout=45.0) -> str:
    def done():
        project.refresh_from_db()
        return project.state not in (Project.State.SUBMITTED, Project.State.PROCESSING)

    wait_until(done, timeout=timeout)
    return project.state


def sent_mail(outbox: Path) -> list:
    """The e-mails the workers have finished writing (Django's file backend ends each with a
    line of 79 dashes; a file still being written is not an e-mail yet)."""
    messages = []
    for path in sorted(outbox.glob("*.log")):
        content = path.read_bytes()
        if content.rstrip().endswith(b"-" * 79):
            messages.append(message_from_bytes(content))
    return messages


def test_a_staff_submission_is_geocoded_screened_published_and_mailed(
    client, staff_user, theme, workers
):
    group = workers()
    group.start()
    project = submit_through_the_form(client, staff_user)
    assert final_state(project) == Project.State.PUBLISHED, group.logs()
    assert project.municipality.name == "Aarhus"
    assert decisions_for(project).get().action == "publish"
    assert wait_until(lambda: len(sent_mail(group.outbox)) == 1, timeout=20), group.logs()
    assert sent_mail(group.outbox)[0]["To"] == staff_user.email


def test_a_citizen_submission_ends_in_the_moderation_queue(client, alice, theme, workers):
    group = workers()
    group.start()
    project = submit_through_the_form(client, alice, submitter_kind="citizen")
    assert final_state(project) == Project.State.NEEDS_REVIEW, group.logs()
    from projects.admin_queue import waiting_projects

    assert waiting_projects().filter(pk=project.pk).exists()


def test_a_broker_outage_at_submit_time_loses_nothing(
    client, staff_user, theme, broker, workers, settings
):
    group = workers()
    broker.stop()
    project = submit_through_the_form(client, staff_user)  # the user still gets "received"
    assert Project.objects.get(pk=project.pk).state == Project.State.SUBMITTED

    broker.start()
    group.start()
    settings.PIPELINE_SWEEP_GRACE_SECONDS = 0
    time.sleep(0.1)
    assert processing.sweep_stuck_projects() == [project.pk]  # what beat runs every minute
    assert final_state(project) == Project.State.PUBLISHED, group.logs()


def test_a_worker_killed_during_processing_does_not_lose_the_project(
    client, staff_user, theme, workers
):
    fake = geocoder_server.start("nominatim")
    try:
        group = workers(
            GEOCODER="nominatim",
            GEOCODER_URL=fake.url,
            GEOCODER_USER_AGENT="SmartCityDanmark-tests/1.0",
            GEOCODER_TIMEOUT=30,
            PIPELINE_LEASE_SECONDS=3,
        )
        fake.fake.delay = 20.0  # the first worker hangs in the geocoder...
        first = group.start()
        project = submit_through_the_form(
            client, staff_user, lat="", lng="", address="Rådhuspladsen 2, Aarhus"
        )
        assert wait_until(lambda: len(fake.fake.requests) >= 1, timeout=30), group.logs()
        group.kill(first)  # ...and dies there
        project.refresh_from_db()
        assert project.state == Project.State.PROCESSING

        fake.fake.delay = 0.0
        group.start()
        # The lease runs out; the sweeper (beat) hands the row to the new worker.
        assert wait_until(lambda: processing.sweep_stuck_projects() == [project.pk], timeout=15)
        assert final_state(project) == Project.State.PUBLISHED, group.logs()
        assert project.precision == "address"
        assert ModerationDecision.objects.filter(object_id=project.pk).count() == 1
    finally:
        fake.stop()


def test_a_geocoder_that_is_down_leaves_the_project_for_a_moderator_with_a_reason(
    client, staff_user, theme, workers
):
    fake = geocoder_server.start("nominatim")
    try:
        fake.fake.fail_next(503, times=50)
        group = workers(
            GEOCODER="nominatim",
            GEOCODER_URL=fake.url,
            GEOCODER_USER_AGENT="SmartCityDanmark-tests/1.0",
            GEOCODER_MIN_INTERVAL=0,
            PIPELINE_MAX_ATTEMPTS=2,
            PIPELINE_RETRY_BASE_SECONDS=0.5,
        )
        group.start()
        project = submit_through_the_form(
            client, staff_user, lat="", lng="", address="Rådhuspladsen 2, Aarhus"
        )
        assert final_state(project) == Project.State.NEEDS_REVIEW, group.logs()
        assert [r["code"] for r in project.screening_reasons] == ["geocoding.failed"]
        assert project.attempts == 2
    finally:
        fake.stop()


def test_a_slow_geocoder_times_out_into_the_queue(client, staff_user, theme, workers):
    fake = geocoder_server.start("nominatim")
    try:
        fake.fake.delay = 3.0
        group = workers(
            GEOCODER="nominatim",
            GEOCODER_URL=fake.url,
            GEOCODER_USER_AGENT="SmartCityDanmark-tests/1.0",
            GEOCODER_MIN_INTERVAL=0,
            GEOCODER_TIMEOUT=0.5,
            PIPELINE_MAX_ATTEMPTS=1,
        )
        group.start()
        project = submit_through_the_form(
            client, staff_user, lat="", lng="", address="Rådhuspladsen 2, Aarhus"
        )
        assert final_state(project) == Project.State.NEEDS_REVIEW, group.logs()
        assert project.screening_reasons[0]["code"] == "geocoding.failed"
    finally:
        fake.stop()


def test_the_same_task_delivered_twice_gives_one_result_one_decision_one_email(
    client, staff_user, theme, broker, workers
):
    from projects.tasks import process_submission

    group = workers()
    project = submit_through_the_form(client, staff_user)
    process_submission.delay(project.pk)  # a second delivery of the same work
    process_submission.delay(project.pk)
    group.start()
    group.start()  # two workers racing for it
    assert final_state(project) == Project.State.PUBLISHED, group.logs()
    # Every delivery has run (and done nothing) once the broker holds no task, waiting or
    # delivered-but-unacknowledged (acks_late: a task is acknowledged when it has finished).
    assert wait_until(broker.is_idle), group.logs()
    assert decisions_for(project).count() == 1
    assert len(sent_mail(group.outbox)) == 1


def test_settings_are_the_ones_the_workers_rely_on():
    # acks_late + reject_on_worker_lost: a killed worker's task goes back to the queue.
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]


# --- Work promised after a commit survives a broker outage (smartcity.enqueue) --------------


def outage_then_sweep(broker, group, settings) -> list[int]:
    """The broker comes back, a worker starts, and beat's outbox sweeper runs once."""
    from smartcity.enqueue import sweep_outbox

    broker.start()
    group.start()
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    return sweep_outbox()


def mail_to(outbox: Path, address: str) -> list:
    return [message for message in sent_mail(outbox) if message["To"] == address]


def test_a_broker_outage_after_a_forum_post_loses_no_notification(
    staff_user, alice, public_thread, broker, workers, settings
):
    from forum import services as forum
    from forum.models import State
    from smartcity.models import OutboxTask

    group = workers()
    thread = public_thread
    forum.thread_watch(user=alice, thread=thread, watch=True)

    broker.stop()
    post = forum.post_create(
        author=staff_user,
        thread=thread,
        body="Vi har nu haft sensorerne i drift i et halvt år, og de virker godt.",
        enforce_rate_limit=False,
    )  # committed; the notification could not reach the broker
    assert post.state == State.PUBLISHED
    assert OutboxTask.objects.filter(task="forum.tasks.notify_new_post").count() == 1

    assert len(outage_then_sweep(broker, group, settings)) >= 1
    assert wait_until(lambda: len(mail_to(group.outbox, alice.email)) == 1), group.logs()
    assert not OutboxTask.objects.filter(task="forum.tasks.notify_new_post").exists()


def test_a_broker_outage_after_a_registration_loses_no_event_email(
    alice, broker, workers, settings
):
    from events import services as events
    from smartcity.models import OutboxTask
    from tests.factories import EventFactory

    group = workers()
    event = EventFactory(title="Datadag i Aarhus", slug="datadag-i-aarhus")

    broker.stop()
    registration = events.registration_create(event=event, user=alice)
    assert registration.status == "confirmed"  # the user is registered, broker or not
    assert OutboxTask.objects.filter(task="events.tasks.send_registration_email").count() == 1

    assert len(outage_then_sweep(broker, group, settings)) == 1
    assert wait_until(lambda: len(mail_to(group.outbox, alice.email)) == 1), group.logs()
    assert "Datadag i Aarhus" in mail_to(group.outbox, alice.email)[0]["Subject"]
