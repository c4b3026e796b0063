import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR

pytestmark = pytest.mark.django_db

# Run /healthz in a fresh process whose settings point at a service that is not there: the
# same code path as production, with nothing patched.
HEALTH_PROBE = (
    "import django, json; django.setup();"
    "from django.test import Client;"
    "r = Client().get('/healthz');"
    "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
)


def probe_health(**env_overrides):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "smartcity.settings", **env_overrides}
    env["DJANGO_ALLOWED_HOSTS"] = "testserver"
    result = subprocess.run(
        [sys.executable, "-c", HEALTH_PROBE],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_reports_every_service_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in ("ok", "eager")
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_it_answers_503_when_the_database_is_unreachable():
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    result = probe_health(DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result["status"] == 503
    assert result["body"]["database"] == "error"
    assert result["body"]["status"] == "error"


def test_it_answers_503_when_the_broker_is_unreachable():
    result = probe_health(CELERY_BROKER_URL="redis://127.0.0.1:9/0")
    assert result["status"] == 503
    assert result["body"]["broker"] == "error"
    assert result["body"]["database"] == "ok"


def test_it_reports_eager_mode_without_a_broker():
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env["CELERY_BROKER_URL"] = ""
    result = probe_health(**env)
    assert result["status"] == 200
    assert result["body"]["broker"] == "eager"
