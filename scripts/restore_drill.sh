#!/usr/bin/env bash
# The restore drill: back up a database, restore the dump into a fresh database and check
# that nothing was lost.
#
#     scripts/restore_drill.sh [--database NAME] [--dump FILE] [--keep] [--sample N]
#
#   1. scripts/backup.sh makes the dump (as the backup role), unless --dump names one;
#   2. the owner (MIGRATE_DATABASE_URL) creates <NAME>_herstel_<time> and pg_restores the
#      dump into it (tables, rows, keys, row-level security, policies, grants);
#   3. scripts/restore_check.py compares source and restore: row counts of every table,
#      N random rows of every table field by field (default 20), the RLS flags, policies,
#      grants, constraints, indexes, sequences and extensions;
#   4. the restored database is dropped again, unless --keep.
#
# Exit status 0 only when everything matches; the report goes to stdout.
# Environment: BACKUP_DATABASE_URL (backup role), MIGRATE_DATABASE_URL (owner), both on the
# same server; PG_BIN (default /usr/lib/postgresql/15/bin); PYTHON (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

LOG_PREFIX=herstel
DIE_STATUS=2
# shellcheck source=scripts/pg_tools.sh
. scripts/pg_tools.sh
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3

DATABASE=""
DUMP=""
KEEP=0
SAMPLE=20
while [ $# -gt 0 ]; do
    case "$1" in
        --database) DATABASE="$2"; shift 2 ;;
        --dump) DUMP="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --sample) SAMPLE="$2"; shift 2 ;;
        *) die "onbekende optie $1" ;;
    esac
done

: "${BACKUP_DATABASE_URL:?zet BACKUP_DATABASE_URL (de back-uprol)}"
: "${MIGRATE_DATABASE_URL:?zet MIGRATE_DATABASE_URL (de eigenaar)}"
SOURCE_URL="$BACKUP_DATABASE_URL"
[ -z "$DATABASE" ] || SOURCE_URL="${SOURCE_URL%/*}/${DATABASE}"
DATABASE="${SOURCE_URL##*/}"
RESTORED="${DATABASE}_herstel_$(date -u +%Y%m%d%H%M%S)"
OWNER_MAINTENANCE_URL="${MIGRATE_DATABASE_URL%/*}/postgres"
OWNER_RESTORED_URL="${MIGRATE_DATABASE_URL%/*}/${RESTORED}"
RESTORED_READ_URL="${BACKUP_DATABASE_URL%/*}/${RESTORED}"

WORKDIR="$(mktemp -d)"
cleanup() {
    rm -rf "$WORKDIR"
    if [ "$KEEP" -eq 0 ]; then
        "$(pg_tool dropdb)" --if-exists --no-password --maintenance-db="$OWNER_MAINTENANCE_URL" \
            "$RESTORED" </dev/null || log "kon ${RESTORED} niet verwijderen"
    fi
}
trap cleanup EXIT

if [ -z "$DUMP" ]; then
    DUMP="$(scripts/backup.sh --database "$DATABASE" --output "$WORKDIR/backup.dump")"
fi

log "nieuwe database ${RESTORED} (eigenaar)"
"$(pg_tool createdb)" --no-password --maintenance-db="$OWNER_MAINTENANCE_URL" "$RESTORED" </dev/null
log "pg_restore van $(basename "$DUMP")"
"$(pg_tool pg_restore)" --no-owner --exit-on-error --no-password \
    --dbname="$OWNER_RESTORED_URL" "$DUMP" </dev/null

[ "$KEEP" -eq 0 ] || echo "Herstelde database: ${RESTORED}"
"$PYTHON" scripts/restore_check.py --sample "$SAMPLE" "$SOURCE_URL" "$RESTORED_READ_URL"
