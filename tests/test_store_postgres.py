"""What is the PostgreSQL store's own: the first run creates the schema (PostGIS geometry
with its GiST index, a trigram index for search), refusals with clear messages, and
``migrate`` between SQLite and PostgreSQL in both directions. The shared contract runs in
the other test_store_* modules on both backends."""
from __future__ import annotations

import contextlib

import pandas as pd
import psycopg
import pytest

from errors import StoreError
from incidents.__main__ import main
from incidents.filters import REVIEW_STATES, Filters
from incidents.store import open_store
from incidents.store.pg_schema import MIGRATIONS
from incidents.store.postgres import safe_location
from tests.test_acled import SAMPLE
from tests.test_store import A1, A2
from tests.test_store_support import event, line_extractor, make_article


def opened(location):
    return open_store(location, extractor=line_extractor, gazetteer=False)


def test_the_first_run_creates_extensions_schema_and_indexes(pg_server):
    url = pg_server.database(migrated=False)
    with opened(url) as store:
        store.ingest([A1, A2])
        df = store.query()
    with psycopg.connect(url) as conn:
        def one(sql: str):
            return conn.execute(sql).fetchone()
        assert one("SELECT version FROM schema_version") == (len(MIGRATIONS),)
        assert {r[0] for r in conn.execute("SELECT extname FROM pg_extension")} >= {
            "postgis", "pg_trgm"}
        # what QGIS and geopandas.read_postgis look for: a registered point layer in 4326
        assert one("SELECT type, srid FROM geometry_columns WHERE f_table_name = "
                   "'incidents' AND f_geometry_column = 'geom'") == ("POINT", 4326)
        indexes = {r[0]: r[1] for r in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'incidents'")}
        assert "USING gist (geom)" in indexes["incidents_geom"]
        assert "gin_trgm_ops" in indexes["incidents_search"]
        points = dict(conn.execute("SELECT id, ARRAY[ST_X(geom), ST_Y(geom)] FROM incidents"))
    for row in df.itertuples():  # x is the longitude
        assert points[row.id] == [row.lon, row.lat]


def test_a_schema_newer_than_the_program_is_refused(pg_server):
    url = pg_server.database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE schema_version SET version = version + 1")
    with pytest.raises(StoreError, match=r"schema version \d+ is newer than this program"):
        opened(url)


def test_a_server_that_does_not_answer_is_a_store_error():
    with pytest.raises(StoreError, match=r"postgresql://team:\*\*\*@/nowhere.*cannot connect"):
        open_store("postgresql://team:secret@/nowhere?host=/nonexistent&connect_timeout=1")


def test_connections_the_server_dropped_are_replaced_unseen(pg_server):
    url = pg_server.database()
    with opened(url) as store:
        store.ingest([A1])
        with psycopg.connect(url, autocommit=True) as admin:  # a server restart, for the store
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                          "datname = current_database() AND pid != pg_backend_pid()")
        assert store.count() == 3
        store.ingest([A2])
        assert len(store.query()) == 4


def test_a_server_that_went_away_is_a_store_error_naming_it(pg_server):
    url = pg_server.database()
    store = opened(url)
    store.ingest([A1])
    first = store.query().id[0]  # the in-memory copy is loaded
    store._pool.close()  # as if the server were gone: no connection can be had
    with pytest.raises(StoreError, match=r"haiti_test.*: cannot read the incident store"):
        store.count()
    with pytest.raises(StoreError, match=r"haiti_test.*: write failed, nothing changed"):
        store.review(first, "verified")


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://team:s3cret@db.example:5432/map", "postgresql://team:***@db.example:5432/map"),
    ("postgresql://team@db.example/map", "postgresql://team@db.example/map"),
    ("postgresql:///map?host=/run/pg", "postgresql:///map?host=/run/pg"),
])
def test_passwords_are_never_shown(url, shown):
    assert safe_location(url) == shown


def test_spatial_filters_run_in_the_database(pg_server):
    """The geometry column answers a bounding box through its index (what a GIS client
    asks): the incidents of Port-au-Prince, not those of Kenscoff."""
    url = pg_server.database()
    with opened(url) as store:
        store.ingest([A1, A2])
    with psycopg.connect(url) as conn:
        inside = {r[0] for r in conn.execute(
            "SELECT place FROM incidents WHERE geom && ST_MakeEnvelope(-72.35, 18.54, "
            "-72.32, 18.56, 4326)")}
    assert inside == {"Solino", "Bel Air"}


# -- migrate: SQLite -> PostgreSQL -> SQLite -------------------------------------------------
def frames(store) -> tuple[pd.DataFrame, ...]:
    df = store.query()
    return df, store.sources(list(df.id)), store.unplaced(), store.articles()


def assert_same_store(a, b) -> None:
    for left, right in zip(frames(a), frames(b), strict=True):
        pd.testing.assert_frame_equal(left, right)
    assert a.options() == b.options()


