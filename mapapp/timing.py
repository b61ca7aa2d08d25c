"""Where a script run's time goes: each stage's seconds, logged at debug level.

`streamlit run app.py --logger.level debug` prints one line per stage ("stage map payload:
0.41 s"), enough to see what a first paint waits for without a profiler.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.logger import get_logger

LOG = get_logger(__name__)


@contextmanager
def stage(name: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        LOG.debug("stage %s: %.3f s", name, time.perf_counter() - t0)
