"""The PostgreSQL/PostGIS schema as numbered migrations; ``schema_version`` records how many ran.

The tables are those of the SQLite store, as its migrations leave them (schema.py says what
each holds; its first migration's text stays as it shipped, since SQLite keeps a table's
CREATE text as written), one line per group of related columns, with the types PostgreSQL
has: dates as ``date``, JSON as ``jsonb``, flags as ``boolean``. What differs:

- ``incidents.geom``: a PostGIS ``geometry(Point, 4326)`` generated from lat/lon, with a
  GiST index, so spatial filters run in the database and QGIS, geopandas' ``read_postgis``
  or Superset open the table as a layer as it is (``rowid`` is its integer primary key).
- ``incidents.search`` has a trigram index (``pg_trgm``): ``search LIKE '%word%'`` (the
  free-text filter, query.py) is answered through it.
- ``incidents.gen``: the write generation that last wrote the row, and
  ``incident_deletions`` the ids deleted per generation (kept by a trigger), so a reader's
  in-memory copy catches up with other writers by reading only what changed. ``gen`` is
  also the incident's version for the reviewers' optimistic check.
- ``meta``: ``generation`` (bumped first by every write transaction: its row lock is the
  store's write lock, so generations commit in order), ``store_id``, ``report_seq`` (the
  last report number handed out) and ``deletions_from`` (deletions before it are pruned).

Append a migration to change the schema; never edit one that has shipped.
"""
from __future__ import annotations

import psycopg

from errors import StoreError

# One number for the advisory lock that serialises migrations of one database.
MIGRATION_LOCK = 0x4A17_1200

MIGRATIONS: tuple[str, ...] = (
    # 1: first schema
    """
    CREATE TABLE meta (key text PRIMARY KEY, value bigint NOT NULL);
    INSERT INTO meta VALUES ('generation', 0), ('report_seq', 0), ('deletions_from', 0),
        ('store_id', (random() * 1e15)::bigint);

    CREATE TABLE articles (
        id text PRIMARY KEY,
        name text NOT NULL,
        date date NOT NULL,
        text text NOT NULL,
        ingested_at double precision NOT NULL,
        imported boolean NOT NULL DEFAULT false,  -- an ACLED row: rebuild keeps it as it is
        source text NOT NULL  -- a file's path, or the name: what tells articles apart
    );
    CREATE INDEX articles_name ON articles(name);
    CREATE INDEX articles_source ON articles(source);

    CREATE TABLE reports (
        seq bigint PRIMARY KEY,
        key text NOT NULL UNIQUE,
        article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        block text NOT NULL, extract_id text NOT NULL,
        article text NOT NULL, article_date date NOT NULL,
        event_type text NOT NULL, event_date date NOT NULL, date_precision text NOT NULL,
        place text NOT NULL,
        place_id text, place_name text, department text, commune text,
        lat double precision, lon double precision, geo_precision integer,
        killed integer, injured integer, displaced integer, officers integer,
        actors jsonb NOT NULL,
        evidence text NOT NULL, evidence_start integer NOT NULL, evidence_end integer NOT NULL,
        rule text NOT NULL,
        verified boolean NOT NULL DEFAULT false
    );
    CREATE INDEX reports_article ON reports(article_id);
    CREATE INDEX reports_block_date ON reports(block, event_date);

    CREATE SEQUENCE incident_rowid;
    CREATE TABLE incidents (
        rowid bigint PRIMARY KEY,
        id text NOT NULL UNIQUE,
        block text NOT NULL,
        event_type text NOT NULL, event_date date NOT NULL,
        date_start date NOT NULL, date_end date NOT NULL,  -- the date's span, for overlaps
        date_precision text NOT NULL,
        place text, place_id text, place_name text, department text, commune text,
        lat double precision, lon double precision, geo_precision integer,
        killed integer, injured integer, displaced integer, officers integer,
        actors text NOT NULL,       -- "; "-joined
        review text NOT NULL, note text NOT NULL,
        n_sources integer NOT NULL, evidence text NOT NULL,
        article text NOT NULL, article_date date NOT NULL,
        merge_reason text NOT NULL, conflicts text NOT NULL,
        search text NOT NULL,       -- lower-cased words for the free-text filter
        updated_at double precision NOT NULL,
        sources jsonb NOT NULL,     -- source article names, in source order
        version integer NOT NULL,   -- rewrites of this incident (a review form names one)
        gen bigint NOT NULL,
        -- GeoJSON and PostGIS order: lon first
        geom geometry(Point, 4326) GENERATED ALWAYS AS (
            CASE WHEN lon IS NOT NULL AND lat IS NOT NULL
                 THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED
    );
    CREATE INDEX incidents_date ON incidents(date_start, date_end);
    CREATE INDEX incidents_type_date ON incidents(event_type, date_start);
    CREATE INDEX incidents_department ON incidents(department);
    CREATE INDEX incidents_commune ON incidents(commune);
    CREATE INDEX incidents_precision ON incidents(geo_precision);
    CREATE INDEX incidents_review ON incidents(review);
    CREATE INDEX incidents_gen ON incidents(gen);
    CREATE INDEX incidents_geom ON incidents USING gist (geom);
    CREATE INDEX incidents_search ON incidents USING gin (search gin_trgm_ops);

    CREATE TABLE incident_deletions (id text NOT NULL, gen bigint NOT NULL);
    CREATE INDEX incident_deletions_gen ON incident_deletions(gen);
    CREATE FUNCTION note_incident_deletions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO incident_deletions
            SELECT id, (SELECT value FROM meta WHERE key = 'generation') FROM gone;
        RETURN NULL;
    END $$;
    CREATE TRIGGER incidents_deleted AFTER DELETE ON incidents
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
        EXECUTE FUNCTION note_incident_deletions();

    CREATE TABLE incident_sources (
        incident_id text NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        report_seq bigint NOT NULL REFERENCES reports(seq) ON DELETE CASCADE,
        position integer NOT NULL,
        PRIMARY KEY (incident_id, report_seq)
    );
    CREATE INDEX incident_sources_report ON incident_sources(report_seq);

    CREATE TABLE incident_actors (
        incident_id text NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        actor text NOT NULL,
        incident_rowid bigint NOT NULL,
        PRIMARY KEY (incident_id, actor)
    );
    CREATE INDEX incident_actors_rowid ON incident_actors(actor, incident_rowid);

    CREATE TABLE reviews (
        report_key text PRIMARY KEY,
        state text NOT NULL,
        edits jsonb NOT NULL,
        at double precision NOT NULL,
        reviewer text NOT NULL DEFAULT ''
    );

    CREATE TABLE incident_history (
        seq bigserial PRIMARY KEY,
        incident_id text NOT NULL,
        version integer NOT NULL,
        at double precision NOT NULL,
        reviewer text NOT NULL,
        field text NOT NULL,
        old text NOT NULL,
        new text NOT NULL
    );
    CREATE INDEX incident_history_incident ON incident_history(incident_id, seq);

    CREATE TABLE review_looks (
        id bigserial PRIMARY KEY,
        incident_id text NOT NULL,  -- the reviewed incident, now gone
        article text NOT NULL,      -- the article whose new text dropped it
        at double precision NOT NULL,
        state text NOT NULL,
        edits jsonb NOT NULL,
        reviewer text NOT NULL,
        old jsonb NOT NULL,         -- the incident's values (review.shown)
        done boolean NOT NULL DEFAULT false
    );
    CREATE INDEX review_looks_open ON review_looks(done);

    CREATE TABLE unplaced (
        article_id text NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text text NOT NULL,
        sentence text NOT NULL,
        start integer NOT NULL,
        reason text NOT NULL
    );
    CREATE INDEX unplaced_article ON unplaced(article_id);
    """,
)

