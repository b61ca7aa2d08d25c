#!/usr/bin/env bash
# A throw-away PostgreSQL/PostGIS server for the tests and the benchmark.
#
#   scripts/pg_cluster.sh install            # Debian's postgresql and postgis, when missing
#   scripts/pg_cluster.sh start DIR [--fast]  # initdb + pg_ctl in DIR; prints the DSN
#   scripts/pg_cluster.sh stop DIR           # stop the server and remove DIR
#
# The server listens only on a unix socket inside DIR (no TCP port, nothing shared with
# other users of the machine) and trusts local connections: it is for one test run.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user
# (created by the Debian package). --fast turns off fsync: a crash loses the test data, and
# nothing else (the benchmark leaves it on, so its figures are those of a real server).
set -euo pipefail

bindir() {
    local initdb
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && dirname "$initdb"
}

have_postgis() {
    local bin version
    bin=$(bindir) || return 1
    version=$(basename "$(dirname "$bin")")
    [ -f "/usr/share/postgresql/$version/extension/postgis.control" ] &&
        [ -f "/usr/share/postgresql/$version/extension/pg_trgm.control" ]
}

as_owner() {  # run a server command as the cluster's owner
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
install)
    if ! bindir >/dev/null || ! have_postgis; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql postgis >/dev/null
    fi
    have_postgis || { echo "pg_cluster: postgresql/postgis not installed" >&2; exit 1; }
    ;;
start)
    dir=${2:?usage: pg_cluster.sh start DIR [--fast]}
    bin=$(bindir) || { echo "pg_cluster: no initdb; run '$0 install'" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    options="-c listen_addresses='' -k $dir -c max_connections=100"
    [ "${3:-}" = "--fast" ] && options="$options -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "$options" -l "$dir/server.log" -w -s start \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@/postgres?host=$dir"
    ;;
stop)
    dir=${2:?usage: pg_cluster.sh stop DIR}
    bin=$(bindir) || true
    if [ -n "${bin:-}" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -s stop || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 install | start DIR [--fast] | stop DIR" >&2
    exit 2
    ;;
esac
