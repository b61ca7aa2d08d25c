"""Copy a whole store into an empty one, of either backend: SQLite -> PostgreSQL to start a
team's shared store from an analyst's file, PostgreSQL -> SQLite to take a copy into the
field offline (``python -m incidents migrate --to LOCATION``).

Every table is copied as it is (articles, reports, reviews, unplaced names, the merged
incidents and their source and actor links), so ids, reviews and merges stay exactly what
they were; the copy is one write transaction of the destination, and the row count of every
table is compared with the source's before it commits.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple

from errors import StoreError
from incidents.store.rows import INCIDENT_COLUMNS, REPORT_FIELDS
from incidents.store.sqlite import SQLiteStore

CHUNK = 10_000  # rows read and written at a time

# In the order foreign keys need them.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("articles", ("id", "name", "date", "text", "ingested_at", "imported", "source")),
    ("reports", ("seq", "key", "article_id", "block", "extract_id", *REPORT_FIELDS,
                 "verified")),
    ("reviews", ("report_key", "state", "edits", "at", "reviewer")),
    ("incident_history", ("seq", "incident_id", "version", "at", "reviewer", "field", "old",
                          "new")),
    ("review_looks", ("id", "incident_id", "article", "at", "state", "edits", "reviewer", "old",
                      "done")),
    ("unplaced", ("article_id", "text", "sentence", "start", "reason")),
    ("incidents", ("rowid", *INCIDENT_COLUMNS)),
    ("incident_sources", ("incident_id", "report_seq", "position")),
    ("incident_actors", ("incident_id", "actor", "incident_rowid")),
)
# Column kinds SQLite keeps as text or integers: (table, column) -> kind.
DATES = ("date", "article_date", "event_date", "date_start", "date_end")
KINDS: dict[tuple[str, str], str] = {
    **{(t, c): "date" for t, cols in TABLES for c in cols if c in DATES},
    ("reports", "actors"): "json", ("incidents", "sources"): "json",
    ("reviews", "edits"): "json", ("reports", "verified"): "bool",
    ("articles", "imported"): "bool", ("review_looks", "edits"): "json",
    ("review_looks", "old"): "json", ("review_looks", "done"): "bool",
}


class Copied(NamedTuple):
    table: str
    rows: int


def _from_sqlite(kind: str | None, value: Any) -> Any:
    if value is None or kind is None:
        return value
    if kind == "date":
        return date.fromisoformat(value)
    return json.loads(value) if kind == "json" else bool(value)


def _to_sqlite(kind: str | None, value: Any) -> Any:
    if value is None or kind is None:
        return value
    if kind == "date":
        return value.isoformat()
    if kind == "json":
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return int(value)


def _kinds(table: str, columns: tuple[str, ...]) -> list[str | None]:
    return [KINDS.get((table, c)) for c in columns]


def _read(store: Any, table: str, columns: tuple[str, ...], conn: Any) -> Iterator[list]:
    """The table's rows with dates as dates, JSON parsed and flags as booleans."""
    sql = f"SELECT {', '.join(columns)} FROM {table}"
    if isinstance(store, SQLiteStore):
        kinds = _kinds(table, columns)
        cursor = conn.execute(sql + " ORDER BY rowid")
        for rows in iter(lambda: cursor.fetchmany(CHUNK), []):
            yield [tuple(_from_sqlite(k, v) for k, v in zip(kinds, r, strict=True))
                   for r in rows]
    else:
        with conn.cursor(name=f"copy_{table}") as cursor:
            cursor.execute(sql)
            yield from iter(lambda: cursor.fetchmany(CHUNK), [])


def _write(store: Any, table: str, columns: tuple[str, ...], chunks: Iterable[list],
           conn: Any, gen: int | None) -> int:
    """Insert the rows; returns how many."""
    n = 0
    kinds = _kinds(table, columns)
    if isinstance(store, SQLiteStore):
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for rows in chunks:
            conn.executemany(sql, [tuple(_to_sqlite(k, v) for k, v in zip(kinds, r, strict=True))
                                   for r in rows])
            n += len(rows)
        return n
    extra = ("gen",) if table == "incidents" else ()
    with conn.cursor().copy(f"COPY {table} ({', '.join((*columns, *extra))}) "
                            "FROM STDIN") as copy:
        for rows in chunks:
            for r in rows:
                copy.write_row([json.dumps(v, ensure_ascii=False) if k == "json" else v
                                for k, v in zip(kinds, r, strict=True)] + ([gen] if extra else []))
            n += len(rows)
    return n


def _count(conn: Any, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def copy_store(source: Any, dest: Any) -> list[Copied]:
    """Copy every table of ``source`` into the empty store ``dest`` (StoreError if it holds
    anything, or if a count differs after the copy: then nothing is written)."""
    reading = _sqlite_snapshot(source) if isinstance(source, SQLiteStore) else source._snapshot()
    with reading as src, dest._tx() as (db, gen):
        if isinstance(dest, SQLiteStore):
            gen = None  # no generation column to fill
        held = sum(_count(db, t) for t in ("articles", "reviews", "incidents"))
        if held:
            raise StoreError(f"{dest.path}: holds data already; migrate copies into an empty "
                             f"store")
        copied = []
        for table, columns in TABLES:
            n = _write(dest, table, columns, _read(source, table, columns, src), db, gen)
            expected, got = _count(src, table), _count(db, table)
            if not n == expected == got:
                raise StoreError(f"{dest.path}: {table}: copied {got} rows of {expected}; "
                                 f"nothing written")
            copied.append(Copied(table, got))
        if gen is not None:  # PostgreSQL: numbering goes on after the copied rows
            db.execute("SELECT setval('incident_rowid', greatest(1, "
                       "(SELECT max(rowid) FROM incidents)))")
            db.execute("UPDATE meta SET value = (SELECT coalesce(max(seq), 0) FROM reports) "
                       "WHERE key = 'report_seq'")
            for table, column in (("incident_history", "seq"), ("review_looks", "id")):
                db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                           f"(SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)")
    return copied


@contextmanager
def _sqlite_snapshot(store: SQLiteStore) -> Iterator[Any]:
    """One read transaction of a SQLite store, so its tables agree with each other (as
    PgReading._snapshot for PostgreSQL)."""
    with store._lock:
        store._db.execute("BEGIN")
        try:
            yield store._db
        finally:
            store._db.execute("COMMIT")
