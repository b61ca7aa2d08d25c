"""The incident store: ingest articles, merge duplicate reports, keep reviews, query.

``open_store(location)`` picks the backend by the location: a ``postgresql://`` URL opens
the shared team store on PostgreSQL/PostGIS (postgres.py), anything else is the file of the
embedded SQLite store (sqlite.py). The app and the CLI use only the
:class:`~incidents.store.base.Store` interface, never SQL.

Owns: what is stored and how. The interface (base.py); the steps both backends share,
written once: ingesting (ingesting.py) and reviewing (reviewing.py), over the dialect each
backend spells its SQL in (backend.py) and the rows it stores (rows.py); the pure rules of
merging (merge.py) and reviews (review.py); the one filter definition (query.py); each
backend's own connection, schema and reading side (sqlite.py, schema.py, reading.py;
postgres.py, pg_schema.py, pg_reading.py), their shared in-memory copy (cache.py,
snapshot.py); copying between them (copy.py) and the CLI commands (cli.py).
May import: the incident model, filters, taxonomy and window (incidents/), the article
reader and extractor only where it extracts (cli.py; extract.py and nlp.py, imported when
first needed), geo for place look-ups; never the app (mapapp/, streamlit). Only cli.py, the
edge, reaches the file formats (formats/).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from incidents.store.base import (
    EVENT_COLUMNS,
    HISTORY_COLUMNS,
    LOOK_COLUMNS,
    QUERY_COLUMNS,
    SOURCE_COLUMNS,
    UNPLACED_COLUMNS,
    ArticleReport,
    Extractor,
    IngestReport,
    ReviewConflict,
    Store,
    UnknownIncident,
)
from incidents.store.sqlite import SQLiteStore

DEFAULT_PATH = Path("data") / "incidents.db"
ENV_VAR = "HAITI_MAP_DB"
PARSE_CACHE_VAR = "INCIDENTS_PARSE_CACHE"  # a directory for parses (else beside the store)

__all__ = [
    "EVENT_COLUMNS", "HISTORY_COLUMNS", "LOOK_COLUMNS", "QUERY_COLUMNS", "SOURCE_COLUMNS",
    "UNPLACED_COLUMNS", "ArticleReport", "IngestReport", "ReviewConflict", "Store",
    "UnknownIncident", "default_store_path", "is_postgres", "open_store",
]
URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: str | Path | None) -> bool:
    """Whether ``location`` names a PostgreSQL database (a postgresql:// URL)."""
    return str(location or "").startswith(URL_SCHEMES)


def default_store_path() -> Path | str:
    """The store: $HAITI_MAP_DB (a file or a postgresql:// URL), or data/incidents.db."""
    location = os.environ.get(ENV_VAR) or DEFAULT_PATH
    return location if is_postgres(location) else Path(location)


def open_store(path: str | Path | None = None, extractor: Extractor | None = None,
               gazetteer: Any = None, timeout: float = 30.0,
               read_only: bool | None = None) -> Store:
    """Open (creating and migrating on first use) the store at ``path``: a file for SQLite,
    a postgresql:// URL for PostgreSQL/PostGIS; default :func:`default_store_path`.

    ``extractor`` turns an Article into an Extraction (default: incidents.extract.extract,
    imported on first ingest); ``gazetteer`` answers place containment for merging and
    place edits (default: geo.gazetteer.load_gazetteer(), if it loads; False: none).
    ``timeout``: seconds a write waits for another program's write lock before a StoreError
    says the store is busy. ``read_only``: open for reads and exports only, never migrating
    (None: when the file or its folder cannot be written, or the database role may not
    write); a write then raises StoreError. With the default extractor, sentence parses are
    cached in $INCIDENTS_PARSE_CACHE, else beside a SQLite store (``<path>.parses/``), one file
    per article.
    """
    location = path or default_store_path()
    if is_postgres(location):
        from incidents.store.postgres import PostgresStore  # psycopg only when used

        return PostgresStore(str(location), extractor=extractor, gazetteer=gazetteer,
                             timeout=timeout, read_only=read_only)
    if (extractor is None and str(location) != ":memory:"
            and not os.environ.get(PARSE_CACHE_VAR)):
        # Parses kept beside the store: a rebuild after a gazetteer or lexicon change
        # re-reads the sentences without parsing them again (incidents.extract.nlp).
        from incidents.extract import nlp

        nlp.set_cache_dir(Path(str(location) + ".parses"))
    return SQLiteStore(location, extractor=extractor, gazetteer=gazetteer, timeout=timeout,
                       read_only=read_only)
