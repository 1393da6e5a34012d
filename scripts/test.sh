#!/usr/bin/env bash
# The whole test suite against real PostgreSQL, real Redis and real headless Chromium.
# Installs and starts whatever is missing (Python packages, the services, the browser), then
# runs the quality gates and pytest. Extra arguments go to pytest: scripts/test.sh -k rls
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*" >&2; }

step "Python environment (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# The tested versions: every package pinned in requirements.lock (scripts/lock.sh makes it
# from pyproject.toml), then the project itself without resolving anything again.
deps_hash=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.deps-hash 2>/dev/null || true)" != "$deps_hash" ]; then
  .venv/bin/pip install --quiet -r requirements.lock
  .venv/bin/pip install --quiet --no-deps -e .
  echo "$deps_hash" > .venv/.deps-hash
fi

step "PostgreSQL, Redis and Chromium (scripts/services.sh)"
eval "$(scripts/services.sh)"
export DATABASE_URL MIGRATE_DATABASE_URL REDIS_URL CHROMIUM_PATH
export DJANGO_SETTINGS_MODULE=zorgroute.settings.test

step "ruff (lint and format)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "mypy (django-stubs)"
.venv/bin/mypy zorgroute groepsoverzicht groepsplan besprekingen izo_zat planning opbrengsten api

step "import contracts (import-linter)"
.venv/bin/lint-imports

step "makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run

step "check --deploy with production settings"
DJANGO_SETTINGS_MODULE=zorgroute.settings.prod \
DJANGO_SECRET_KEY="check-deploy-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" \
DJANGO_ALLOWED_HOSTS=zorgroute.example.nl \
ZORGROUTE_ENCRYPTION_KEYS="$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING

step "deduce lookup cache"
# The first Deduce() of a fresh venv builds its lookup structures and caches them in the
# package (about a minute); built once here, each test process then only loads them.
.venv/bin/python -c "from deduce import Deduce; Deduce()"

step "pytest"
# Two workers (pytest-xdist) on the two cores, each with its own test database (the name
# carries the process id). PYTEST_WORKERS=0 runs in one process.
.venv/bin/pytest -n "${PYTEST_WORKERS:-2}" --dist worksteal "$@"
