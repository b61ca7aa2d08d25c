"""A team at work on one PostgreSQL store: WRITERS processes ingest the same articles in
their own orders and batches (every article raced by all of them), READERS processes query,
count and filter without pause, and REVIEWERS processes edit the note of the same incident,
each form open a moment before saving (so they collide). Afterwards the store
equals one serial ingest of the articles, every saved review is in the history (none lost),
a stale form was refused as "changed by someone else", and no process met another error.
Bounded: the writers' work is fixed, readers and reviewers stop when the writers are done,
and every process is killed after DEADLINE_S."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest

from incidents.store import open_store
from tests.test_store_support import line_extractor

ROOT = Path(__file__).resolve().parents[1]
WRITERS, READERS, REVIEWERS, DEADLINE_S = 3, 2, 2, 240

# Shared by the test and its processes: N articles, each on its own day; every third one
# reports again the clash of the article before it (so reports merge across articles,
# and across writers), each has an event of its own and one unplaced name.
ARTICLES = textwrap.dedent("""
    from tests.test_store_support import event, make_article
    PLACES = ("solino", "bel-air", "tabarre", "kenscoff", "pont-sonde")

    def articles(n=45):
        out = []
        for i in range(n):
            day = f"2024-{7 + i // 28:02}-{1 + i % 28:02}"
            clash = i - 1 if i % 3 == 2 else i
            clash_day = f"2024-{7 + clash // 28:02}-{1 + clash % 28:02}"
            out.append(make_article(f"n{i:03}.txt", "\\n".join([
                event("clash_or_attack", clash_day, PLACES[clash % 5], "day",
                      f"killed={i % 4}", "actors=HNP"),
                event("displacement", day, PLACES[(i + 2) % 5], "week", f"displaced={i}"),
                f"UNPLACED Lieu {i % 7}"]), day))
        return out
""")

WRITER = ARTICLES + textwrap.dedent("""
    import random, sys
    from incidents.store import open_store
    from tests.test_store_support import line_extractor
    url, seed = sys.argv[1], int(sys.argv[2])
    todo = articles()
    random.Random(seed).shuffle(todo)
    store = open_store(url, extractor=line_extractor, gazetteer=False)
    batches = 0
    while todo:
        size = random.Random(seed + len(todo)).randint(1, 4)
        store.ingest(todo[:size])
        todo, batches = todo[size:], batches + 1
    store.close()
    print("BATCHES", batches, flush=True)
""")

READER = textwrap.dedent("""
    import os, sys
    from incidents.filters import Filters
    from incidents.store import open_store
    url, stop = sys.argv[1], sys.argv[2]
    store = open_store(url, gazetteer=False)
    reads = 0
    filters = (None, Filters(event_types=("clash_or_attack",)), Filters(text="solino"),
               Filters(actors=("HNP",)))
    while not os.path.exists(stop):
        f = filters[reads % len(filters)]
        df = store.query(f)
        assert df.id.is_unique, "an incident listed twice"
        assert (df.n_sources == df.sources.map(len)).all(), "sources out of step"
        store.count(f)
        store.options()
        if len(df):
            store.sources(list(df.id[:20]))
        reads += 1
    store.close()
    print("READS", reads, flush=True)
""")

REVIEWER = textwrap.dedent("""
    import json, os, sys, time
    from incidents.filters import Filters
    from incidents.store import ReviewConflict, UnknownIncident, open_store
    url, stop, name = sys.argv[1], sys.argv[2], sys.argv[3]
    store = open_store(url, gazetteer=False)
    saved, refused, gone, tries = 0, 0, 0, 0
    # until the writers are done, and at least one save and one refusal (or many tries)
    while not (os.path.exists(stop) and saved and (refused or tries >= 200)):
        tries += 1
        df = store.query(Filters(event_types=("clash_or_attack",)))
        if df.empty:
            continue
        target = df.id.iloc[0]  # the incident the other reviewer edits too
        try:
            opened = store.version(target)
            time.sleep(0.02)  # the form is open
            store.review(target, note=f"{name} {saved}", expected_version=opened,
                         reviewer=name)
            saved += 1
        except ReviewConflict as exc:
            assert "changed by someone else since you opened it" in str(exc)
            refused += 1
        except UnknownIncident:  # re-merged by an ingest meanwhile: pick again
            gone += 1
    store.close()
    print(json.dumps({"saved": saved, "refused": refused, "gone": gone}), flush=True)
""")

# What must be equal: everything but the id, which is the key of the report ingested first
# (ingest order differs between the runs by design), and the notes the reviewers wrote.
COMPARED = ("event_type", "event_date", "date_precision", "place", "place_id", "killed",
            "displaced", "actors", "review", "n_sources", "evidence", "article",
            "merge_reason", "conflicts", "sources")


def contents(store) -> tuple:
    df = store.query()
    rows = sorted(tuple(str(v) for v in r) for r in df[list(COMPARED)].itertuples(index=False))
    return (rows, store.unplaced().values.tolist(),
            sorted(map(tuple, store.articles()[["name", "n_reports"]].values.tolist())))


@pytest.mark.slow
def test_writers_and_readers_at_once_equal_a_serial_run(pg_server, tmp_path):
    url = pg_server.database()
    stop = tmp_path / "stop"
    run = {"cwd": ROOT, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True,
           "env": {**os.environ, "PYTHONPATH": str(ROOT)}}
    readers = [subprocess.Popen([sys.executable, "-c", READER, url, str(stop)], **run)
               for _ in range(READERS)]
    readers += [subprocess.Popen([sys.executable, "-c", REVIEWER, url, str(stop), f"r{i}"],
                                 **run) for i in range(REVIEWERS)]
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(seed)], **run)
               for seed in range(WRITERS)]
    outputs = []
    try:
        for proc in writers:
            outputs.append(proc.communicate(timeout=DEADLINE_S))
        stop.touch()
        for proc in readers:
            outputs.append(proc.communicate(timeout=60))
    finally:
        for proc in writers + readers:
            proc.kill()
    for proc, (_, err) in zip(writers + readers, outputs, strict=True):
        assert proc.returncode == 0 and not err.strip(), err[-2000:]
    batches = [int(o.split()[-1]) for o, _ in outputs[:WRITERS]]
    reads = [int(o.split()[-1]) for o, _ in outputs[WRITERS:WRITERS + READERS]]
    reviews = [json.loads(o) for o, _ in outputs[WRITERS + READERS:]]
    assert all(n > 0 for n in reads)  # the readers really read while the writers wrote

    namespace: dict = {}
    exec(ARTICLES, namespace)
    serial_url = pg_server.database()
    with open_store(serial_url, extractor=line_extractor, gazetteer=False) as serial:
        serial.ingest(namespace["articles"]())
        expected = contents(serial)
        n_incidents = serial.count()
    with open_store(url, extractor=line_extractor, gazetteer=False) as store:
        got = contents(store)
        assert store.count() == n_incidents
    assert got == expected
    # every saved note is in the history once (no review lost), and a stale form was refused
    with psycopg.connect(url) as conn:
        notes = conn.execute("SELECT reviewer, count(*) FROM incident_history WHERE "
                             "field = 'note' GROUP BY reviewer ORDER BY reviewer").fetchall()
    assert notes == [(f"r{i}", r["saved"]) for i, r in enumerate(reviews)]
    assert sum(r["refused"] for r in reviews) > 0
    print(json.dumps({"writers": WRITERS, "writer_batches": batches, "readers": READERS,
                      "reads": reads, "reviewers": reviews, "articles": len(expected[2]),
                      "incidents": n_incidents}))