def test_migrate_copies_a_store_both_ways_and_verifies_counts(pg_server, tmp_path, capsys):
    from incidents.formats.acled import import_acled

    first = tmp_path / "laptop.db"
    with opened(first) as store:
        store.ingest([A1, A2, make_article("b.txt", event(
            "clash_or_attack", "2024-08-26", "solino", "day", "killed=5"), "2024-08-29")])
        import_acled(store, SAMPLE)
        clash = store.query(Filters(event_types=("clash_or_attack",))).iloc[0]
        assert clash.n_sources == 2  # a merged incident goes across too
        store.review(clash.id, "verified", note="seen by two outlets", killed=4)
    team = pg_server.database(migrated=False)
    assert main(["migrate", "--db", str(first), "--to", team]) == 0
    out = capsys.readouterr().out
    assert ("counts verified: 6 articles, 8 reports, 2 reviews, 3 incident_history, "
            "0 review_looks, 3 unplaced, 7 incidents, 8 incident_sources, "
            "8 incident_actors") in out
    field = tmp_path / "field.db"
    assert main(["migrate", "--db", team, "--to", str(field)]) == 0
    with opened(first) as a, opened(team) as b, opened(field) as c:
        assert_same_store(a, b)
        assert_same_store(b, c)
        for x, y in ((a, b), (b, c)):  # the reviewers' history and versions go across too
            pd.testing.assert_frame_equal(x.history(clash.id), y.history(clash.id))
            assert x.version(clash.id) == y.version(clash.id) == 2
        # the copy is a working store: the review stays through new reports and edits
        b.ingest([make_article("c.txt", event("clash_or_attack", "2024-08-26", "solino"),
                               "2024-08-30")])
        row = b.query().set_index("id").loc[clash.id]
        assert (row.n_sources, row.review, row.killed) == (3, "verified", 4)
        b.review(clash.id, note="three outlets")
        assert b.query(Filters(text="three outlets")).id.tolist() == [clash.id]


def test_migrate_into_a_store_that_holds_data_is_refused(pg_server, tmp_path, capsys):
    source, team = tmp_path / "a.db", pg_server.database()
    for location in (source, team):
        with opened(location) as store:
            store.ingest([A1])
    assert main(["migrate", "--db", str(source), "--to", team]) == 2
    assert "holds data already; migrate copies into an empty store" in capsys.readouterr().err
    with opened(team) as store:
        assert store.count() == 3


# -- the write lock (issue 10, item 4, as test_store_locking.py for SQLite) -----------------
def take_write_lock(conn: psycopg.Connection) -> None:
    """What every write transaction of the store does first (the generation row's lock)."""
    conn.execute("UPDATE meta SET value = value WHERE key = 'generation'")


def test_extraction_runs_outside_the_write_lock(pg_server):
    url = pg_server.database()

    def extractor(article):
        with psycopg.connect(url, autocommit=True) as other, other.transaction():
            other.execute("SET LOCAL lock_timeout = 1")  # raises if a write is under way
            take_write_lock(other)
        return line_extractor(article)

    with open_store(url, extractor=extractor, gazetteer=False) as store:
        assert [a.status for a in store.ingest([A1, A2])] == ["new", "new"]
        assert store.count() == 4


def test_a_long_import_commits_in_batches(pg_server, monkeypatch):
    from incidents.store import ingesting

    monkeypatch.setattr(ingesting, "IMPORT_BATCH", 2)  # the shared ingest loop's
    url = pg_server.database()
    articles = [make_article(f"a{i}.txt", event("clash_or_attack", f"2024-08-{3 * i + 1:02}",
                                                "solino")) for i in range(5)]
    seen = []

    def progress(done, total, name):
        with psycopg.connect(url) as other:
            seen.append(other.execute("SELECT count(*) FROM articles").fetchone()[0])

    with opened(url) as store:
        report = store.ingest_extractions([line_extractor(a) for a in articles],
                                          verified=True, progress=progress)
    assert [a.status for a in report] == ["new"] * 5
    assert seen == [0, 0, 2, 2, 4]  # each pair committed before the next is read


def test_a_write_meeting_a_busy_store_says_so_and_changes_nothing(pg_server):
    url = pg_server.database()
    store = open_store(url, extractor=line_extractor, gazetteer=False, timeout=0.2)
    store.ingest([A2])
    target = store.query().id[0]
    with psycopg.connect(url) as other:
        take_write_lock(other)  # a transaction of another program, still open
        with pytest.raises(StoreError, match=r"haiti_test.*: the store is busy: another "
                                             r"program \(an ingest or import\) held the "
                                             r"write lock for 0\.2 s; nothing was saved"):
            store.review(target, "verified", note="checked")
        assert store.query().review[0] == "unreviewed"
    store.review(target, "verified", note="checked")
    assert store.query().note[0] == "checked"
    store.close()


