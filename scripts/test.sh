#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's chromium for the browser
# test, postgresql and postgis for the PostgreSQL store), start a throw-away PostgreSQL
# server for this run (stopped and removed on exit), then lint and run the whole suite.
# This is the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
bash scripts/pg_cluster.sh install
python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
PG_DIR=$(mktemp -d /tmp/haiti-pg.XXXXXX)
trap 'bash scripts/pg_cluster.sh stop "$PG_DIR"' EXIT
trap 'exit 130' INT TERM
HAITI_MAP_TEST_PG=$(bash scripts/pg_cluster.sh start "$PG_DIR" --fast)
export HAITI_MAP_TEST_PG
python3 -m pytest "$@"
