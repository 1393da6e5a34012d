#!/usr/bin/env bash
# Bring up the local services Zorgroute needs for development and tests:
#   - PostgreSQL 15 on 127.0.0.1:${ZR_PG_PORT:-54329} (own data dir, no systemd)
#   - Redis on 127.0.0.1:${ZR_REDIS_PORT:-63799} (daemonized)
#   - Chromium (headless PDF/e2e), WeasyPrint runtime libraries, poppler-utils
#   - Node.js and the test OpenID provider's npm packages (tests/oidc)
#
# Idempotent: installs only what is missing, starts only what is not running.
# Meant for Debian 12 as root. Progress goes to stderr; stdout carries only
# `export` lines, so a caller can do:
#
#     eval "$(scripts/services.sh)"
#
set -euo pipefail

PG_PORT="${ZR_PG_PORT:-54329}"
REDIS_PORT="${ZR_REDIS_PORT:-63799}"
PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
PG_DATA="${ZR_PG_DATA:-/var/tmp/zorgroute-pg}"
PG_SOCK_DIR="${ZR_PG_SOCK_DIR:-/var/tmp/zorgroute-pg-run}"
PG_LOG="${ZR_PG_LOG:-/var/tmp/zorgroute-pg.log}"
REDIS_DIR="${ZR_REDIS_DIR:-/var/tmp/zorgroute-redis}"
REDIS_PID="${REDIS_DIR}/redis.pid"
REDIS_LOG="${REDIS_DIR}/redis.log"
WAIT_SECONDS="${ZR_WAIT_SECONDS:-30}"

DB_NAME=zorgroute
# Two roles: the owner runs migrations and creates the test databases; the portal, its
# workers and the tests log in as the application role, which owns nothing, cannot bypass
# row-level security and cannot SET ROLE to the owner.
DB_OWNER=zorgroute
DB_OWNER_PASSWORD=zorgroute
DB_APP_ROLE=zorgroute_app
DB_APP_PASSWORD=zorgroute_app
# Backups (scripts/backup.sh): reads every row of every school (BYPASSRLS, pg_read_all_data)
# and can write nothing. pg_dump as the owner fails on the forced row-level security.
DB_BACKUP_ROLE=zorgroute_backup
DB_BACKUP_PASSWORD=zorgroute_backup

APT_PACKAGES=(
    postgresql
    redis-server
    chromium
    fonts-dejavu-core
    # WeasyPrint runtime (Debian 12 names)
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz0b
    libharfbuzz-subset0
    poppler-utils
)

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- packages --

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

ensure_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        log "apt packages: all present"
        return
    fi
    [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root; run as root"
    log "apt packages missing: ${missing[*]} (installing, this can take a few minutes)"
    local apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    export DEBIAN_FRONTEND=noninteractive
    apt-get "${apt_opts[@]}" update -qq >&2
    apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2
    log "apt packages installed"
}

# -------------------------------------------------------------- postgresql --

# Run a command as the postgres system user (PostgreSQL refuses to run as root).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        die "need root (or the postgres user) to manage the PostgreSQL cluster"
    fi
}

pg_ready() {
    "${PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

ensure_postgres() {
    [ -x "${PG_BIN}/pg_ctl" ] || die "PostgreSQL ${PG_VERSION} binaries not found in ${PG_BIN}"
    id postgres >/dev/null 2>&1 || die "system user 'postgres' does not exist (is the postgresql package installed?)"

    if [ "$(id -u)" -eq 0 ]; then
        install -d -o postgres -g postgres -m 0700 "$PG_DATA"
        install -d -o postgres -g postgres -m 0755 "$PG_SOCK_DIR"
        [ -e "$PG_LOG" ] || install -o postgres -g postgres -m 0640 /dev/null "$PG_LOG"
        chown postgres:postgres "$PG_LOG"
    fi

    if [ ! -s "${PG_DATA}/PG_VERSION" ]; then
        log "initdb ${PG_DATA}"
        as_postgres "${PG_BIN}/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >&2 </dev/null
    elif [ "$(cat "${PG_DATA}/PG_VERSION")" != "$PG_VERSION" ]; then
        die "${PG_DATA} holds a PostgreSQL $(cat "${PG_DATA}/PG_VERSION") cluster, expected ${PG_VERSION}"
    fi

    # Our settings live in their own file, rewritten on every run.
    as_postgres tee "${PG_DATA}/zorgroute.conf" >/dev/null <<EOF
# Managed by scripts/services.sh -- test/dev cluster, NOT crash safe.
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '${PG_SOCK_DIR}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
# Tests commit a small shared world once and then write far more in each rolled-back test.
# Statistics that autovacuum takes of the small world make the planner pick nested loops
# that take minutes on a test's data; without them it estimates from the table's size.
autovacuum = off
EOF
    if ! grep -q "^include_if_exists = 'zorgroute.conf'" "${PG_DATA}/postgresql.conf"; then
        printf "\ninclude_if_exists = 'zorgroute.conf'\n" | as_postgres tee -a "${PG_DATA}/postgresql.conf" >/dev/null
    fi

    if pg_ready; then
        log "postgresql: already answering on 127.0.0.1:${PG_PORT} (reloading its settings)"
        as_postgres "${PG_BIN}/pg_ctl" -D "$PG_DATA" reload >&2 </dev/null
    elif as_postgres "${PG_BIN}/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        log "postgresql: running but not answering yet on 127.0.0.1:${PG_PORT}"
    else
        log "postgresql: starting on 127.0.0.1:${PG_PORT} (log: ${PG_LOG})"
        as_postgres "${PG_BIN}/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_SECONDS" start \
            >&2 </dev/null || { tail -n 20 "$PG_LOG" >&2 || true; die "pg_ctl start failed (see ${PG_LOG})"; }
    fi
}

wait_postgres() {
    local i
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        pg_ready && return 0
        sleep 1
    done
    tail -n 20 "$PG_LOG" >&2 || true
    die "PostgreSQL did not answer on 127.0.0.1:${PG_PORT} within ${WAIT_SECONDS}s (see ${PG_LOG})"
}

ensure_roles_and_db() {
    log "postgresql: ensuring roles ${DB_OWNER}, ${DB_APP_ROLE} and database ${DB_NAME}"
    as_postgres "${PG_BIN}/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$PG_SOCK_DIR" -p "$PG_PORT" -U postgres -d postgres >&2 <<SQL
SET client_min_messages = error;
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DB_OWNER}') THEN
        CREATE ROLE ${DB_OWNER};
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DB_APP_ROLE}') THEN
        CREATE ROLE ${DB_APP_ROLE};
    END IF;
