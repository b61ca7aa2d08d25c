"""The team store: PostgreSQL with PostGIS, for several analysts ingesting and reviewing at
once from different machines (``HAITI_MAP_DB=postgresql://user@host/db``).

It keeps the SQLite store's tables (pg_schema.py) and rules: ingesting (ingesting.py) and
reviewing (reviewing.py) are the same steps, in PostgreSQL's dialect (``%s`` placeholders,
lists as arrays, dates as dates, reports and incidents written by COPY), over the pure merge
(merge.py) and review (review.py) logic and the same filter definition (query.py).
Concurrency: articles are extracted outside any transaction; each batch of them, and each
review, is then one transaction that starts by bumping the store's generation, whose row
lock makes writers take turns (two ingests of one article: the second finds it stored; no
incident is written twice) while readers never wait (MVCC). Reading (queries, counts,
sources) is in pg_reading.py.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from errors import StoreError
from incidents.model import Article, Incident
from incidents.store import merge as merging
from incidents.store.backend import Dialect
from incidents.store.base import Extractor
from incidents.store.cache import FrameCache
from incidents.store.ingesting import Ingesting, Touched
from incidents.store.pg_reading import PgReading
from incidents.store.pg_schema import open_schema
from incidents.store.reviewing import Reviewing
from incidents.store.rows import ACTORS_AT, INCIDENT_COLUMNS, REPORT_FIELDS

POOL_SIZE = 4  # connections per process: the app's sessions share them
# Deleted incident ids are kept this many generations for readers' copies to catch up with;
# an older copy reloads whole.
KEEP_DELETIONS = 1000

POSTGRES = Dialect(
    placeholder="%s",
    member="{column} = ANY(?)",
    ids=list,
    day=lambda day: day,
    json=lambda value: value,  # jsonb comes back parsed
    upsert_review="INSERT INTO reviews (report_key, state, edits, at, reviewer) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (report_key) DO UPDATE SET "
                  "state = excluded.state, edits = excluded.edits, at = excluded.at, "
                  "reviewer = excluded.reviewer",
    lock_row=" FOR UPDATE",
)


def safe_location(url: str) -> str:
    """The URL without its password, for messages and the CLI's output."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresStore(Ingesting, Reviewing, PgReading):
    """See incidents.store.base.Store."""

    dialect = POSTGRES

    def __init__(self, url: str, extractor: Extractor | None = None,
                 gazetteer: Any = None, timeout: float = 30.0,
                 read_only: bool | None = None) -> None:
        self.url = url
        self.timeout = timeout  # seconds a write waits for another writer's turn
        self.path = safe_location(url)  # what messages and the CLI show
        self._extractor = extractor
        self._gaz = gazetteer
        self._gaz_loaded = gazetteer is not None
        self._lock = threading.RLock()  # guards the in-memory copy
        self._cache = FrameCache()
        try:  # one plain connection first: a wrong URL fails now, with the server's reason
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot connect to the incident store: "
                             f"{exc}") from exc
        try:
            with conn:
                self.read_only = open_schema(conn, self.path, read_only)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot open the incident store: {exc}") from exc
        # connections are checked when taken: a server restart costs no user an error
        self._pool = ConnectionPool(url, min_size=1, max_size=POOL_SIZE, open=True,
                                    kwargs={"autocommit": True}, name="haiti-map",
                                    check=ConnectionPool.check_connection)

    # -- plumbing --------------------------------------------------------------------------
    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _tx(self) -> Iterator[tuple[psycopg.Connection, int]]:
        """One write transaction and its generation; the generation row stays locked until
        commit, so writers take turns and generations commit in order."""
        if self.read_only:
            raise StoreError(f"{self.path}: the store is read-only (this database role may not "
                             f"write to it): reads and exports work, nothing can be saved")
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute(f"SET LOCAL lock_timeout = {max(1, int(self.timeout * 1000))}")
                gen = conn.execute("UPDATE meta SET value = value + 1 WHERE key = "
                                   "'generation' RETURNING value").fetchone()[0]
                yield conn, gen
        except psycopg.errors.LockNotAvailable as exc:
            raise StoreError(
                f"{self.path}: the store is busy: another program (an ingest or import) held "
                f"the write lock for {self.timeout:g} s; nothing was saved, try again in a "
                f"moment") from exc
        except psycopg.Error as exc:  # the pool's errors too (no connection to be had)
            raise StoreError(f"{self.path}: write failed, nothing changed: {exc}") from exc

    # -- the steps of ingesting and reviewing that are PostgreSQL's own -------------------
    def _read(self) -> Any:
        return self._connection()

    def _stored_articles(self) -> list[Article]:
        with self._connection() as conn:
            return [Article(name, day, text, id_, source if source != name else "")
                    for id_, name, day, text, source in conn.execute(
                        "SELECT id, name, date, text, source FROM articles WHERE NOT "
                        "imported ORDER BY ingested_at, id")]

    def _first_seq(self, db: psycopg.Connection) -> int:
        [(last_seq,)] = db.execute("SELECT value FROM meta WHERE key = 'report_seq'")
        return last_seq + 1

    def _batch_done(self, db: psycopg.Connection, gen: int, touched: Touched) -> None:
        """Keep the report numbering, and prune the deletion log now and then."""
        db.execute("UPDATE meta SET value = %s WHERE key = 'report_seq'",
                   (touched.next_seq - 1,))
        if gen % 100 == 0:
            db.execute("DELETE FROM incident_deletions WHERE gen <= %s",
                       (gen - KEEP_DELETIONS,))
            db.execute("UPDATE meta SET value = %s WHERE key = 'deletions_from'",
                       (max(0, gen - KEEP_DELETIONS),))

    def _insert(self, db: psycopg.Connection, table: str, columns: Sequence[str],
                rows: list) -> None:
        if rows:
            with db.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)

    def _new_rowids(self, db: psycopg.Connection, n: int) -> Iterable[int]:
        return [r[0] for r in db.execute(
            "SELECT nextval('incident_rowid') FROM generate_series(1, %s)", (n,))]

    incident_table_columns = ("rowid", *INCIDENT_COLUMNS, "gen")

    def _incident_values(self, rowid: int, row: list, gen: int) -> tuple:
        return (rowid, *row, gen)

    def _sources(self, db: psycopg.Connection, where: str, params: Sequence) -> list:
        """Stored reports as merge Sources."""
        out = []
        for key, seq, verified, *v in self._execute(
                db, f"SELECT key, seq, verified, extract_id, {', '.join(REPORT_FIELDS)} "
                    f"FROM reports WHERE {where}", params):
            v[ACTORS_AT + 1] = tuple(v[ACTORS_AT + 1])
            out.append(merging.Source(key, seq, Incident(*v), verified))
        return out

    def revision(self) -> int:
        """The store's write generation: changes with every committed write (a cache key)."""
        with self._connection() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
