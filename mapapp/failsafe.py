"""An unexpected error in a page shows users one short message with an error id; the
traceback goes to the server's log under that id, never to the browser (file paths, SQL and
data stay on the server). Streamlit's own rerun and stop signals are BaseExceptions and
pass through untouched."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

log = logging.getLogger("haiti_map")


@contextmanager
def failsafe(what: str) -> Iterator[None]:
    """Run a page's rendering; on an unexpected error log it and show a short message."""
    try:
        yield
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        log.exception("error %s while showing the %s", error_id, what)
        st.error(f"Something went wrong while showing the {what}. Please try again; if it "
                 f"persists, give the administrator the error id {error_id} (the details "
                 "are in the server's log).")
