"""A store this program cannot write still serves reads and exports (issue 10, item 14):
opened read-only, never migrated, and every write refused with a clear message."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from errors import StoreError
from incidents.filters import Filters
from incidents.formats import BY_KEY
from incidents.store import open_store
from incidents.store import sqlite as sqlite_store
from tests.test_store_cli import run
from tests.test_store_support import event, line_extractor, make_article

ROOT = Path(__file__).resolve().parents[1]
A = make_article("a.txt", "\n".join([event("clash_or_attack", "2024-08-26", "solino"),
                                     event("displacement", "2024-08-20", "tabarre"),
                                     "UNPLACED Fort Mercredi"]))


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "ro" / "store.db"
    with open_store(p, extractor=line_extractor, gazetteer=False) as s:
        s.ingest([A])
        s.review(s.query().id[0], "verified", note="seen", reviewer="Ana")
    return p


def test_a_read_only_store_serves_reads_and_refuses_writes(path):
    """Issue 10, item 14: every read works; a write says the store is read-only; the file
    is not touched."""
    before = path.read_bytes()
    with open_store(path, extractor=line_extractor, gazetteer=False, read_only=True) as s:
        df = s.query()
        assert len(df) == s.count() == 2
        assert s.options()["communes"] and len(s.articles()) == 1
        assert len(s.sources(df.id)) == 2 and len(s.unplaced()) == 1
        assert s.history(df.id[0]).reviewer.tolist() == ["Ana", "Ana"]
        assert s.needs_look().empty and s.version(df.id[0]) == 2
        for export in BY_KEY.values():
            assert export.fn(s, Filters())
        for write in (lambda: s.ingest([make_article("b.txt", event("site_lost", "2024-08-01",
                                                                     "kenscoff"))]),
                      lambda: s.review(df.id[0], "rejected")):
            with pytest.raises(StoreError, match=r"store\.db: the store is read-only \(this "
                                                 r"program cannot write the file or its "
                                                 r"folder\): reads and exports work"):
                write()
        assert s.count() == 2
    assert path.read_bytes() == before


def test_an_unwritable_store_is_opened_read_only_by_the_cli(path, monkeypatch, capsys):
    """Issue 10, item 14: `export` works on a store whose file and folder are read-only;
    `ingest` is one clear error line (exit 2). (Permissions as seen by os.access: the
    suite may run as root, who may write anything.)"""
    monkeypatch.setattr(sqlite_store.os, "access", lambda p, mode: mode != os.W_OK)
    out = path.parent.parent / "out.geojson"
    assert run(["export", "--db", str(path), "-o", str(out)]) == 0
    assert "2 incidents" in capsys.readouterr().out and out.stat().st_size > 0
    article = path.parent.parent / "b.txt"
    article.write_text(" date 2024-08-02\n" + event("site_lost", "2024-08-01", "kenscoff"))
    assert run(["ingest", str(article), "--db", str(path)]) == 2
    assert "the store is read-only" in capsys.readouterr().err


def test_a_read_only_store_of_an_older_schema_is_refused_clearly(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 5")
    db.close()
    with pytest.raises(StoreError, match=r"store\.db: read-only store at schema version 5, "
                                         r"this program reads version \d+: open it once"):
        open_store(path, read_only=True)


READER = """
import sys
from incidents.store import open_store
from incidents.filters import Filters
from incidents.formats import BY_KEY
s = open_store(sys.argv[1], gazetteer=False)
print(s.read_only, s.count(), len(BY_KEY["csv"].fn(s, Filters())) > 0)
try:
    s.review(s.query().id[0], "rejected")
except Exception as exc:
    print(type(exc).__name__, "read-only" in str(exc))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_store_in_a_folder_nobody_may_write_is_read(path):
    """Issue 10, item 14, with real permissions: another user (as root: 'nobody') reads
    the store in a folder it cannot write, with no -wal/-shm files beside it."""
    folder = Path(tempfile.mkdtemp(prefix="ro-store-"))
    try:
        shutil.copy(path, folder / "store.db")
        sqlite3.connect(folder / "store.db").execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for extra in folder.glob("store.db-*"):
            extra.unlink()
        os.chmod(folder / "store.db", 0o444)
        os.chmod(folder, 0o555)
        user = {"user": 65534} if os.geteuid() == 0 else {}
        try:
            done = subprocess.run([sys.executable, "-c", READER, str(folder / "store.db")],
                                  cwd=ROOT, capture_output=True, text=True, timeout=120,
                                  **user)
        except PermissionError:
            pytest.skip("this Python cannot be run by another user")
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["True", "2", "True", "StoreError", "True"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)