END
\$\$;
-- Enforce the attributes every run (cheap, and repairs drift).
ALTER ROLE ${DB_OWNER} LOGIN PASSWORD '${DB_OWNER_PASSWORD}' CREATEDB
    NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOREPLICATION;
ALTER ROLE ${DB_APP_ROLE} LOGIN PASSWORD '${DB_APP_PASSWORD}' NOSUPERUSER NOBYPASSRLS
    NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION;
-- Neither role may become the other (the first build let the owner drop to the app role).
REVOKE ${DB_APP_ROLE} FROM ${DB_OWNER};
REVOKE ${DB_OWNER} FROM ${DB_APP_ROLE};
-- The backup role (issue 19): reads everything, writes nothing, owns nothing.
SELECT 'CREATE ROLE ${DB_BACKUP_ROLE}'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DB_BACKUP_ROLE}')
\gexec
ALTER ROLE ${DB_BACKUP_ROLE} LOGIN PASSWORD '${DB_BACKUP_PASSWORD}' BYPASSRLS INHERIT
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
GRANT pg_read_all_data TO ${DB_BACKUP_ROLE};
SELECT format('CREATE DATABASE %I OWNER %I', '${DB_NAME}', '${DB_OWNER}')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}')
\gexec
SQL
}

# ------------------------------------------------------------------- redis --

redis_ready() {
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]
}

ensure_redis() {
    command -v redis-server >/dev/null || die "redis-server not found"
    command -v redis-cli >/dev/null || die "redis-cli not found"
    if redis_ready; then
        log "redis: already answering on 127.0.0.1:${REDIS_PORT}"
        return
    fi
    mkdir -p "$REDIS_DIR"
    if [ -s "$REDIS_PID" ] && kill -0 "$(cat "$REDIS_PID")" 2>/dev/null; then
        log "redis: pid $(cat "$REDIS_PID") running but not answering yet"
        return
    fi
    rm -f "$REDIS_PID"
    log "redis: starting on 127.0.0.1:${REDIS_PORT} (log: ${REDIS_LOG})"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
        --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" --dir "$REDIS_DIR" \
        --save '' --appendonly no </dev/null >&2 \
        || { tail -n 20 "$REDIS_LOG" >&2 || true; die "redis-server failed to start (see ${REDIS_LOG})"; }
}

wait_redis() {
    local i
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        redis_ready && return 0
        sleep 1
    done
    tail -n 20 "$REDIS_LOG" >&2 || true
    die "Redis did not answer on 127.0.0.1:${REDIS_PORT} within ${WAIT_SECONDS}s (see ${REDIS_LOG})"
}

# ---------------------------------------------------------------- chromium --

find_chromium() {
    local c
    for c in chromium chromium-browser google-chrome; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    die "no chromium binary found on PATH"
}

# ------------------------------------------------- the test OpenID provider --
# The school sign-in tests start a real OpenID provider on Node (tests/oidc/provider.mjs).
ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        APT_PACKAGES=(nodejs npm)
        ensure_packages
    fi
    local dir
    dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/oidc"
    if [ ! -d "${dir}/node_modules/oidc-provider" ]; then
        log "npm ci in ${dir}"
        (cd "$dir" && npm ci --omit=dev --no-audit --no-fund >&2)
    fi
    log "node $(node --version), test OpenID provider packages present"
}

# -------------------------------------------------------------------- main --

ensure_packages
ensure_node
ensure_postgres
ensure_redis
wait_postgres
ensure_roles_and_db
wait_redis
CHROMIUM="$(find_chromium)"
log "ready: postgresql 127.0.0.1:${PG_PORT}, redis 127.0.0.1:${REDIS_PORT}, chromium ${CHROMIUM}"

printf "export DATABASE_URL='postgres://%s:%s@127.0.0.1:%s/%s'\n" \
    "$DB_APP_ROLE" "$DB_APP_PASSWORD" "$PG_PORT" "$DB_NAME"
printf "export MIGRATE_DATABASE_URL='postgres://%s:%s@127.0.0.1:%s/%s'\n" \
    "$DB_OWNER" "$DB_OWNER_PASSWORD" "$PG_PORT" "$DB_NAME"
printf "export BACKUP_DATABASE_URL='postgres://%s:%s@127.0.0.1:%s/%s'\n" \
    "$DB_BACKUP_ROLE" "$DB_BACKUP_PASSWORD" "$PG_PORT" "$DB_NAME"
printf "export REDIS_URL='redis://127.0.0.1:%s/0'\n" "$REDIS_PORT"
printf "export CHROMIUM_PATH='%s'\n" "$CHROMIUM"
