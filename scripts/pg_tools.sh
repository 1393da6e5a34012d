# Sourced by scripts/backup.sh and scripts/restore_drill.sh: the PostgreSQL client tools of
# the server's major version, found where scripts/services.sh finds the server binaries
# (PG_BIN), else on PATH; and the scripts' log and die (prefix LOG_PREFIX, die's exit
# status DIE_STATUS).
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { printf '[%s] %s\n' "${LOG_PREFIX:-pg}" "$*" >&2; }
die() { printf '[%s] FOUT: %s\n' "${LOG_PREFIX:-pg}" "$*" >&2; exit "${DIE_STATUS:-1}"; }

pg_tool() {
    if [ -x "${PG_BIN}/$1" ]; then
        echo "${PG_BIN}/$1"
    elif command -v "$1" >/dev/null 2>&1; then
        command -v "$1"
    else
        printf 'FOUT: %s niet gevonden (zet PG_BIN)\n' "$1" >&2
        return 1
    fi
}
