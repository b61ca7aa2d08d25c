"""What the two backends share below the Store interface: the :class:`Dialect` each one
spells its SQL in, and :class:`Backend`, the base of the shared ingesting (ingesting.py)
and reviewing (reviewing.py) logic.

The shared logic writes its SQL once, with ``?`` placeholders and :meth:`Dialect.any_of`
for "a column in a list"; each backend (sqlite.py, postgres.py) gives its dialect and the
few steps that differ in more than spelling: its transactions, bulk inserts, row numbers
and how stored values read back.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Self

from errors import CrisisMapError
from incidents.model import Article, Extraction
from incidents.store import merge as merging
from incidents.store.base import Extractor
from incidents.store.review_edits import ReviewRecord


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one backend spells what the shared logic asks."""

    placeholder: str  # what stands for a parameter: "?" (SQLite) or "%s" (psycopg)
    member: str  # "{column} is in the list parameter", e.g. "{column} = ANY(?)"
    ids: Callable[[Sequence], Any]  # a list parameter, as the backend binds it
    day: Callable[[date], Any]  # a date parameter, as the backend binds it
    json: Callable[[Any], Any]  # a stored JSON value, as Python reads it back
    upsert_review: str  # insert or replace the reviews row of a report key (5 parameters)
    lock_row: str = ""  # what locks the incident row a review rewrites, until commit

    def sql(self, text: str) -> str:
        """``text``, written with ``?`` placeholders, in this dialect."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def any_of(self, column: str) -> str:
        """The condition 'column is one of the list parameter' (see :attr:`ids`)."""
        return self.member.format(column=column)


class Backend:
    """The base of both stores: the gazetteer and extractor they are given, and the SQL
    steps every shared method uses. Subclasses set :attr:`dialect` and provide the hooks
    below."""

    dialect: Dialect
    path: Any
    _extractor: Extractor | None
    _gaz: Any
    _gaz_loaded: bool

    # -- hooks each backend provides -------------------------------------------------------
    def close(self) -> None:
        """Release the connection(s)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tx(self) -> AbstractContextManager[tuple[Any, int]]:
        """One write transaction: (connection, the store's write generation)."""
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Any]:
        """A connection for a few reads outside any write."""
        raise NotImplementedError

    def _sources(self, db: Any, where: str, params: Sequence) -> list[merging.Source]:
        """Stored reports as merge Sources (``where`` in the ``?`` style)."""
        raise NotImplementedError

    def _insert(self, db: Any, table: str, columns: Sequence[str], rows: list) -> None:
        """Insert many rows at once."""
        raise NotImplementedError

    def _rewrote(self, ids: set[str]) -> None:
        """This connection rewrote these incidents (an in-memory copy may re-read them)."""

    # -- shared steps ----------------------------------------------------------------------
    def _execute(self, db: Any, sql: str, params: Sequence = ()) -> Any:
        """Run ``sql`` (``?`` placeholders) on ``db``; the cursor."""
        return db.execute(self.dialect.sql(sql), params)

    def _execute_many(self, db: Any, sql: str, rows: list) -> None:
        db.cursor().executemany(self.dialect.sql(sql), rows)

    def _reviews(self, db: Any, keys: Sequence[str]) -> dict[str, ReviewRecord]:
        d = self.dialect
        rows = self._execute(db, "SELECT report_key, state, edits, at, reviewer FROM reviews "
                                 f"WHERE {d.any_of('report_key')}", (d.ids(list(keys)),))
        return {k: ReviewRecord(s, d.json(e), at, who) for k, s, e, at, who in rows}

    def _extract(self, article: Article) -> Extraction:
        if self._extractor is None:
            from incidents.extract import extract  # the real one, only when needed
            self._extractor = extract
        return self._extractor(article)

    def gazetteer(self) -> Any:
        """The gazetteer given to open_store, else the default one if it loads, else None
        (``gazetteer=False`` means none: merging then uses its fallback rules)."""
        if not self._gaz_loaded:
            self._gaz_loaded = True
            try:
                from geo.gazetteer import load_gazetteer
                self._gaz = load_gazetteer()
            except (ImportError, CrisisMapError, OSError):
                self._gaz = None
        return self._gaz or None

    def _contains(self) -> merging.Contains | None:
        gaz = self.gazetteer()
        if not hasattr(gaz, "contains"):
            return None

        known: dict[tuple[str, str], bool | None] = {}  # merging asks the same pairs often

        def contains(outer: str, inner: str) -> bool | None:
            if (outer, inner) not in known:
                try:
                    known[outer, inner] = bool(gaz.contains(gaz.get(outer), gaz.get(inner)))
                except (KeyError, LookupError, ValueError):
                    known[outer, inner] = None
            return known[outer, inner]
        return contains

    def _lookup_place(self, place_id: str):
        gaz = self.gazetteer()
        if gaz is None:
            raise ValueError("place_id: no gazetteer available to look the place up")
        return gaz.get(place_id)


def iso_day(value: date | str) -> str:
    """A stored date as YYYY-MM-DD (SQLite gives text, PostgreSQL a date)."""
    return value if isinstance(value, str) else value.isoformat()