EXTENSIONS = ("postgis", "pg_trgm")


def migrate(conn: psycopg.Connection, where: str) -> int:
    """Create the extensions and bring the schema up to date, each migration in one
    transaction with its version bump; two first runs at once wait for each other (an
    advisory lock). Returns the version now in place."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        for name in EXTENSIONS:
            try:
                with conn.transaction():
                    conn.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
            except psycopg.Error as exc:
                raise StoreError(
                    f"{where}: the {name} extension is missing and this role may not create "
                    f"it; as a superuser run: CREATE EXTENSION {name}; ({exc})") from exc
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        if row is None:
            conn.execute("INSERT INTO schema_version VALUES (0)")
        version = row[0] if row else 0
        if version > len(MIGRATIONS):
            raise StoreError(f"{where}: schema version {version} is newer than this program "
                             f"knows ({len(MIGRATIONS)}); update the program")
        for number in range(version, len(MIGRATIONS)):
            with conn.transaction():
                conn.execute(MIGRATIONS[number])
                conn.execute("UPDATE schema_version SET version = %s", (number + 1,))
    return len(MIGRATIONS)


def open_schema(conn: psycopg.Connection, where: str, read_only: bool | None) -> bool:
    """Migrate (unless ``read_only``) and say whether the store is open read-only: asked
    for, or (``read_only`` None) the role may not create the schema's tables. A read-only
    store must already be at the current version."""
    if not read_only:
        try:
            migrate(conn, where)
            return False
        except StoreError as exc:
            if read_only is not None or not isinstance(exc.__cause__,
                                                       psycopg.errors.InsufficientPrivilege):
                raise
        except psycopg.errors.InsufficientPrivilege:
            if read_only is not None:
                raise
    try:
        [(version,)] = conn.execute("SELECT version FROM schema_version").fetchall()
    except psycopg.errors.UndefinedTable:
        version = 0
    if version != len(MIGRATIONS):
        raise StoreError(f"{where}: read-only store at schema version {version}, this program "
                         f"reads version {len(MIGRATIONS)}: open it once with a role that may "
                         f"write to it, to update it")
    return True
