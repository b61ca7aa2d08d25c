"""Add articles: upload .txt files or paste a text with its date; ingest with a progress bar
and a report per file (incidents found, places not resolved, files refused and why).

Extraction runs in the worker process (mapapp.extraction), the bar moving as each file comes
back; the store is written once, with the ready extractions, through a connection of its
own (mapapp.data.writer), so other sessions keep reading while the write waits or runs."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from errors import StoreError, UploadError
from mapapp import data
from mapapp.extraction import extract_all, pool
from mapapp.sidebar import DATE_INPUT_FORMAT
from mapapp.summaries import md_literal, plural
from mapapp.uploads import (
    ALLOWED_SUFFIXES,
    MAX_FILE_BYTES,
    MAX_FILES,
    Upload,
    check_batch,
    check_paste,
    read_uploads,
)

REPORT_COLUMNS = ["file", "result", "incidents", "places not resolved", "message"]
STATUS_NOTES = {"unchanged": "already in the store with the same text: nothing changed",
                "replaced": "an earlier version of this file was replaced (reviews are kept)"}


def report_frame(report: object | None, refused: list[tuple[str, str]],
                 failed: list[tuple[str, str]] = ()) -> pd.DataFrame:
    """One row per file: the store's outcome, why the file was refused, or why its
    extraction failed."""
    rows = [{"file": a.name, "result": a.status, "incidents": a.n_incidents,
             "places not resolved": ", ".join(a.unplaced),
             "message": "; ".join([a.error or STATUS_NOTES.get(a.status, ""), *a.refused])}
            for a in (report or ())]
    rows += [{"file": name, "result": result, "incidents": 0, "places not resolved": "",
              "message": why} for result, pairs in (("refused", refused), ("failed", failed))
             for name, why in pairs]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def ingest(path: str, uploads: list[Upload], default_date: date | None = None) -> pd.DataFrame:
    articles, refused = read_uploads(uploads, default_date=default_date)
    report, failed = None, []
    if articles:
        bar = st.progress(0.0, text=f"Extracting incidents from {len(articles)} file(s)…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1),
                         text=f"extracted {done}/{total} · {md_literal(name)}")

        extractions, failed = extract_all(articles, progress)
        bar.progress(1.0, text="Storing…")
        try:
            with data.writer(path) as store:
                report = store.ingest_extractions(extractions)
        except StoreError as err:  # the batch is rolled back: nothing stored is lost
            st.error(f"Nothing was added: {md_literal(err)}")
            refused += [(e.article.name, "not stored: the batch was rolled back")
                        for e in extractions]
        bar.progress(1.0, text="Done")
    return report_frame(report, refused, failed)


def _show(frame: pd.DataFrame) -> None:
    n_new = int(frame["incidents"].sum())
    bad = frame[frame["result"].isin(["refused", "failed"])]
    (st.warning if len(bad) else st.success)(
        f"{plural(len(frame), 'file')}: {plural(n_new, 'incident')} found, {len(bad)} "
        "refused or failed.")
    st.dataframe(frame, hide_index=True, key="ingest_report")


def render(path: str) -> None:
    # Start the extraction worker while the user picks files: its start-up (imports, the
    # gazetteer) then costs the upload nothing, and runs before anyone waits on it.
    pool()
    st.subheader("Add articles")
    st.caption(f"Plain-text files ({', '.join(ALLOWED_SUFFIXES)}), up to "
               f"{MAX_FILE_BYTES // 1_000_000} MB each and {MAX_FILES} per batch. An article "
               "starts with a line ` date YYYY-MM-DD`, or takes the date given below.")
    default_date = st.date_input("Date for files without a date line", value=None,
                                 max_value=date.today(), key="add_default_date",
                                 format=DATE_INPUT_FORMAT)
    files = st.file_uploader("Article files", type=None, accept_multiple_files=True,
                             key="add_files")
    if st.button("Add these files", disabled=not files, type="primary", key="add_files_go"):
        try:
            check_batch(len(files))
        except UploadError as err:
            st.error(md_literal(err))
        else:
            _show(ingest(path, [Upload(f.name, f.getvalue()) for f in files], default_date))
    st.divider()
    with st.form("paste", clear_on_submit=False):
        st.markdown("**Or paste an article**")
        text = st.text_area("Text", height=200, key="paste_text")
        left, right = st.columns(2)
        when = left.date_input("Published on", value=None, max_value=date.today(),
                               key="paste_date", format=DATE_INPUT_FORMAT)
        name = right.text_input("Name", key="paste_name",
                                placeholder=f"pasted-{datetime.now():%Y%m%d-%H%M}.txt")
        if st.form_submit_button("Add pasted text"):
            name = (name.strip() or f"pasted-{datetime.now():%Y%m%d-%H%M%S}.txt")
            if not name.lower().endswith(ALLOWED_SUFFIXES):
                name += ".txt"
            try:
                check_paste(text, name)
            except UploadError as err:
                st.error(md_literal(err))
            else:
                _show(ingest(path, [Upload(name, text.encode("utf-8"))], when))
