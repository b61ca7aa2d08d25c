"""The write lock is held only for writes (issue 10, item 4): extraction runs outside it, a
long import commits in batches, and a write that meets a busy store says so."""
from __future__ import annotations

import sqlite3

import pytest

from errors import StoreError
from incidents.store import ingesting, open_store
from tests.test_store_support import event, line_extractor, make_article

ARTICLES = [make_article(f"a{i}.txt", event("clash_or_attack", f"2024-08-{3 * i + 1:02}", "solino"))
            for i in range(5)]


def test_extraction_runs_outside_the_write_lock(tmp_path):
    """Issue 10, item 4: while an article is extracted, another program can write."""
    path = tmp_path / "l.db"
    open_store(path, extractor=line_extractor, gazetteer=False).close()
    writes = []

    def extractor(article):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # raises 'database is locked' under a held lock
        other.execute("COMMIT")
        other.close()
        writes.append(article.name)
        return line_extractor(article)

    with open_store(path, extractor=extractor, gazetteer=False) as store:
        report = store.ingest(ARTICLES)
        assert [a.status for a in report] == ["new"] * 5
        assert writes == [a.name for a in ARTICLES] and store.count() == 5


def test_a_long_import_commits_in_batches(tmp_path, monkeypatch):
    """Issue 10, item 4: imported rows (ingest_extractions, as import-acled uses) are
    committed IMPORT_BATCH at a time, so others see them, and wait, only briefly."""
    monkeypatch.setattr(ingesting, "IMPORT_BATCH", 2)
    path = tmp_path / "b.db"
    seen = []

    def progress(done, total, name):
        other = sqlite3.connect(path)
        seen.append(other.execute("SELECT count(*) FROM articles").fetchone()[0])
        other.close()

    with open_store(path, extractor=line_extractor, gazetteer=False) as store:
        report = store.ingest_extractions([line_extractor(a) for a in ARTICLES], verified=True,
                                          progress=progress)
    assert [a.status for a in report] == ["new"] * 5
    assert seen == [0, 0, 2, 2, 4]  # each pair committed before the next is read


def test_a_write_meeting_a_busy_store_says_so_and_changes_nothing(tmp_path):
    """Issue 10, item 4: a review saved while another program holds the write lock waits
    ``timeout`` seconds, then raises a StoreError saying the store is busy; saved again
    after the lock is released, it goes in."""
    path = tmp_path / "busy.db"
    store = open_store(path, extractor=line_extractor, gazetteer=False, timeout=0.2)
    store.ingest(ARTICLES[:1])
    target = store.query().id[0]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match=r"busy\.db: the store is busy: another program "
                                         r"\(an ingest or import\) held the write lock for "
                                         r"0\.2 s; nothing was saved"):
        store.review(target, "verified", note="checked")
    assert store.query().review[0] == "unreviewed"
    other.execute("COMMIT")
    store.review(target, "verified", note="checked")
    assert store.query().note[0] == "checked"
    store.close()
