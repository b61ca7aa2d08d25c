"""Review: verify or reject incidents, correct their type, date, place and figures, and list
the place names the gazetteer could not resolve."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from incidents.filters import REVIEW_STATES, Filters, caption, to_params
from incidents.model import DATE_PRECISIONS, FIGURE_KEYS
from incidents.taxonomy import EVENT_TYPE_KEYS, LABELS
from incidents.window import FIRST_DAY, last_day
from mapapp import data, review_session
from mapapp.payload import fmt_day, place_line
from mapapp.summaries import md_literal

PICK_LIMIT = 500  # incidents offered in the picker (the filters narrow the list)


def incident_label(row: Any) -> str:
    return (f"{fmt_day(row.event_date)} · {LABELS.get(row.event_type, row.event_type)} · "
            f"{place_line(row)} · {row.review or 'unreviewed'}")


@st.cache_resource(show_spinner=False)
def _place_labels() -> dict[str, str]:
    from geo.gazetteer import load_gazetteer

    return {p.id: f"{p.name} ({p.kind}) · {', '.join(v for v in (p.commune, p.department) if v)}"
            for p in load_gazetteer().places}


def place_choices() -> dict[str, str]:
    """Gazetteer place id -> 'name (kind) · commune, department', for the place picker."""
    try:
        return _place_labels()
    except Exception as err:  # the page still works without the place picker
        st.warning("The gazetteer could not be loaded, so places cannot be changed: "
                   f"{md_literal(err)}")
        return {}


def _figure(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _edit_form(path: str, row: Any) -> None:
    places = place_choices()
    review_session.opened(path, row)  # the version this reviewer opened
    # Widget keys carry the incident id: picking another incident shows its own values.
    with st.form(f"review_{row.id}"):
        left, right = st.columns(2)
        state = left.radio("Review state", REVIEW_STATES, horizontal=True,
                           index=REVIEW_STATES.index(row.review)
                           if row.review in REVIEW_STATES else 0)
        event_type = right.selectbox("Type", EVENT_TYPE_KEYS, key=f"review_type_{row.id}",
                                     index=EVENT_TYPE_KEYS.index(row.event_type),
                                     format_func=lambda k: LABELS.get(k, k))
        # bounded by the window the store accepts, not today: announced and mistyped
        # future dates must open too
        event_date = left.date_input("Date", value=pd.Timestamp(row.event_date).date(),
                                     min_value=FIRST_DAY, max_value=last_day(),
                                     format="DD/MM/YYYY")
        precision = right.selectbox("Date precision", DATE_PRECISIONS,
                                    index=DATE_PRECISIONS.index(row.date_precision)
                                    if row.date_precision in DATE_PRECISIONS else 0)
        place_ids = list(places)
        if row.place_id and row.place_id not in places:
            place_ids.insert(0, row.place_id)
        place_id = st.selectbox(
            "Place (from the gazetteer; type to search)", place_ids,
            index=place_ids.index(row.place_id) if row.place_id in place_ids else None,
            format_func=lambda pid: places.get(pid, pid), placeholder="unplaced",
            key=f"review_place_{row.id}")
        figures = {}
        for col, key in zip(st.columns(len(FIGURE_KEYS)), FIGURE_KEYS, strict=True):
            figures[key] = col.number_input(key.capitalize(), min_value=0, step=1,
                                            value=_figure(getattr(row, key)),
                                            key=f"review_{key}_{row.id}")
        note = st.text_input("Note", value=row.note if isinstance(row.note, str) else "",
                             key=f"review_note_{row.id}")
        if st.form_submit_button("Save review", type="primary"):
            form = {"review": state, "event_type": event_type, "event_date": event_date,
                    "date_precision": precision, "place_id": place_id, "note": note,
                    **{k: _figure(v) for k, v in figures.items()}}
            if review_session.save(path, row, form):
                st.rerun()
    review_session.history(path, str(row.id))


def render(path: str, rev: tuple[int, ...], filters: Filters) -> None:
    incidents = data.query(path, to_params(filters))
    st.caption(md_literal(caption(filters, len(incidents))))
    if msg := st.session_state.pop("review_saved", None):
        st.success(msg)
    st.subheader("Review incidents")
    review_session.reviewer_name()
    review_session.needs_look(path)
    if incidents.empty:
        st.info("No incidents match the filters.")
    else:
        # Unreviewed first, newest first: the queue a reviewer works through.
        queue = incidents.assign(queue=incidents["review"].map(
            {state: i for i, state in enumerate(REVIEW_STATES)}).fillna(0))
        ordered = queue.sort_values(["queue", "event_date"], ascending=[True, False])
        ordered = ordered.head(PICK_LIMIT)
        labels = {str(r.id): incident_label(r) for r in ordered.itertuples()}
        picked = st.selectbox("Incident", list(labels), format_func=labels.__getitem__,
                              key="review_pick")
        row = next(ordered[ordered["id"].astype(str) == picked].itertuples())
        src = data.sources(path, rev, (picked,))
        with st.expander(f"Sources ({len(src)})", expanded=True):
            for s in src.itertuples():
                st.text(s.evidence)  # st.text: article text is shown, never rendered
                st.caption(md_literal(f"{s.article} · {fmt_day(s.article_date)} · rule {s.rule}"))
            if isinstance(row.merge_reason, str) and row.merge_reason:
                st.caption(f"Merged because: {md_literal(row.merge_reason)}")
            if isinstance(row.conflicts, str) and row.conflicts:
                st.warning(f"Sources disagree: {md_literal(row.conflicts)}")
        _edit_form(path, row)
    st.subheader("Place names not found in the gazetteer")
    missing = data.unplaced(path, rev)
    if missing.empty:
        st.caption("None: every place mention was resolved.")
    else:
        st.dataframe(missing, hide_index=True, key="unplaced_table")
