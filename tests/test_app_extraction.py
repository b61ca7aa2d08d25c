"""Issue 10, item 12: uploads are extracted in a worker process, not in the script thread
that serves the session (which froze every other session and the health check)."""
from __future__ import annotations

import os
from datetime import date

from incidents.extract.article import parse_article
from incidents.extract.pipeline import extract
from incidents.model import Article
from mapapp import extraction

DAY = date(2024, 10, 15)
TEXTS = {
    "cabaret.txt": "Gang members attacked the police station in Cabaret on Monday, killing "
                   "two officers, police said.",
    "solino.txt": "Police killed two gang members in Solino on Monday.",
}


def test_extraction_runs_in_one_reused_worker_process():
    """The worker is another process, spawned once and reused."""
    first = extraction.pool().submit(os.getpid).result()
    again = extraction.pool().submit(os.getpid).result()
    assert first == again != os.getpid()


def test_extract_all_gives_what_extract_gives_and_reports_each_file():
    articles = [parse_article(text, name, DAY) for name, text in TEXTS.items()]
    seen = []
    done, failed = extraction.extract_all(articles, lambda *a: seen.append(a))
    assert failed == []
    assert done == [extract(a) for a in articles]
    assert seen == [(1, 2, "cabaret.txt"), (2, 2, "solino.txt")]


def test_an_article_that_breaks_the_extractor_does_not_sink_the_batch():
    good = parse_article(TEXTS["solino.txt"], "solino.txt", DAY)
    broken = Article("broken.txt", DAY, None, "x")  # no text: the extractor raises
    done, failed = extraction.extract_all([broken, good])
    assert [e.article.name for e in done] == ["solino.txt"]
    ((name, why),) = failed
    assert name == "broken.txt" and why.startswith("broken.txt: extraction failed (")


def test_an_upload_waiting_for_the_write_lock_does_not_block_other_sessions(tmp_path):
    """Issue 10, item 12: an upload's write waited for a CLI's write lock while holding the
    shared store, so every session's query waited too."""
    import sqlite3
    import threading

    from mapapp import data

    db = str(tmp_path / "w.db")
    shared = data.store(db)
    before = shared.count()
    cli = sqlite3.connect(db, isolation_level=None)
    cli.execute("BEGIN IMMEDIATE")  # a CLI ingest holding SQLite's write lock
    extraction = extract(parse_article(TEXTS["solino.txt"], "solino.txt", DAY))
    upload = threading.Thread(target=lambda: _write(data, db, [extraction]))
    upload.start()
    reader = threading.Thread(target=shared.count)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "a session's query waited for the upload's write"
    cli.execute("ROLLBACK")
    upload.join(timeout=60)
    assert shared.count() == before + len(extraction.incidents) > before
    cli.close()


def _write(data, db, extractions) -> None:
    with data.writer(db) as store:
        store.ingest_extractions(extractions)
