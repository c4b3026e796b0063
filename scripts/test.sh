#!/usr/bin/env bash
# Set everything up and run the whole test suite. Extra arguments go to pytest.
#
# With DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL/REDIS_URL (Redis) set, the tests run
# against those services, as CI does (.ci/run). Without them they fall back to SQLite and the
# tests that need the real services say so.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh dev

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing Chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "!! Chromium not found at $chromium: install Debian's chromium package (or set CHROMIUM_PATH)."
    exit 1
  fi
fi

if [ -z "${DATABASE_URL:-}" ]; then
  echo "==> No DATABASE_URL: testing against SQLite (set DATABASE_URL=postgres://... for PostgreSQL)"
fi
if [ -z "${CELERY_BROKER_URL:-}" ]; then
  echo "==> No CELERY_BROKER_URL: tasks run eagerly; tests that need a real broker are skipped"
fi
mkdir -p test-artifacts
# Two processes (pytest-xdist): the suite is CPU-bound and every worker gets its own test
# database and its own Redis cache database (tests/conftest.py).
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
