#!/usr/bin/env bash
# Create the virtual environment and install what the site (or, with "dev", the tests) need.
# Installs again only when a requirements file has changed.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-site}
requirements=requirements.txt
[ "$kind" = dev ] && requirements=requirements-dev.txt

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi

stamp=".venv/.installed-$kind"
digest=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "==> Installing $requirements"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$requirements"
  echo "$digest" > "$stamp"
fi
mkdir -p var
