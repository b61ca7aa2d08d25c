"""Shared fixtures of the app and browser tests (others may add theirs below)."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from incidents.store import EVENT_COLUMNS

# Tests write to stores behind the app's back (the store API, the CLI) and look at once: no
# wait for another process's writes (mapapp.data.REFRESH_S; its own test sets it).
os.environ.setdefault("HAITI_MAP_REFRESH_S", "0")
# Commands run in the test process: do not lower the whole test run's priority.
os.environ.setdefault("HAITI_MAP_BATCH_NICE", "0")

HOSTILE = "Gunmen <script>alert(1)</script> attacked <img src=x onerror=alert(1)> the station."

DEFAULTS: dict[str, Any] = {
    "event_type": "armed_operation", "event_date": date(2024, 8, 28), "date_precision": "day",
    "place": "Solino", "place_id": "nbh-solino", "place_name": "Solino",
    "department": "Ouest", "commune": "Port-au-Prince", "lat": 18.5535, "lon": -72.3225,
    "geo_precision": 1, "killed": None, "injured": None, "displaced": None, "officers": None,
    "actors": "HNP; MSS", "review": "unreviewed", "note": "", "n_sources": 1,
    "evidence": "Police carried out an operation in Solino.", "article": "a.txt",
    "article_date": date(2024, 8, 28), "merge_reason": "", "conflicts": "",
}


def incident_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame shaped like store.query's result, from partial rows (ids numbered)."""
    full = [{**DEFAULTS, "id": f"inc{i:03d}", **row} for i, row in enumerate(rows)]
    df = pd.DataFrame(full, columns=list(EVENT_COLUMNS))
    df["event_date"] = pd.to_datetime(df["event_date"])
    for key in ("killed", "injured", "displaced", "officers"):
        df[key] = df[key].astype("Int64")
    return df


@pytest.fixture
def sample_incidents() -> pd.DataFrame:
    """Seven kinds at exact and vague places, a site that changes hands, hostile text."""
    return incident_frame([
        {"event_type": "armed_operation", "event_date": date(2024, 7, 10)},
        {"event_type": "clash_or_attack", "event_date": date(2024, 7, 12), "evidence": HOSTILE,
         "place": "<b>Delmas</b>", "killed": 2},
        {"event_type": "injury_or_death", "event_date": date(2024, 7, 12), "injured": 3},
        {"event_type": "displacement", "event_date": date(2024, 7, 20), "displaced": 6000,
         "geo_precision": 2, "place": "Cabaret", "commune": "Cabaret", "lat": 18.73,
         "lon": -72.42},
        {"event_type": "site_lost", "event_date": date(2024, 7, 1), "place": "port",
         "place_id": "fac-port", "lat": 18.55, "lon": -72.35},
        {"event_type": "site_recaptured", "event_date": date(2024, 7, 19), "place": "port",
         "place_id": "fac-port", "lat": 18.55, "lon": -72.35},
        {"event_type": "deployment", "event_date": date(2024, 7, 16), "officers": 200,
         "geo_precision": 3, "place": "Ouest", "commune": "", "lat": 18.6, "lon": -72.3},
        {"event_type": "equipment_delivery", "event_date": date(2024, 8, 1)},
        {"event_type": "other", "event_date": date(2024, 8, 2), "lat": None, "lon": None},
    ])


# -- a small store for the app tests, filled through the store's own ingest ---------------

