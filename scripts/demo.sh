#!/usr/bin/env bash
# The one-command demo: from a fresh clone with only Python 3.11 installed,
#
#     scripts/demo.sh            # then open http://127.0.0.1:8000
#     PORT=8080 scripts/demo.sh
#
# creates .venv (once), installs the pinned packages of requirements.lock and the project
# (again only when requirements.lock or pyproject.toml changed),
# migrates an SQLite database at var/demo.sqlite3, fills it with fresh demo data
# (`manage.py demo_data --reset`: the same data every run of the same day) and starts the
# development server. No PostgreSQL, no Redis: Celery tasks run inline.
#
# Environment: PORT (default 8000), PYTHON (interpreter to create .venv with),
# DEMO_SEED (default 42), DEMO_LEERLINGEN (default 300),
# DEMO_DATABASE_URL (default sqlite:///<repo>/var/demo.sqlite3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8000}"
VENV="$ROOT/.venv"
STAMP="$VENV/.zorgroute-pyproject.sha256"

log() { printf '[demo] %s\n' "$*" >&2; }
die() { printf '[demo] FOUT: %s\n' "$*" >&2; exit 1; }

# Python 3.11 (Django 5.2 LTS; pyproject allows >=3.11,<3.12).
find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null
        then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x "$VENV/bin/python" ]; then
    PY="$(find_python)" || die "Python 3.11 is nodig (zet PYTHON=/pad/naar/python3.11)."
    log "virtualenv maken in .venv met $PY"
    "$PY" -m venv "$VENV" || die "python -m venv mislukt (Debian/Ubuntu: apt install python3.11-venv)."
fi

sha256_of() {
    "$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}

# Keyed on the lock file (the pinned, tested versions) and pyproject.toml (the project).
WANT="$(sha256_of requirements.lock)-$(sha256_of pyproject.toml)"
HAVE="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$WANT" != "$HAVE" ] || ! "$VENV/bin/python" -c 'import django, zorgroute' 2>/dev/null; then
    log "afhankelijkheden installeren (eenmalig, duurt even)"
    "$VENV/bin/python" -m pip install --quiet -r requirements.lock
    "$VENV/bin/python" -m pip install --quiet --no-deps -e .
    echo "$WANT" > "$STAMP"
else
    log "afhankelijkheden zijn up-to-date"
fi

mkdir -p "$ROOT/var"
export DJANGO_SETTINGS_MODULE=zorgroute.settings.dev
export DATABASE_URL="${DEMO_DATABASE_URL:-sqlite:///$ROOT/var/demo.sqlite3}"
# The embedded default: no broker, tasks run eagerly in the request.
unset REDIS_URL CELERY_BROKER_URL
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"

PYTHON_BIN="$VENV/bin/python"
log "database migreren ($DATABASE_URL)"
"$PYTHON_BIN" manage.py migrate --no-input -v 0

log "demodata opnieuw opbouwen"
"$PYTHON_BIN" manage.py demo_data --reset \
    --seed "${DEMO_SEED:-42}" --leerlingen "${DEMO_LEERLINGEN:-300}"

cat <<EOF

Open http://127.0.0.1:${PORT} en log in met mentor@de-linde.demo en wachtwoord zorgroute-demo
(of een ander account uit de tabel hierboven; stoppen met Ctrl+C).

EOF

exec "$PYTHON_BIN" manage.py runserver "127.0.0.1:${PORT}"
