"""Issue 10, item 12: uploads are extracted in a worker process, not in the script thread
that serves the session (which froze every other session and the health check)."""
from __future__ import annotations

import os
from datetime import date

from incidents.article import parse_article
from incidents.extract import extract
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
