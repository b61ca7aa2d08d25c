"""A real process killed in the middle of an ingest batch leaves the store as before it."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd

from incidents.store import open_store
from tests.test_store_support import event, line_extractor, make_article

ROOT = Path(__file__).resolve().parents[1]

BATCH = textwrap.dedent("""
    import sys, time
    from incidents.store import open_store
    from incidents.store.postgres import PostgresStore
    from incidents.store.sqlite import SQLiteStore
    from tests.test_store_support import event, line_extractor, make_article

    def stalling(remerge):
        def stalled(self, db, *rest):  # every report inserted, inside the open transaction
            remerge(self, db, *rest)
            print("WROTE", len(rest[-1].fresh), flush=True)  # rest ends with the Touched
            time.sleep(120)
        return stalled

    for backend in (SQLiteStore, PostgresStore):
        backend._remerge = stalling(backend._remerge)
    progress = None

    articles = [make_article(f"batch{i}.txt", event("clash_or_attack", f"2024-09-{i + 1:02}",
                                                    "solino")) for i in range(5)]
    articles.insert(1, make_article("first.txt", event("displacement", "2024-08-02", "tabarre")))
    store = open_store(sys.argv[1], extractor=line_extractor, gazetteer=False)
    store.ingest(articles, progress=progress)
    print("COMMITTED", flush=True)
""")


def test_killed_ingest_leaves_the_store_as_before(location):
    path = location
    store = open_store(path, extractor=line_extractor, gazetteer=False)
    store.ingest([make_article("first.txt", event("clash_or_attack", "2024-08-01", "solino"))])
    before, articles_before = store.query(), store.articles()
    store.close()

    proc = subprocess.Popen([sys.executable, "-c", BATCH, str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # never hang the suite
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("WROTE 6"), f"no progress line; stderr: {proc.stderr.read()}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    store = open_store(path, extractor=line_extractor, gazetteer=False)
    pd.testing.assert_frame_equal(store.query(), before)  # the replaced first.txt is back too
    pd.testing.assert_frame_equal(store.articles(), articles_before)
    assert store.sources(before.id)["article"].tolist() == ["first.txt"]
    # and the store still works: the same batch goes in whole
    report = store.ingest([make_article("batch0.txt", event("clash_or_attack", "2024-09-01",
                                                            "solino"))])
    assert [a.status for a in report] == ["new"]
    assert store.count() == 2
    store.close()
