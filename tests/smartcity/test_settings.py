import os
import subprocess
import sys

from tests.conftest import REPO_DIR

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "smartcity.example.dk",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_manage(*args, env_overrides=None, drop=()):
    drop = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for Playwright in tests only
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env_overrides=env, drop=("DJANGO_SECRET_KEY",))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_embedded_default_is_sqlite_locmem_console_mail_and_eager_tasks():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.EMAIL_BACKEND, s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        drop=("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CELERY_BROKER_URL", "DJANGO_DEBUG"),
    )
    assert result.returncode == 0, result.stderr
    engine, cache, email, eager, debug = result.stdout.split()[-5:]
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert eager == "True"
    assert debug == "True"


def test_production_mode_sends_security_headers(client, settings, db):
    # The middleware reads these settings per request, so switching them here exercises the
    # same code path production runs through.
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
