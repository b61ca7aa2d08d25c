"""Review: verify or reject incidents, correct their type, date, place and figures, and list
the place names the gazetteer could not resolve."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from errors import StoreError
from incidents.filters import REVIEW_STATES, Filters, caption, to_params
from incidents.model import DATE_PRECISIONS, FIGURE_KEYS
from incidents.taxonomy import EVENT_TYPE_KEYS, LABELS
from incidents.window import FIRST_DAY, last_day
from mapapp import data, review_session
from mapapp.mapview import point_map
from mapapp.payload import fmt_day, place_line
from mapapp.placing import decimals_of, find_places, implied_precision, place_at
from mapapp.sidebar import DATE_INPUT_FORMAT
from mapapp.summaries import md_literal, plural

PICK_LIMIT = 500  # incidents offered in the picker (the filters narrow the list)


def incident_label(row: Any) -> str:
    return (f"{fmt_day(row.event_date)} · {LABELS.get(row.event_type, row.event_type)} · "
            f"{place_line(row)} · {row.review or 'unreviewed'}")


@st.cache_resource(show_spinner=False)
def _gazetteer() -> Any:
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


def gazetteer() -> Any | None:
    """The gazetteer, for the place finder (None, with a warning, when it cannot load)."""
    try:
        return _gazetteer()
    except Exception as err:  # the page still works without the place finder
        st.warning("The gazetteer could not be loaded, so places cannot be changed: "
                   f"{md_literal(err)}")
        return None


def choice_label(choice: Any) -> str:
    p = choice.place
    where = ", ".join(v for v in (p.commune, p.department) if v and v != p.name)
    return (f"{p.name} ({p.kind.replace('_', ' ')}) · {where or 'Haiti'} · precision "
            f"{choice.geo_precision}")


def _figure(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _place_setter(row: Any) -> Any | None:
    """The new place, found by name (the matcher of `python -m geo lookup`) or set by a
    point (a click on the map or typed lat/lon, at the precision its decimals imply); None
    keeps the incident's place. Outside the form: each step answers at once."""
    gaz = gazetteer()
    if gaz is None:
        return None
    rid = row.id
    st.markdown(f"**Place now:** {md_literal(place_line(row))} · precision "
                f"{_figure(row.geo_precision) or '–'}")
    by_name, by_point = st.tabs(["Find a place by name", "Set a point on the map"])
    with by_name:
        text = st.text_input("Place name", key=f"review_find_{rid}",
                             placeholder="e.g. Delmas 32, Cite Soleil, Tabarre 27",
                             help="Read as `python -m geo lookup` reads it: numbered "
                                  "neighbourhoods, with or without accents, aliases.")
        choices = find_places(gaz, text)
        if text.strip() and (not choices or choices[0].reason.startswith("not found")):
            st.caption(f"Nothing in the gazetteer is called “{md_literal(text)}”; the "
                       "matches below are near spellings.")
        # Keyed by the words too: new words start on their best match.
        named = st.selectbox("Matches", range(len(choices)), key=f"review_place_{rid}_{text}",
                             format_func=lambda i: choice_label(choices[i]),
                             index=0 if choices else None, placeholder="keep the place")
    with by_point:
        lat_key, lon_key, seen_key = f"review_lat_{rid}", f"review_lon_{rid}", f"_clicked_{rid}"
        typed = _typed_point(st.session_state.get(lat_key, ""),
                             st.session_state.get(lon_key, ""))
        proposed = place_at(gaz, *typed[:2], typed[2]) if typed else None
        out = st_folium(point_map(data.outlines(), _coord(row.lat), _coord(row.lon),
                                  (proposed.place.lat, proposed.place.lon) if proposed else None),
                        key=f"review_map_{rid}", height=320, use_container_width=True,
                        returned_objects=["last_clicked"])
        click = (out or {}).get("last_clicked")
        if click and click != st.session_state.get(seen_key):
            st.session_state[seen_key] = click  # a new click: its point, to 5 decimals
            st.session_state[lat_key] = f"{click['lat']:.5f}"
            st.session_state[lon_key] = f"{click['lng']:.5f}"
            st.rerun()
        left, right = st.columns(2)
        left.text_input("Latitude", key=lat_key, placeholder="18.5448")
        right.text_input("Longitude", key=lon_key, placeholder="-72.3004")
        if typed:
            stands = ("Outside Haiti." if proposed is None else
                      f"Stands for {choice_label(proposed)}: {proposed.reason}.")
            st.caption(f"{typed[2]} decimals: at best precision "
                       f"{implied_precision(typed[2])}. {md_literal(stands)}")
    chosen = proposed if typed else (choices[named] if named is not None else None)
    if chosen is not None:
        st.info(f"Will save the place: {md_literal(choice_label(chosen))}")
    return chosen.place.id if chosen is not None else None


