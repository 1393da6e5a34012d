#!/usr/bin/env bash
# A backup of the Zorgroute database: pg_dump in custom format (-Fc: compressed, restorable
# table by table with pg_restore).
#
#     scripts/backup.sh [--database NAME] [--output FILE]
#
# Connects with BACKUP_DATABASE_URL: the backup role (zorgroute_backup, made by
# scripts/services.sh and docker/initdb/01-roles.sql). It reads every school's rows
# (BYPASSRLS, pg_read_all_data) and can change nothing. The owner cannot make this dump:
# row-level security is FORCEd on every tenant table, for the owner too, and pg_dump
# refuses to dump a table that a policy would filter.
#
# The file holds the care data of every school: it is written with mode 0600 and belongs on
# encrypted storage, kept no longer than the restore needs (docs/security.md, "Back-ups").
# Prints the path of the dump on stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

LOG_PREFIX=backup
DIE_STATUS=1
# shellcheck source=scripts/pg_tools.sh
. scripts/pg_tools.sh

DATABASE=""
OUTPUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --database) DATABASE="$2"; shift 2 ;;
        --output) OUTPUT="$2"; shift 2 ;;
        *) die "onbekende optie $1 (gebruik: --database NAAM --output BESTAND)" ;;
    esac
done

: "${BACKUP_DATABASE_URL:?zet BACKUP_DATABASE_URL (de back-uprol, zie scripts/services.sh)}"
URL="$BACKUP_DATABASE_URL"
# Another database on the same server: replace the last path segment of the URL.
[ -z "$DATABASE" ] || URL="${URL%/*}/${DATABASE}"
DATABASE="${URL##*/}"
if [ -z "$OUTPUT" ]; then
    mkdir -p var/backups
    OUTPUT="var/backups/${DATABASE}-$(date -u +%Y%m%dT%H%M%SZ).dump"
fi

umask 077
log "pg_dump van ${DATABASE} naar ${OUTPUT}"
"$(pg_tool pg_dump)" --format=custom --no-password --file="$OUTPUT" --dbname="$URL" </dev/null
log "klaar: $(du -h "$OUTPUT" | cut -f1)"
echo "$OUTPUT"
