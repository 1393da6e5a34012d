#!/usr/bin/env bash
# Regenerate requirements.lock from pyproject.toml (the dependencies and the dev extra):
# every package the portal and its tests install, pinned to one version, so a fresh machine
# gets the versions that were tested. scripts/test.sh and scripts/demo.sh install from it.
#
#     scripts/lock.sh                      # after changing pyproject.toml's dependencies
#     scripts/lock.sh --upgrade            # move every pin to the newest allowed version
#     scripts/lock.sh --upgrade-package django
#
# Pins already in requirements.lock are kept while pyproject.toml allows them (pip-compile's
# default); extra arguments go to pip-compile. Needs pip-tools (the dev extra).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
if ! "$PYTHON" -m piptools compile --help >/dev/null 2>&1; then
    echo "[lock] pip-tools ontbreekt: $PYTHON -m pip install 'pip-tools>=7.4,<8'" >&2
    exit 1
fi

# The header of the lock file names this script, not pip-compile's own command line.
export CUSTOM_COMPILE_COMMAND="scripts/lock.sh"
"$PYTHON" -m piptools compile \
    --quiet \
    --extra dev \
    --strip-extras \
    --allow-unsafe \
    --no-emit-index-url \
    --no-emit-find-links \
    --output-file requirements.lock \
    pyproject.toml "$@"
echo "[lock] requirements.lock bijgewerkt" >&2