# (article name, date, text): the evidence of each incident below is a sentence of its text.
SEED_ARTICLES = (
    ("a_solino.txt", date(2024, 8, 28),
     "Police and Kenyan officers carried out an operation in Solino on Wednesday. "
     "Three officers were injured in Solino. "
     "About 1,200 residents of Solino fled to Delmas."),
    ("b_port.txt", date(2024, 7, 19),
     "Gangs seized the port of Port-au-Prince on March 6. "
     "Police retook the port of Port-au-Prince on Thursday."),
    ("c_hostile.txt", date(2024, 9, 12),
     "Gunmen attacked a patrol in Delmas; hackers defaced the bulletin with "
     f"{HOSTILE} "
     "A new contingent of 200 officers arrived in Port-au-Prince."),
)
# (article index, type, day, place, place_id, lat, lon, precision, figures, evidence start)
SEED_INCIDENTS = (
    (0, "armed_operation", date(2024, 8, 28), "Solino", 18.5535, -72.3225, 1, {}, 0),
    (0, "injury_or_death", date(2024, 8, 28), "Solino", 18.5535, -72.3225, 1,
     {"injured": 3}, 1),
    (0, "displacement", date(2024, 8, 27), "Solino", 18.5535, -72.3225, 2,
     {"displaced": 1200}, 2),
    (1, "site_lost", date(2024, 3, 6), "port", 18.5530, -72.3500, 1, {}, 0),
    (1, "site_recaptured", date(2024, 7, 18), "port", 18.5530, -72.3500, 1, {}, 1),
    (2, "clash_or_attack", date(2024, 9, 10), "Delmas", 18.5450, -72.3000, 2, {}, 0),
    (2, "deployment", date(2024, 9, 11), "Port-au-Prince", 18.5400, -72.3350, 2,
     {"officers": 200}, 1),
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            spans.append((start, i + 1))
            start = i + 2
    return spans


def seed_extractions() -> list:
    """Extractions (articles with their incidents) of the seed store, built by hand."""
    import hashlib

    from incidents.model import Article, Extraction, Incident

    out = []
    for a_idx, (name, day, text) in enumerate(SEED_ARTICLES):
        article = Article(name, day, text,
                          hashlib.sha256(f"{day}{text}".encode()).hexdigest())
        spans = _sentences(text)
        incs = []
        for n, (idx, kind, when, place, lat, lon, prec, figures, sent) in enumerate(
                SEED_INCIDENTS):
            if idx != a_idx:
                continue
            start, end = spans[sent]
            incs.append(Incident(
                id=f"{article.id[:8]}-{n}", article=name, article_date=day, event_type=kind,
                event_date=when, date_precision="day", place=place,
                place_id=f"test-{place.lower().replace(' ', '-')}", place_name=place,
                department="Ouest", commune="Port-au-Prince", lat=lat, lon=lon,
                geo_precision=prec, actors=("HNP",), evidence=text[start:end],
                evidence_start=start, evidence_end=end, rule="test", **figures))
        out.append(Extraction(article, tuple(incs)))
    return out


@pytest.fixture
def seeded_db(tmp_path, monkeypatch):
    """A store holding SEED_INCIDENTS; the app points at it and does not seed samples."""
    from incidents.store import open_store

    path = tmp_path / "seeded.db"
    store = open_store(path, gazetteer=False)
    try:
        store.ingest_extractions(seed_extractions())
    finally:
        store.close()
    monkeypatch.setenv("HAITI_MAP_DB", str(path))
    monkeypatch.setenv("HAITI_MAP_SAMPLES", "")
    return path


@pytest.fixture
def empty_db(tmp_path, monkeypatch):
    path = tmp_path / "empty.db"
    monkeypatch.setenv("HAITI_MAP_DB", str(path))
    monkeypatch.setenv("HAITI_MAP_SAMPLES", "")
    return path


# -- the store's backends: every contract test runs on SQLite and on PostgreSQL ------------
# scripts/test.sh starts a throw-away PostgreSQL/PostGIS server and exports its URL here.
PG_ENV = "HAITI_MAP_TEST_PG"
BACKENDS = ("sqlite", "postgres")


class PgServer:
    """The test server: a template database with the extensions and the current schema, and
    a fresh database copied from it for each test that asks (CREATE DATABASE ... TEMPLATE).
    The stores' snapshots go to a folder of the session, not the user's cache."""

    def __init__(self, url: str) -> None:
        import tempfile

        import psycopg

        from incidents.store.postgres import PostgresStore

        self.cache = tempfile.mkdtemp(prefix="haiti-map-cache-")
        os.environ["HAITI_MAP_CACHE"] = self.cache
        self.url = url
        self.prefix = f"haiti_test_{os.getpid()}"
        self.made: list[str] = []
        self.admin = psycopg.connect(url, autocommit=True)
        self.template = f"{self.prefix}_template"
        self.admin.execute(f"DROP DATABASE IF EXISTS {self.template}")
        self.admin.execute(f"CREATE DATABASE {self.template}")
        PostgresStore(self.url_of(self.template), gazetteer=False).close()  # migrated once

    def url_of(self, name: str) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.url)._replace(path=f"/{name}").geturl()

    def database(self, migrated: bool = True) -> str:
        """The URL of a new database (``migrated``: with the store's schema in place)."""
        name = f"{self.prefix}_{len(self.made)}"
        template = self.template if migrated else "template1"
        self.admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        self.made.append(name)
        return self.url_of(name)

    def close(self) -> None:
        import shutil

        for name in [*self.made, self.template]:
            self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.admin.close()
        shutil.rmtree(self.cache, ignore_errors=True)


def pg_required() -> bool:
    """In CI (and wherever REQUIRE_PG is set) PostgreSQL tests must run, never skip."""
    return bool(os.environ.get("REQUIRE_PG") or os.environ.get("CI"))


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get(PG_ENV)
    if not url:
        message = (f"no PostgreSQL server: ${PG_ENV} is not set (scripts/test.sh starts one "
                   f"and sets it)")
        if pg_required():
            pytest.fail(message)
        pytest.skip(message)
    server = PgServer(url)
    yield server
    server.close()


def new_location(backend: str, folder: Path, request: pytest.FixtureRequest) -> str:
    """Where a fresh store of ``backend`` lives: a file in ``folder``, or a new database."""
    if backend == "sqlite":
        return str(folder / "store.db")
    return request.getfixturevalue("pg_server").database()


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path) -> str:
    """A fresh store location, once per backend."""
    return new_location(request.param, tmp_path, request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_location(request, tmp_path_factory) -> str:
    """A fresh store location shared by a module's tests, once per backend."""
    return new_location(request.param, tmp_path_factory.mktemp(request.param), request)
