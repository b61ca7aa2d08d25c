"""One reviewer's session on the Review page: their name, the version of each incident as
they opened it, saving only what they changed (refused, with the form kept, when someone
else changed the incident meanwhile or the store is busy), each incident's history, and
the reviews that need another look after an article changed."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from errors import StoreError
from incidents.model import FIGURE_KEYS
from incidents.store import ReviewConflict
from mapapp import data
from mapapp.summaries import md_literal

NAME_KEY = "reviewer_name"


def reviewer_name() -> str:
    """The reviewer's name, asked once and kept for the session (recorded with reviews)."""
    name = st.text_input("Your name", value=st.session_state.get(NAME_KEY, ""),
                         key="reviewer_name_input", max_chars=80,
                         help="Recorded with each change you save, in the incident's history.")
    st.session_state[NAME_KEY] = name.strip()
    return name.strip()


def _figure(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def values_of(row: Any) -> dict[str, Any]:
    """The incident's editable values as the form shows them."""
    return {"review": row.review or "unreviewed", "event_type": row.event_type,
            "event_date": pd.Timestamp(row.event_date).date(),
            "date_precision": row.date_precision, "place_id": row.place_id,
            "note": row.note if isinstance(row.note, str) else "",
            **{k: _figure(getattr(row, k)) for k in FIGURE_KEYS}}


def opened(path: str, row: Any) -> dict[str, Any]:
    """The incident as this reviewer opened it: its version and values (kept until saved)."""
    key = f"review_opened_{row.id}"
    if key not in st.session_state:
        st.session_state[key] = {"version": data.store(path).version(str(row.id)),
                                 "values": values_of(row)}
    return st.session_state[key]


def changed(was: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    """Only the fields the reviewer changed since opening the form: saving them never
    overwrites what someone else changed in the other fields."""
    return {k: v for k, v in form.items() if k in was and v != was[k]}


def save(path: str, row: Any, form: dict[str, Any]) -> bool:
    """Save the form's changes (``form`` holds ``review`` and the edit fields) against the
    version the reviewer opened; on failure say why and keep the form as it is."""
    start = opened(path, row)
    edits = changed(start["values"], form)
    what = ", ".join(edits) or "no fields"
    state = edits.pop("review", None)
    store = data.store(path)
    try:
        store.review(str(row.id), state, expected_version=start["version"],
                     reviewer=st.session_state.get(NAME_KEY, ""), **edits)
        data.wrote(path)
    except ReviewConflict as err:
        # saving again applies this reviewer's changes on top of the new version
        start["version"] = store.version(str(row.id))
        st.error(f"Not saved: {md_literal(err)}. Your changes are still in the form.")
        return False
    except StoreError as err:
        st.error(f"Not saved: {md_literal(err)}. Your changes are still in the form.")
        return False
    except (ValueError, KeyError) as err:
        st.error(f"Not saved: {md_literal(err)}")
        return False
    st.session_state.pop(f"review_opened_{row.id}", None)
    st.session_state["review_saved"] = f"Saved: {state or start['values']['review']}; " \
                                       f"changed {what}."
    return True


def history(path: str, incident_id: str) -> None:
    """Who changed what on this incident, in an expander."""
    changes = data.store(path).history(incident_id)
    with st.expander(f"History ({len(changes)} changes)"):
        if changes.empty:
            st.caption("No reviewed changes yet.")
        else:
            shown = changes.assign(at=changes["at"].dt.strftime("%Y-%m-%d %H:%M UTC"))
            st.dataframe(shown, hide_index=True, key=f"history_{incident_id}")


def needs_look(path: str) -> None:
    """Reviews whose incident went away when its article's text changed, with the old
    values; a reviewer re-applies them by hand, then removes them from the list."""
    looks = data.store(path).needs_look()
    if looks.empty:
        return
    st.warning(f"{len(looks)} review(s) need another look: their article's text changed and "
               "no new incident matched. Find the incident below, review it again, then "
               "remove it from this list.")
    shown = looks.assign(at=looks["at"].dt.strftime("%Y-%m-%d %H:%M UTC"))
    st.dataframe(shown.drop(columns="id"), hide_index=True, key="needs_look_table")
    labels = {int(r.id): f"{r.old} ({r.review}, {r.article})" for r in looks.itertuples()}
    left, right = st.columns([3, 1])
    pick = left.selectbox("Looked at", list(labels), format_func=labels.__getitem__,
                          key="needs_look_pick", label_visibility="collapsed")
    if right.button("Remove from the list", key="needs_look_done"):
        try:
            data.store(path).dismiss_look(pick)
            data.wrote(path)
        except (StoreError, KeyError) as err:
            st.error(f"Not removed: {md_literal(err)}")
            return
        st.rerun()
