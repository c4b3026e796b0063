import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# next to it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import UserFactory  # noqa: E402

REPO_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"


def reload_reference_data() -> None:
    """Run every data migration marked `reference_data = True` again, in migration order.

    The loaders are idempotent; transactional tests need this because they empty every table,
    rows from data migrations included."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations import RunPython
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    seen = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key in seen:
                continue
            seen.add(key)
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython) and getattr(
                    operation.code, "reference_data", False
                ):
                    operation.code(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """Transactional tests (browser, worker) empty every table afterwards, data migrations'
    rows included; put the reference data back before each of them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        reload_reference_data()


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks(settings):
    """Every test starts with an empty cache (rate-limit counters live there) and runs
    Celery tasks eagerly; tests marked `worker` use a real worker instead."""
    from smartcity.celery import app

    cache.clear()
    eager_before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = eager_before


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser (behind `admin_client`), enrolled in TOTP as admin requires."""
    return UserFactory(
        email="admin@example.com", display_name="Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def alice(db):
    """A citizen with a verified e-mail address."""
    return UserFactory(email="alice@example.com", display_name="Alice")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.com", display_name="Bob")


@pytest.fixture
def aarhus(db):
    from places.models import Municipality

    return Municipality.objects.get(code="751")


@pytest.fixture
def staff_user(db, aarhus):
    """Verified staff of Aarhus Municipality."""
    from accounts.services import user_make_staff_of

    user = UserFactory(email="trafik@aarhus.dk", display_name="Trafikafdelingen")
    return user_make_staff_of(user=user, municipality=aarhus)


@pytest.fixture
def public_thread(db, staff_user):
    """A thread by Aarhus staff in the public category "Smart parkering"."""
    from forum import services
    from forum.models import Category

    return services.thread_create(
        author=staff_user,
        category=Category.objects.get(slug="smart-parkering"),
        title="Erfaringer med parkeringssensorer",
        body="Hvem har prøvet sensorer i asfalten?",
        enforce_rate_limit=False,
    )


@pytest.fixture
def moderator(db):
    """A moderator who has enrolled TOTP (admin requires it)."""
    from tests.factories import make_moderator

    return make_moderator(email="mod@example.com", display_name="Mod")


def pytest_configure(config):
    """Under pytest-xdist every worker gets a Redis database of its own for the cache: each
    test empties the cache (FLUSHDB), which must not wipe another worker's counters."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache_settings = settings.CACHES["default"]
    if worker.startswith("gw") and cache_settings["BACKEND"].endswith("RedisCache"):
        base, _, db = cache_settings["LOCATION"].rpartition("/")
        number = (int(db or 0) + int(worker[2:])) % 16
        cache_settings["LOCATION"] = f"{base}/{number}"


def pytest_collection_modifyitems(config, items):
    needs_postgres = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    for item in items:
        if needs_postgres and item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if not settings.CELERY_BROKER_URL and item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.skip(reason="needs a broker (set CELERY_BROKER_URL)"))
