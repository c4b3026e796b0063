#!/usr/bin/env bash
# Set everything up and run the site locally on the embedded default: SQLite under var/,
# tasks run eagerly, demo content seeded, demo logins printed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh site
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
echo "==> Migrating the database"
.venv/bin/python manage.py migrate --noinput -v0
echo "==> Seeding demo content"
.venv/bin/python manage.py seed_demo
echo "==> Serving http://127.0.0.1:8000 (Ctrl+C stops)"
exec .venv/bin/python manage.py runserver "${ADDRPORT:-127.0.0.1:8000}"
