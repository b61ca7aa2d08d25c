"""A throw-away PostgreSQL/PostGIS server for the benchmark, started and stopped by the same
script as the tests' (scripts/pg_cluster.sh), with fsync on: figures of a real server.

Set $HAITI_BENCH_PG to a server URL to measure that server instead (nothing is started).
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg_cluster.sh"


@contextmanager
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server (its ``postgres`` database) for the block."""
    if os.environ.get("HAITI_BENCH_PG"):
        yield os.environ["HAITI_BENCH_PG"]
        return
    subprocess.run(["bash", str(SCRIPT), "install"], check=True)
    folder = tempfile.mkdtemp(prefix="haiti-pg.", dir="/tmp")  # short: a socket lives there
    try:
        started = subprocess.run(["bash", str(SCRIPT), "start", folder], check=True,
                                 capture_output=True, text=True)
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", folder], check=False)


def new_database(server: str, name: str) -> str:
    """A new, empty database on ``server`` (dropped first if it exists); its URL."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlsplit(server)._replace(path=f"/{name}").geturl()