def test_a_query_in_an_older_snapshot_than_the_copy_reads_its_own_rows(pg_server,
                                                                      monkeypatch):
    """Two threads of one app: one caught the in-memory copy up to a newer write while the
    other still reads an older snapshot; the older one gets its own snapshot's rows."""
    url = pg_server.database()
    with opened(url) as store:
        store.ingest([A1])
        older = store._snapshot()
        conn = older.__enter__()
        try:
            before = sorted(conn.execute("SELECT place FROM incidents").fetchall())
            store.ingest([make_article("a1.txt", event("clash_or_attack", "2024-08-27",
                                                       "tabarre"))])  # replaces a1's three
            assert store.query().place.tolist() == ["Tabarre"]  # the copy is caught up
            monkeypatch.setattr(store, "_snapshot", lambda: contextlib.nullcontext(conn))
            assert sorted((p,) for p in store.query().place) == before
            assert len(store.query(Filters(event_types=("injury_or_death",)))) == 1
        finally:
            older.__exit__(None, None, None)


# -- this machine's snapshot of a team store ------------------------------------------------
def test_a_new_process_starts_from_the_snapshot_and_catches_up(pg_server, monkeypatch):
    """The first full query saves the incidents in this machine's cache; the next process
    starts from that file and reads from the server only what others wrote since."""
    from incidents.store import pg_reading

    url = pg_server.database()
    with opened(url) as store:
        store.ingest([A1])
        store.query()  # loads every incident from the server, saves the snapshot
    with opened(url) as other:  # another machine's writes, after the snapshot
        other.ingest([A2, make_article("a1.txt", event("clash_or_attack", "2024-08-27",
                                                        "tabarre"))])
        other.review(other.query(Filters(text="kenscoff")).id.item(), "verified", note="ok")
        expected = other.query(Filters(review=REVIEW_STATES))

    def no_full_load(self, conn, gen):
        raise AssertionError("read every row from the server")

    with monkeypatch.context() as patched, opened(url) as store:
        patched.setattr(pg_reading.PgReading, "_full_load", no_full_load)
        pd.testing.assert_frame_equal(store.query(Filters(review=REVIEW_STATES)), expected)
    # that process saved the snapshot it caught up to: the next one has nothing to read
    with monkeypatch.context() as patched, opened(url) as store:
        patched.setattr(pg_reading.PgReading, "_full_load", no_full_load)
        patched.setattr(pg_reading.FrameCache, "patch", no_full_load)
        pd.testing.assert_frame_equal(store.query(Filters(review=REVIEW_STATES)), expected)


def test_a_snapshot_older_than_the_deletion_log_is_not_used(pg_server, monkeypatch):
    from incidents.store import pg_reading

    url = pg_server.database()
    with opened(url) as store:
        store.ingest([A1])
        store.query()
        store.ingest([make_article("a1.txt", event("clash_or_attack", "2024-08-27", "tabarre"))])
    with psycopg.connect(url) as conn:  # as if a thousand writes had pruned the log
        conn.execute("UPDATE meta SET value = (SELECT value FROM meta WHERE key = "
                      "'generation') WHERE key = 'deletions_from'")
        conn.execute("DELETE FROM incident_deletions")
    loads = []
    full = pg_reading.PgReading._full_load
    monkeypatch.setattr(pg_reading.PgReading, "_full_load",
                        lambda self, conn, gen: loads.append(gen) or full(self, conn, gen))
    with opened(url) as store:
        assert store.query().place.tolist() == ["Tabarre"]
    assert len(loads) == 1


# -- a role that may only read (issue 10, item 14, as test_store_readonly.py for SQLite) ---
@pytest.fixture
def reader_url(pg_server):
    """A store with two incidents and a review, and the URL of a role that may only read."""
    from urllib.parse import urlsplit

    url = pg_server.database()
    with opened(url) as store:
        store.ingest([A1])
        store.review(store.query().id[0], "verified", note="seen", reviewer="Ana")
    role = f"reader_{pg_server.prefix}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    parts = urlsplit(url)
    yield parts._replace(netloc=f"{role}@{parts.hostname or ''}").geturl()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")


@pytest.mark.parametrize("read_only", [None, True])
def test_a_role_that_may_only_read_serves_reads_and_refuses_writes(reader_url, read_only):
    from incidents.formats import BY_KEY

    with open_store(reader_url, extractor=line_extractor, gazetteer=False,
                    read_only=read_only) as store:
        assert store.read_only
        df = store.query()
        assert len(df) == store.count() == 3 and len(store.sources(df.id)) == 3
        assert store.history(df.id[0]).reviewer.tolist() == ["Ana", "Ana"]
        for export in BY_KEY.values():
            assert export.fn(store, Filters())
        for write in (lambda: store.ingest([A2]), lambda: store.review(df.id[0], "rejected")):
            with pytest.raises(StoreError, match=r"haiti_test.*: the store is read-only \(this "
                                                 r"database role may not write to it\)"):
                write()
        assert store.count() == 3