def _coord(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _typed_point(lat: str, lon: str) -> tuple[float, float, int] | None:
    """(lat, lon, decimals) from the two fields, or None when either is not a number."""
    try:
        return float(lat), float(lon), min(decimals_of(lat), decimals_of(lon))
    except ValueError:
        return None


def _edit_form(path: str, row: Any, new_place: str | None) -> None:
    """The review form of one incident: state, type, date, figures and note, saved at once
    (with the place picked above it) against the version this reviewer opened."""
    review_session.opened(path, row)  # the version this reviewer opened
    # Widget keys carry the incident id: picking another incident shows its own values.
    with st.form(f"review_{row.id}"):
        state, event_type, event_date, precision = _state_type_date_inputs(row)
        figures = _figure_inputs(row)
        note = st.text_input("Note", value=row.note if isinstance(row.note, str) else "",
                             key=f"review_note_{row.id}")
        if st.form_submit_button("Save review", type="primary", key="review_save"):
            form = {"review": state, "event_type": event_type, "event_date": event_date,
                    "date_precision": precision, "place_id": new_place or row.place_id,
                    "note": note,
                    **{k: _figure(v) for k, v in figures.items()}}
            if review_session.save(path, row, form):
                st.rerun()
    review_session.history(path, str(row.id))


def _state_type_date_inputs(row: Any) -> tuple[str, str, Any, str]:
    """The form's two columns: review state and date on the left, type and date precision
    on the right."""
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
                                 format=DATE_INPUT_FORMAT)
    precision = right.selectbox("Date precision", DATE_PRECISIONS,
                                index=DATE_PRECISIONS.index(row.date_precision)
                                if row.date_precision in DATE_PRECISIONS else 0)
    return state, event_type, event_date, precision


def _figure_inputs(row: Any) -> dict[str, Any]:
    """One number input per figure, side by side."""
    figures = {}
    for col, key in zip(st.columns(len(FIGURE_KEYS)), FIGURE_KEYS, strict=True):
        figures[key] = col.number_input(key.capitalize(), min_value=0, step=1,
                                        value=_figure(getattr(row, key)),
                                        key=f"review_{key}_{row.id}")
    return figures


def _step(ids: list[str], by: int) -> None:
    """Next/previous incident of the queue (a button's callback)."""
    current = st.session_state.get("review_pick")
    i = ids.index(current) if current in ids else 0
    st.session_state["review_pick"] = ids[(i + by) % len(ids)]


def _queue_nav(ids: list[str], labels: dict[str, str]) -> str:
    """The incident picker with previous / next buttons; returns the picked id."""
    pick, prev, nxt = st.columns([8, 1, 1], vertical_alignment="bottom")
    picked = pick.selectbox("Incident", ids, format_func=labels.__getitem__, key="review_pick")
    prev.button("‹ Previous", key="review_prev", on_click=_step, args=(ids, -1),
                width="stretch")
    nxt.button("Next ›", key="review_next", on_click=_step, args=(ids, 1), width="stretch")
    return picked


def _bulk_verify(path: str, ids: list[str], labels: dict[str, str]) -> None:
    """Mark several incidents of the queue verified at once."""
    with st.expander("Verify several incidents"):
        chosen = st.multiselect("Incidents", ids, format_func=labels.__getitem__,
                                key="review_bulk", placeholder="choose incidents")
        if st.button(f"Verify {plural(len(chosen), 'incident')}", key="review_bulk_verify",
                     disabled=not chosen):
            store, reviewer = data.store(path), st.session_state.get(review_session.NAME_KEY, "")
            try:
                for incident_id in chosen:
                    store.review(incident_id, state="verified", reviewer=reviewer)
            except (StoreError, ValueError, KeyError) as err:
                data.wrote(path)  # those verified before the error are stored
                st.error(f"Not all verified: {md_literal(err)}")
                return
            data.wrote(path)
            st.session_state["review_saved"] = f"Verified {plural(len(chosen), 'incident')}."
            st.session_state.pop("review_bulk", None)
            st.rerun()


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
        picked = _queue_nav(list(labels), labels)
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
        _edit_form(path, row, _place_setter(row))
        _bulk_verify(path, list(labels), labels)
    st.subheader("Place names not found in the gazetteer")
    missing = data.unplaced(path, rev)
    if missing.empty:
        st.caption("None: every place mention was resolved.")
    else:
        st.dataframe(missing, hide_index=True, key="unplaced_table")
