"""Extraction outside the server's process: one worker process, spawned on first use and
reused for every upload of every session.

Extraction is pure Python and holds the GIL for as long as it runs: run in a script thread,
one 180 KB upload froze every other session and the health check for half a minute. The
worker loads the gazetteer once (and the extractor's models, when it has some); the script
thread only waits for results, which releases the GIL, and hands ready extractions to the
store, whose write lock is then held for the write alone. No streamlit here: the worker
imports this module.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
import types
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from incidents.model import Article, Extraction

WORKERS = 1  # the machine's other cores serve the app's sessions
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


# The worker's nice value: extraction is background work, so on a busy machine the server's
# sessions (and their browsers) run first; an upload still uses every idle cycle.
WORKER_NICE = 19


def _warm() -> None:
    """In the worker, once: step back behind the interactive processes, then load what every
    extraction needs."""
    import os

    os.nice(WORKER_NICE)
    from geo.gazetteer import load_gazetteer

    load_gazetteer()


def _extract(article: Article) -> Extraction | str:
    """In the worker: one article's extraction, or why it failed (one bad article never
    sinks the batch)."""
    from incidents.extract.pipeline import extract

    try:
        return extract(article)
    except Exception as exc:  # reported per file: the batch goes on
        return f"{article.name}: extraction failed ({type(exc).__name__}: {exc})"


def _ready() -> bool:
    return True


def pool() -> ProcessPoolExecutor:
    """The worker pool (spawned, not forked: the server's threads are not copied)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            executor = ProcessPoolExecutor(WORKERS, multiprocessing.get_context("spawn"),
                                           initializer=_warm)
            # A spawned child re-runs the parent's __main__ file, and Streamlit makes the
            # app script __main__: the worker would run the app. Its first submit starts the
            # (only) worker process, so it is made with a bare __main__ in place.
            main = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                executor.submit(_ready)
            finally:
                sys.modules["__main__"] = main
            _pool = executor
        return _pool


def _reset(broken: ProcessPoolExecutor) -> None:
    """Forget a pool whose worker died, so the next upload spawns a fresh one."""
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def extract_all(articles: Sequence[Article],
                progress: Callable[[int, int, str], None] | None = None,
                ) -> tuple[list[Extraction], list[tuple[str, str]]]:
    """(extractions, [(name, why it failed)]) of ``articles``, extracted in the worker;
    ``progress(done, total, name)`` is called as each file comes back, in order."""
    executor = pool()
    futures: list[Future] = [executor.submit(_extract, a) for a in articles]
    done: list[Extraction] = []
    failed: list[tuple[str, str]] = []
    for i, (article, future) in enumerate(zip(articles, futures, strict=True), 1):
        try:
            result = future.result()
        except BrokenProcessPool:
            _reset(executor)
            result = f"{article.name}: not extracted: the extraction worker stopped; try again"
        if isinstance(result, str):
            failed.append((article.name, result))
        else:
            done.append(result)
        if progress is not None:
            progress(i, len(articles), article.name)
    return done, failed
