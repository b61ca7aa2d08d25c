"""Review state and reviewer edits: validated, stored per source report, applied on top.

A review is written against every source report of an incident (by the reports' stable
keys), so it survives re-ingest, new reports joining the incident, and a gazetteer rebuild
(a place edit keeps a snapshot of the chosen place). The incident shows the most recent
review among its sources. An edit set to ``None`` is removed (the extracted value returns).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.place import Place
from incidents.filters import REVIEW_STATES
from incidents.model import DATE_PRECISIONS, FIGURE_KEYS, Incident
from incidents.store.base import EDIT_KEYS, as_date
from incidents.store.merge import TOLERANCE_DAYS
from incidents.taxonomy import EVENT_TYPE_KEYS
from incidents.window import check_day

PlaceLookup = Callable[[str], Place]


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    state: str
    edits: dict = field(hash=False)
    at: float = 0.0
    reviewer: str = ""

    def dumps(self) -> str:
        return json.dumps(self.edits, sort_keys=True, ensure_ascii=False)


def _event_type(value: Any, _lookup: PlaceLookup | None) -> str:
    if value not in EVENT_TYPE_KEYS:
        raise ValueError(f"event_type: expected one of {', '.join(EVENT_TYPE_KEYS)}, "
                         f"got {value!r}")
    return value


def _event_date(value: Any, _lookup: PlaceLookup | None) -> str:
    try:
        day = as_date(value)
    except ValueError as exc:
        raise ValueError(f"event_date: {exc}") from None
    return check_day(day, "event_date").isoformat()


def _precision(value: Any, _lookup: PlaceLookup | None) -> str:
    if value not in DATE_PRECISIONS:
        raise ValueError(f"date_precision: expected one of {', '.join(DATE_PRECISIONS)}, "
                         f"got {value!r}")
    return value


def _figure(key: str):
    def check(value: Any, _lookup: PlaceLookup | None) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key}: expected a whole number >= 0, got {value!r}")
        return value
    return check


def _note(value: Any, _lookup: PlaceLookup | None) -> str:
    return str(value)


def _place(value: Any, lookup: PlaceLookup | None) -> dict:
    """A snapshot of the chosen gazetteer place, so the edit outlives a gazetteer rebuild."""
    if lookup is None:
        raise ValueError("place_id: no gazetteer available to look the place up")
    try:
        place = lookup(str(value))
    except (KeyError, LookupError, ValueError):
        raise ValueError(f"place_id: {value!r} is not in the gazetteer") from None
    return {"place_id": place.id, "place": place.name, "place_name": place.name,
            "department": place.department or None, "commune": place.commune or None,
            "lat": place.lat, "lon": place.lon, "geo_precision": place.geo_precision}


# Each editable key and how its value is checked and normalised (JSON-ready).
VALIDATORS: dict[str, Callable[[Any, PlaceLookup | None], Any]] = {
    "event_type": _event_type,
    "event_date": _event_date,
    "date_precision": _precision,
    "place_id": _place,
    **{k: _figure(k) for k in FIGURE_KEYS},
    "note": _note,
}
assert set(VALIDATORS) == set(EDIT_KEYS)


def check_state(state: str | None) -> None:
    if state is not None and state not in REVIEW_STATES:
        raise ValueError(f"review state: expected one of {', '.join(REVIEW_STATES)}, "
                         f"got {state!r}")


def updated_edits(current: dict, edits: dict[str, Any],
                  lookup: PlaceLookup | None = None) -> dict:
    """``current`` with ``edits`` validated and applied (None removes an edit)."""
    unknown = sorted(set(edits) - set(VALIDATORS))
    if unknown:
        raise ValueError(f"cannot edit {', '.join(unknown)}: editable fields are "
                         f"{', '.join(EDIT_KEYS)}")
    result = dict(current)
    for key, value in edits.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = VALIDATORS[key](value, lookup)
    return result


def effective(records: Iterable[ReviewRecord | None], verified: bool = False) -> ReviewRecord:
    """The review an incident shows: the latest among its sources' reviews."""
    present = [r for r in records if r is not None]
    if present:
        return max(present, key=lambda r: r.at)
    return ReviewRecord("verified" if verified else "unreviewed", {}, 0.0)


def apply_edits(values: dict, edits: dict) -> dict:
    """Merged incident values with the reviewer's edits on top."""
    out = dict(values)
    for key, value in edits.items():
        if key == "place_id":
            out.update(value)
        elif key == "event_date":
            out[key] = date.fromisoformat(value)
        elif key != "note":
            out[key] = value
    return out


# What the history records of an incident, as a reviewer reads it.
HISTORY_FIELDS = ("review", "event_type", "event_date", "date_precision", "place",
                  *FIGURE_KEYS, "note")


def shown(row: dict) -> dict[str, str]:
    """An incident's HISTORY_FIELDS as text ('' for none); the place as 'name (id)'."""
    out = {k: "" if row.get(k) is None else str(row[k]) for k in HISTORY_FIELDS}
    name = row.get("place_name") or row.get("place") or ""
    out["place"] = f"{name} ({row['place_id']})" if row.get("place_id") else name
    return out


def changes(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field, old, new) for each field of ``shown`` values that differs."""
    return [(k, before.get(k, ""), after.get(k, "")) for k in HISTORY_FIELDS
            if before.get(k, "") != after.get(k, "")]


def conflict_message(incident_id: str, opened: int, now: int,
                     later: Iterable[tuple[str, str, float]]) -> str:
    """Why a review opened at version ``opened`` is refused; ``later``: (field, reviewer,
    at) of the changes made since."""
    done = [f"{f} by {who or 'someone'} at {time.strftime('%H:%M UTC', time.gmtime(at))}"
            for f, who, at in later]
    what = "; ".join(done) if done else "re-merged by an ingest"
    return (f"{incident_id}: changed by someone else since you opened it (version {opened}, "
            f"now {now}: {what}); nothing was saved. Check the new values, then save again")


@dataclass(frozen=True, slots=True)
class LostReview:
    """A review whose incident lost its source reports (the article's text changed)."""

    incident_id: str
    record: ReviewRecord
    report: Incident  # the reviewed report as extracted, for matching
    shown: dict = field(hash=False)  # the incident's values as the reviewer saw them


def match_lost(lost: LostReview, candidates: Iterable[tuple[str, Incident]]) -> str | None:
    """The key of the new report a lost review carries to: the same event type and place
    (place id, or the place's words when neither has an id) and a date within the
    tolerance of the coarser precision (merge.TOLERANCE_DAYS); the closest date wins,
    then the first. None: no match, the reviewer must look again."""
    old = lost.report
    best: tuple[int, str] | None = None
    for key, new in candidates:
        if new.event_type != old.event_type:
            continue
        if (old.place_id or new.place_id) and old.place_id != new.place_id:
            continue
        if not (old.place_id or new.place_id) and old.place.casefold() != new.place.casefold():
            continue
        days = abs((new.event_date - old.event_date).days)
        tolerance = max(TOLERANCE_DAYS.get(p, 31) for p in (old.date_precision,
                                                             new.date_precision))
        if days <= tolerance and (best is None or days < best[0]):
            best = (days, key)
    return best[1] if best else None


def look_line(values: dict[str, str]) -> str:
    """The old values of a lost review's incident in one line."""
    figures = ", ".join(f"{k} {values[k]}" for k in FIGURE_KEYS if values.get(k))
    return " · ".join(v for v in (values.get("event_type"), values.get("event_date"),
                                  values.get("place"), figures) if v)
