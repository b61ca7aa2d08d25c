"""The SQLite schema as numbered migrations; ``PRAGMA user_version`` records how many ran.

Append a migration to change the schema; never edit one that has shipped.

- ``articles``: one row per article text (id = content hash); ``imported``: stored from a
  ready-made extraction (an ACLED row), which rebuild keeps as it is.
- ``reports``: each incident as one article reported it (the incident *sources*: article,
  evidence sentence, offsets, rule, and every extracted value). ``key`` is stable across
  re-ingest and gazetteer rebuilds; reviews hang on it.
- ``incidents``: the merged incidents, materialised with reviews applied, for fast queries;
  ``version`` counts the rewrites of each (a review form names the one it opened).
- ``incident_sources`` / ``incident_actors``: which reports and actors each incident has.
- ``reviews``: review state, edits and reviewer per report key (never deleted by ingest).
- ``incident_history``: what each review changed: who, when, field, old and new value.
- ``review_looks``: reviews whose incident went away with its article's old text and
  matched no new incident: "needs another look", with the old values.
- ``unplaced``: place mentions the gazetteer could not resolve.
- ``meta``: ``generation``, bumped by every write transaction, and ``store_id``, drawn
  once (together they name the data a snapshot copies: see snapshot.py).
- ``incidents_fts``: an FTS5 trigram index of ``incidents.search`` (external content, kept
  in step by triggers, so in the same transactions); absent where SQLite lacks FTS5.
"""
from __future__ import annotations

import sqlite3

from errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    # 1: first schema
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        date TEXT NOT NULL,
        text TEXT NOT NULL,
        ingested_at REAL NOT NULL
    );
    CREATE INDEX articles_name ON articles(name);

    CREATE TABLE reports (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        block TEXT NOT NULL,
        extract_id TEXT NOT NULL,
        article TEXT NOT NULL,
        article_date TEXT NOT NULL,
        event_type TEXT NOT NULL,
        event_date TEXT NOT NULL,
        date_precision TEXT NOT NULL,
        place TEXT NOT NULL,
        place_id TEXT, place_name TEXT, department TEXT, commune TEXT,
        lat REAL, lon REAL, geo_precision INTEGER,
        killed INTEGER, injured INTEGER, displaced INTEGER, officers INTEGER,
        actors TEXT NOT NULL,            -- JSON list
        evidence TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        rule TEXT NOT NULL,
        verified INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX reports_article ON reports(article_id);
    CREATE INDEX reports_block ON reports(block);

    CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        block TEXT NOT NULL,
        event_type TEXT NOT NULL,
        event_date TEXT NOT NULL,
        date_start TEXT NOT NULL,   -- the span the date stands for, for range overlap
        date_end TEXT NOT NULL,
        date_precision TEXT NOT NULL,
        place TEXT, place_id TEXT, place_name TEXT, department TEXT, commune TEXT,
        lat REAL, lon REAL, geo_precision INTEGER,
        killed INTEGER, injured INTEGER, displaced INTEGER, officers INTEGER,
        actors TEXT NOT NULL,       -- "; "-joined
        review TEXT NOT NULL,
        note TEXT NOT NULL,
        n_sources INTEGER NOT NULL,
        evidence TEXT NOT NULL,
        article TEXT NOT NULL,
        article_date TEXT NOT NULL,
        merge_reason TEXT NOT NULL,
        conflicts TEXT NOT NULL,
        search TEXT NOT NULL,       -- lower-cased words for the free-text filter
        updated_at REAL NOT NULL
    );
    CREATE INDEX incidents_block ON incidents(block);
    CREATE INDEX incidents_date ON incidents(date_start, date_end);
    CREATE INDEX incidents_type_date ON incidents(event_type, date_start);
    CREATE INDEX incidents_department ON incidents(department);
    CREATE INDEX incidents_commune ON incidents(commune);

    CREATE TABLE incident_sources (
        incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        report_seq INTEGER NOT NULL REFERENCES reports(seq) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (incident_id, report_seq)
    );
    CREATE INDEX incident_sources_report ON incident_sources(report_seq);

    CREATE TABLE incident_actors (
        incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        actor TEXT NOT NULL,
        PRIMARY KEY (incident_id, actor)
    );
    CREATE INDEX incident_actors_actor ON incident_actors(actor);

    CREATE TABLE reviews (
        report_key TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        edits TEXT NOT NULL,        -- JSON object
        at REAL NOT NULL
    );

    CREATE TABLE unplaced (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        sentence TEXT NOT NULL,
        start INTEGER NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX unplaced_article ON unplaced(article_id);
    """,
    # 2: each incident's source article names (JSON list, in source order), for fast exports
    """
    ALTER TABLE incidents ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
    UPDATE incidents SET sources = (
        SELECT json_group_array(article) FROM (
            SELECT r.article FROM incident_sources s JOIN reports r ON r.seq = s.report_seq
            WHERE s.incident_id = incidents.id ORDER BY s.position));
    """,
    # 3: filters without a full scan: precision and review indexed; the actor filter reaches
    # incidents by rowid (a covering index) instead of by text id
    """
    CREATE INDEX incidents_precision ON incidents(geo_precision);
    CREATE INDEX incidents_review ON incidents(review);
    ALTER TABLE incident_actors ADD COLUMN incident_rowid INTEGER;
    UPDATE incident_actors SET incident_rowid =
        (SELECT rowid FROM incidents WHERE id = incident_actors.incident_id);
    CREATE INDEX incident_actors_rowid ON incident_actors(actor, incident_rowid);
    """,
    # 4: a generation counter every write transaction bumps, and a random id of this store
    # (they tie the columnar snapshot of the incidents to the data it copies); indexes no
    # query uses dropped; re-merging reads a block's reports by date through one index
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta VALUES ('generation', 0), ('store_id', abs(random()));
    DROP INDEX incidents_block;
    DROP INDEX incident_actors_actor;
    DROP INDEX reports_block;
    CREATE INDEX reports_block_date ON reports(block, event_date);
    """,
    # 5: the free-text filter finds candidate rows through a trigram index (substrings of 3+
    # characters) instead of reading every incident's search text (see query.py)
    """
    CREATE VIRTUAL TABLE incidents_fts USING fts5(search, content='incidents',
        content_rowid='rowid', tokenize='trigram');
    CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents BEGIN
        INSERT INTO incidents_fts(rowid, search) VALUES (new.rowid, new.search);
    END;
    CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
        INSERT INTO incidents_fts(incidents_fts, rowid, search)
            VALUES ('delete', old.rowid, old.search);
    END;
    CREATE TRIGGER incidents_fts_update AFTER UPDATE OF search ON incidents BEGIN
        INSERT INTO incidents_fts(incidents_fts, rowid, search)
            VALUES ('delete', old.rowid, old.search);
        INSERT INTO incidents_fts(rowid, search) VALUES (new.rowid, new.search);
    END;
    INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild');
    """,
    # 6: imported rows (ACLED, ready-made extractions) are first-class records: flagged, so
    # rebuild re-extracts articles only; rows imported before this were stored verified
    """
    ALTER TABLE articles ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
    UPDATE articles SET imported = 1
        WHERE id IN (SELECT article_id FROM reports WHERE verified = 1);
    """,
    # 7: articles are told apart by where they came from (a file's path), not by bare name:
    # two files of one name in different folders are two articles. Rows stored before this
    # have their name as source (and an edited file read again replaces them: ingesting.py).
    """
    ALTER TABLE articles ADD COLUMN source TEXT NOT NULL DEFAULT '';
    UPDATE articles SET source = name;
    CREATE INDEX articles_source ON articles(source);
    """,
    # 8: two reviewers: each incident's version (bumped by every rewrite of it, so a review
    # form opened at an older version is refused), who made each review, and every change
    # a review made (who, when, field, old and new value, the version it produced)
    """
    ALTER TABLE incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE reviews ADD COLUMN reviewer TEXT NOT NULL DEFAULT '';
    CREATE TABLE incident_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        at REAL NOT NULL,
        reviewer TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL
    );
    CREATE INDEX incident_history_incident ON incident_history(incident_id, seq);
    """,
    # 9: reviews no report carries any more (its article's text changed and no new report
    # matched the reviewed incident), kept with the incident's old values for a reviewer
    """
    CREATE TABLE review_looks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id TEXT NOT NULL,  -- the reviewed incident, now gone
        article TEXT NOT NULL,      -- the article whose new text dropped it
        at REAL NOT NULL,           -- when
        state TEXT NOT NULL,
        edits TEXT NOT NULL,        -- JSON object, as in reviews
        reviewer TEXT NOT NULL,
        old TEXT NOT NULL,          -- JSON object: the incident's values (review.shown)
        done INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX review_looks_open ON review_looks(done);
    """,
)
FTS_MIGRATION = 4  # index in MIGRATIONS: skipped (version still bumped) without FTS5


def has_fts(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34+)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize='trigram')")
        conn.execute("DROP TABLE temp.fts_probe")
        return True
    except sqlite3.OperationalError:
        return False


def check_version(conn: sqlite3.Connection, path: object) -> int:
    """For a store opened read-only (never migrated): its schema must be this program's."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != len(MIGRATIONS):
        raise StoreError(f"{path}: read-only store at schema version {version}, this program "
                         f"reads version {len(MIGRATIONS)}: open it once where it can be "
                         f"written to upgrade it")
    return version


def migrate(conn: sqlite3.Connection, path: object) -> int:
    """Bring the schema up to date in one transaction; return the version now in place."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(f"{path}: schema version {version} is newer than this program "
                         f"knows ({len(MIGRATIONS)}); update the program")
    for number in range(version, len(MIGRATIONS)):
        # executescript commits first; the migration and its version bump go together.
        script = MIGRATIONS[number] if number != FTS_MIGRATION or has_fts(conn) else ""
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\n"
                           f"PRAGMA user_version = {number + 1};\nCOMMIT;")
    return len(MIGRATIONS)
