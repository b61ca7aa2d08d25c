#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's chromium for the browser
# test, postgresql and postgis for the PostgreSQL store), start a throw-away PostgreSQL
# server for this run (stopped and removed on exit), then lint and run the whole suite.
# This is the README's test command.
#
# Where python3 refuses a system-wide pip install (Debian/Ubuntu's, PEP 668 "externally
# managed"), the packages go into a virtual environment, .venv, created on first use (with
# Debian's python3-venv installed if venv is missing). A python3 of its own (pyenv, a venv)
# is used as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
PY=python3
externally_managed() {
    python3 - <<'PYCODE'
import os, sys, sysconfig
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(marker) else 1)
PYCODE
}
if [ -x .venv/bin/python ]; then
    PY=.venv/bin/python
elif externally_managed; then
    python3 -c "import ensurepip, venv" 2>/dev/null || apt_packages+=(python3-venv)
    PY=.venv/bin/python
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
bash scripts/pg_cluster.sh install
if [ "$PY" = .venv/bin/python ] && [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
"$PY" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
"$PY" -m ruff check .
PG_DIR=$(mktemp -d /tmp/haiti-pg.XXXXXX)
trap 'bash scripts/pg_cluster.sh stop "$PG_DIR"' EXIT
trap 'exit 130' INT TERM
HAITI_MAP_TEST_PG=$(bash scripts/pg_cluster.sh start "$PG_DIR" --fast)
export HAITI_MAP_TEST_PG
"$PY" -m pytest "$@"
