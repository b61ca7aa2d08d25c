"""The Streamlit app (app.py) under streamlit.testing: empty and seeded stores, filters that
change caption, table and map payload together, the URL, downloads, review."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from incidents.filters import Filters, caption, to_params
from incidents.formats import EXPORTS, export_name
from incidents.store import open_store
from mapapp.assets import STATIC_DIR, URL_PREFIX
from mapapp.summaries import md_literal
from tests.conftest import SEED_INCIDENTS

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def map_args(at: AppTest) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


LAYERS_URL = re.compile(re.escape(URL_PREFIX) + r"(incidents/[0-9a-f]+\.json)")


def map_data(at: AppTest) -> str:
    """The incident layer's script with the layers the map fetches (published by the app,
    mapapp.assets.published_layers) in place of their URL."""
    script = map_args(at)["feature_group"] or ""
    return LAYERS_URL.sub(lambda m: (STATIC_DIR / m.group(1)).read_text(encoding="utf-8"),
                          script)


def drawn(at: AppTest) -> int:
    """Incidents in the map payload (each carries exactly one popup)."""
    return (map_args(at)["script"] + map_data(at)).count('"popup"')


def query(db: Path, filters: Filters):
    store = open_store(db, gazetteer=False)
    try:
        return store.query(filters)
    finally:
        store.close()


def test_app_starts_on_an_empty_store(empty_db):
    at = run_app()
    assert not at.exception
    assert at.caption[0].value == "0 incidents"
    assert drawn(at) == 0
    assert any("No incidents match" in i.value for i in at.info)


def test_app_starts_on_a_seeded_store(seeded_db):
    at = run_app()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]  # the failsafe shows what it caught
    n = len(SEED_INCIDENTS)
    charts = at.get("vega_lite_chart")  # the two weekly charts, drawn on a canvas
    assert len(charts) == 2
    assert [json.loads(c.proto.spec)["usermeta"]["embedOptions"]["renderer"]
            for c in charts] == ["canvas", "canvas"]
    assert at.caption[0].value == f"{n} incidents"
    assert len(at.dataframe[0].value) == n
    assert drawn(at) == n
    assert at.query_params["view"] == "explore"


@pytest.mark.parametrize(("widget", "value", "filters"), [
    ("f_types", ["site_lost", "site_recaptured"],
     Filters(event_types=("site_lost", "site_recaptured"))),
    ("f_types", ["displacement"], Filters(event_types=("displacement",))),
    ("f_precision", 1, Filters(max_geo_precision=1)),
    ("f_text", "retook", Filters(text="retook")),
    ("f_review", ["verified"], Filters(review=("verified",))),
])
def test_a_filter_changes_caption_table_map_and_url_together(seeded_db, widget, value, filters):
    at = run_app()
    kind = {"f_types": "multiselect", "f_review": "multiselect", "f_precision": "selectbox",
            "f_text": "text_input"}[widget]
    getattr(at.sidebar, kind)(key=widget).set_value(value).run()
    assert not at.exception
    expected = query(seeded_db, filters)
    assert at.caption[0].value == md_literal(caption(filters, len(expected)))
    assert drawn(at) == len(expected)
    if len(expected):
        assert len(at.dataframe[0].value) == len(expected)
        assert drawn(at) < len(SEED_INCIDENTS)
    for key, val in to_params(filters).items():
        assert at.query_params[key] == val


def test_a_filter_change_keeps_the_base_map_and_swaps_the_incident_layers(seeded_db):
    at = run_app()
    before = map_args(at)
    at.sidebar.multiselect(key="f_types").set_value(["displacement"]).run()
    after = map_args(at)
    assert after["script"] == before["script"]  # same map: no reload, the view is kept
    assert after["feature_group"] != before["feature_group"]
    assert map_data(at).count('"popup"') == 1


def test_date_slider_narrows_everything(seeded_db):
    at = run_app()
    at.sidebar.slider(key="f_range").set_value((date(2024, 8, 1), date(2024, 9, 10))).run()
    filters = Filters(date_from=date(2024, 8, 1), date_to=date(2024, 9, 10))
    expected = query(seeded_db, filters)
    assert 0 < len(expected) < len(SEED_INCIDENTS)
    assert at.caption[0].value == md_literal(caption(filters, len(expected)))
    assert drawn(at) == len(expected) == len(at.dataframe[0].value)
    assert at.sidebar.date_input(key="f_from").value == date(2024, 8, 1)
    assert at.query_params["date_from"] == "2024-08-01"


def test_date_inputs_move_the_slider(seeded_db):
    at = run_app()
    at.sidebar.date_input(key="f_to").set_value(date(2024, 7, 31)).run()
    assert at.sidebar.slider(key="f_range").value[1] == date(2024, 7, 31)
    assert at.caption[0].value.startswith("2 incidents")


def test_a_shared_link_opens_the_same_view(seeded_db):
    at = run_app({"event_types": "armed_operation,injury_or_death", "date_to": "2024-08-31"})
    filters = Filters(date_to=date(2024, 8, 31),
                      event_types=("armed_operation", "injury_or_death"))
    assert at.caption[0].value == md_literal(caption(filters, 2))
    assert at.sidebar.multiselect(key="f_types").value == ["armed_operation", "injury_or_death"]


def test_a_malformed_link_is_ignored_not_fatal(seeded_db):
    at = run_app({"date_from": "yesterday", "event_types": "nonsense", "view": "nowhere"})
    assert not at.exception
    assert at.caption[0].value == f"{len(SEED_INCIDENTS)} incidents"


def test_map_payload_references_nothing_outside_the_app(seeded_db):
    args = map_args(run_app())
    assert args["js_links"] and args["css_links"]
    for link in args["js_links"] + args["css_links"]:
        assert link.startswith(URL_PREFIX), link
    text = "".join(args[k] or "" for k in ("script", "header", "html", "feature_group",
                                            "layer_control"))
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE)


def test_article_text_reaches_the_map_escaped(seeded_db):
    script = map_data(run_app())
    # HTML-escaped in the popup, then put in the script as JSON ("</" escaped as well).
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in script
    assert "&lt;img src=x onerror=alert(1)&gt;" in script
    assert "<script>" not in script and "<img src=x" not in script


@pytest.mark.parametrize("export", EXPORTS, ids=[e.key for e in EXPORTS])
def test_download_is_the_store_export_of_the_same_filters(seeded_db, export):
    original = DeltaGenerator.download_button
    with mock.patch.object(DeltaGenerator, "download_button", autospec=True,
                           side_effect=original) as button:
        run_app({"event_types": "site_lost,site_recaptured"})
    calls = {c.kwargs["key"]: c.kwargs for c in button.call_args_list}
    call = calls[f"download_{export.key}"]
    filters = Filters(event_types=("site_lost", "site_recaptured"))
    assert call["file_name"] == export_name(export.key, filters)
    assert "Site-lost" in call["file_name"]  # the label, not the key
    store = open_store(seeded_db, gazetteer=False)
    try:
        assert call["data"]() == export.fn(store, filters)
    finally:
        store.close()


def widget(elements, prefix: str):
    """The review form's widget whose key starts with ``prefix`` (keys end in the id)."""
    return next(w for w in elements if (w.key or "").startswith(prefix))


def test_review_form_shows_the_picked_incident(seeded_db):
    at = run_app({"view": "review"})
    labels = at.selectbox(key="review_pick").options
    for i, label in enumerate(labels):
        at.selectbox(key="review_pick").select_index(i).run()
        assert widget(at.selectbox, "review_type").format_func(
            widget(at.selectbox, "review_type").value) in label


def test_review_marks_an_incident_and_the_store_keeps_it(seeded_db):
    at = run_app({"view": "review", "event_types": "displacement"})
    assert not at.exception
    at.radio[0].set_value("verified")
    at.button(key="review_save").click().run()
    assert not at.exception
    rows = query(seeded_db, Filters(event_types=("displacement",)))
    assert rows["review"].tolist() == ["verified"]
    assert any("Saved: verified" in s.value for s in at.success)


def test_review_lists_incidents_of_the_filters_only(seeded_db):
    at = run_app({"view": "review", "event_types": "site_lost"})
    options = at.selectbox(key="review_pick").options
    assert len(options) == 1 and "Site lost" in options[0]


def test_first_run_creates_the_store_and_reads_the_sample_articles(tmp_path, monkeypatch):
    pytest.importorskip("incidents.extract.pipeline")
    db = tmp_path / "fresh" / "incidents.db"
    db.parent.mkdir()
    monkeypatch.setenv("HAITI_MAP_DB", str(db))
    monkeypatch.delenv("HAITI_MAP_SAMPLES", raising=False)
    at = run_app()
    assert not at.exception and db.exists()
    store = open_store(db)
    try:
        names = set(store.articles()["name"])
        n = store.count()
    finally:
        store.close()
    samples = {p.name for p in (Path(APP).parent / "data" / "articles").glob("*.txt")}
    assert names == samples and n > 0
    assert at.caption[0].value == f"{n} incidents"
    assert drawn(at) > 0
    run_app()  # a second start reads nothing again
    store = open_store(db)
    try:
        assert store.count() == n
    finally:
        store.close()


def test_pasted_article_is_added_with_a_report(seeded_db):
    pytest.importorskip("incidents.extract.pipeline")
    at = run_app({"view": "add"})
    at.text_area(key="paste_text").input(
        "Gang members attacked the police station in Cabaret on Monday, killing two "
        "officers, police said.")
    at.date_input(key="paste_date").set_value(date(2024, 10, 15))
    at.text_input(key="paste_name").input("cabaret-note.txt")
    at.button[-1].click().run()
    assert not at.exception
    report = at.dataframe[0].value
    assert any("1 file:" in s.value for s in at.success)
    assert report["file"].tolist() == ["cabaret-note.txt"]
    assert report["result"].tolist() == ["new"] and report["incidents"].iloc[0] > 0
    store = open_store(seeded_db, gazetteer=False)
    try:
        assert "cabaret-note.txt" in set(store.articles()["name"])
    finally:
        store.close()


def test_empty_paste_is_refused_with_a_message(seeded_db):
    at = run_app({"view": "add"})
    at.text_input(key="paste_name").input("blank.txt")
    at.button[-1].click().run()
    assert any("blank.txt: the pasted text is empty" in e.value for e in at.error)


def test_review_corrects_type_place_and_figures(seeded_db):
    at = run_app({"view": "review", "event_types": "displacement"})
    widget(at.text_input, "review_find").input("Cabaret").run()  # the matcher's answer first
    widget(at.selectbox, "review_type").set_value("clash_or_attack")
    widget(at.number_input, "review_displaced").set_value(1500)
    widget(at.number_input, "review_killed").set_value(4)
    widget(at.text_input, "review_note").input("Two outlets; the IOM figure is 1,500.")
    at.button(key="review_save").click().run()
    assert not at.exception
    rows = query(seeded_db, Filters(event_types=("clash_or_attack",)))
    row = rows[rows["note"].fillna("").str.contains("IOM")].iloc[0]
    assert (row["displaced"], row["killed"]) == (1500, 4)
    assert row["place_id"] == "adm2-HT0142" and row["commune"] == "Cabaret"
    assert row["lat"] == pytest.approx(18.7358, abs=0.01)


@pytest.mark.parametrize("view", ["review", "add", "sites"])
def test_other_views_start_on_an_empty_store(empty_db, view):
    at = run_app({"view": view})
    assert not at.exception


def test_openstreetmap_tiles_only_when_switched_on(seeded_db):
    at = run_app()
    assert "openstreetmap" not in map_args(at)["script"].lower()
    at.sidebar.toggle(key="f_tiles").set_value(True).run()
    assert "tile.openstreetmap.org" in map_args(at)["script"]
    assert at.query_params["tiles"] == "osm"


def test_search_text_in_a_link_is_shown_not_rendered(seeded_db):
    at = run_app({"text": "![x](http://example.org/x.png) **bold**"})
    shown = at.caption[0].value
    assert "\\!\\[x\\]\\(http://example.org/x.png\\) \\*\\*bold\\*\\*" in shown


def test_review_queue_lists_unreviewed_incidents_first(seeded_db):
    at = run_app({"view": "review"})
    at.radio[0].set_value("verified")
    at.button(key="review_save").click().run()  # the newest incident is now verified
    options = at.selectbox(key="review_pick").options
    states = [label.rsplit(" · ", 1)[1] for label in options]
    assert states == sorted(states, key=("unreviewed", "verified", "rejected").index)
    assert states[-1] == "verified" and states[0] == "unreviewed"


def test_safe_defaults_in_the_streamlit_config():
    """Issue 10, item 15: the server listened on every interface and showed tracebacks."""
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"


def test_no_full_garbage_collection_after_each_script_run():
    """Issue 10, item 12: a full collection after every rerun was most of a rerun's CPU."""
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False


def test_an_unexpected_error_shows_an_error_id_not_a_traceback(seeded_db, caplog):
    """Issue 10, item 15: a failing page shows a short message with an error id; the
    traceback (with its file paths) goes to the log."""
    with mock.patch("mapapp.pages.explore.render",
                    side_effect=RuntimeError("boom in /secret/path.py")):
        at = run_app()
    assert not at.exception
    (error,) = at.error
    found = re.search(r"error id ([0-9a-f]{8})", error.value)
    assert found and "/secret/path.py" not in error.value
    assert f"error {found.group(1)} while showing the map page" in caplog.text
    assert "boom in /secret/path.py" in caplog.text


def test_a_future_dated_incident_opens_in_the_review_form(seeded_db):
    """Issue 10, item 8: an incident dated after today (an announced deployment, a typo)
    no longer crashes the Review page; the date input is bounded by the store's window."""
    from incidents.window import last_day, shift
    from tests.test_store_support import event, line_extractor, make_article

    future = shift(date.today(), 200)
    store = open_store(seeded_db, extractor=line_extractor, gazetteer=False)
    store.ingest([make_article("future.txt", event("deployment", future.isoformat(), "kenscoff"),
                               day=date.today())])
    store.close()
    at = run_app({"view": "review", "event_types": "deployment"})
    assert not at.exception
    picker = at.date_input[0]
    assert picker.value == future and picker.max == last_day()


def test_a_review_opened_before_another_reviewer_saved_is_refused_and_the_form_kept(seeded_db):
    """Issue 10, item 3: B opens the form; A saves a note; B's change of only "Killed" is
    refused with "changed by someone else", the form keeps B's value, and saving again
    applies only B's change: A's note stays. Both names are in the incident's history."""
    at = run_app({"view": "review", "event_types": "displacement"})
    at.text_input(key="reviewer_name_input").input("Bea").run()
    target = at.selectbox(key="review_pick").value
    other = open_store(seeded_db, gazetteer=False)
    other.review(target, note="IOM figure checked", reviewer="Ana")
    widget(at.number_input, "review_killed").set_value(7)
    at.button(key="review_save").click().run()
    assert not at.exception
    assert any("changed by someone else since you opened it" in e.value for e in at.error)
    assert widget(at.number_input, "review_killed").value == 7
    row = other.query(Filters(event_types=("displacement",))).iloc[0]
    assert row.note == "IOM figure checked" and pd.isna(row.killed)
    at.button(key="review_save").click().run()
    assert not at.exception and not at.error
    row = other.query(Filters(event_types=("displacement",))).iloc[0]
    assert (row.note, row.killed) == ("IOM figure checked", 7)
    history = other.history(target)
    assert history[["reviewer", "field", "new"]].values.tolist() == [
        ["Ana", "note", "IOM figure checked"], ["Bea", "killed", "7"]]
    other.close()
    assert at.session_state["reviewer_name"] == "Bea"
    assert any(e.label.startswith("History (2 changes)") for e in at.expander)


def test_a_review_saved_while_the_store_is_busy_says_so_and_keeps_the_form(
        seeded_db, monkeypatch):
    """Issue 10, item 4: a save meeting another program's write lock says the store is
    busy (no traceback) and keeps the form's values; once the lock is gone it saves."""
    import functools
    import sqlite3

    from mapapp import data
    monkeypatch.setattr(data, "open_store", functools.partial(open_store, timeout=0.1))
    at = run_app({"view": "review", "event_types": "displacement"})
    widget(at.text_input, "review_note").input("seen twice")
    lock = sqlite3.connect(seeded_db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    at.button(key="review_save").click().run()
    assert not at.exception
    assert any("the store is busy" in e.value and "still in the form" in e.value
               for e in at.error)
    assert widget(at.text_input, "review_note").value == "seen twice"
    lock.execute("COMMIT")
    at.button(key="review_save").click().run()
    assert not at.error
    assert query(seeded_db, Filters(event_types=("displacement",))).note.tolist() == [
        "seen twice"]


def test_reviews_needing_another_look_are_listed_until_dismissed(empty_db):
    """Issue 10, item 2: a review whose incident went away with its article's old text is
    shown on the Review page with the old values, until a reviewer removes it."""
    from tests.test_store_support import event, line_extractor, make_article

    store = open_store(empty_db, extractor=line_extractor, gazetteer=False)
    store.ingest([make_article("a.txt", event("clash_or_attack", "2024-08-26", "solino"))])
    store.review(store.query().id[0], "verified", note="confirmed", reviewer="Ana")
    store.ingest([make_article("a.txt", event("clash_or_attack", "2024-08-26", "tabarre"))])
    store.close()
    at = run_app({"view": "review"})
    assert not at.exception
    assert any("1 review(s) need another look" in w.value for w in at.warning)
    at.button(key="needs_look_done").click().run()
    assert not at.exception
    assert not any("need another look" in w.value for w in at.warning)
    assert query(empty_db, Filters()).review.tolist() == ["unreviewed"]


@pytest.mark.parametrize(("typed", "place_id"), [
    ("Delmas 32", "adm2-HT0112~delmas-32"),  # a numbered neighbourhood, as geo lookup reads it
    ("cite soleil", "adm2-HT0117"),  # no accents
])
def test_review_place_finder_uses_the_gazetteer_matcher(seeded_db, typed, place_id):
    at = run_app({"view": "review", "event_types": "displacement"})
    widget(at.text_input, "review_find").input(typed).run()
    at.button(key="review_save").click().run()
    assert not at.exception
    row = query(seeded_db, Filters(event_types=("displacement",))).iloc[0]
    assert row["place_id"] == place_id


def test_review_typed_point_sets_the_place_it_stands_for(seeded_db):
    at = run_app({"view": "review", "event_types": "displacement"})
    widget(at.text_input, "review_lat").input("18.55694").run()  # the port, to 5 decimals
    widget(at.text_input, "review_lon").input("-72.35038").run()
    at.button(key="review_save").click().run()
    row = query(seeded_db, Filters(event_types=("displacement",))).iloc[0]
    assert row["place_id"] == "ref-port-international-de-port-au-prince"
    assert (row["lat"], row["lon"]) == pytest.approx((18.5569, -72.3504), abs=1e-3)


def test_review_next_and_previous_step_through_the_queue(seeded_db):
    at = run_app({"view": "review"})
    ids = at.selectbox(key="review_pick").options
    first = at.selectbox(key="review_pick").value
    at.button(key="review_next").click().run()
    second = at.selectbox(key="review_pick").value
    assert second != first
    at.button(key="review_prev").click().run()
    assert at.selectbox(key="review_pick").value == first and len(ids) > 1


def test_bulk_verify_marks_every_chosen_incident(seeded_db):
    at = run_app({"view": "review"})
    options = at.multiselect(key="review_bulk").options
    at.multiselect(key="review_bulk").set_value(options[:3]).run()
    at.button(key="review_bulk_verify").click().run()
    assert not at.exception
    assert (query(seeded_db, Filters())["review"] == "verified").sum() == 3


def test_table_can_hold_only_what_the_map_view_shows(sample_incidents):
    from mapapp.pages.explore import in_view

    bounds = {"_southWest": {"lat": 18.5, "lng": -72.4}, "_northEast": {"lat": 18.6, "lng": -72.3}}
    inside = in_view(sample_incidents, bounds)
    assert 0 < len(inside) < len(sample_incidents)
    assert inside["lat"].between(18.5, 18.6).all() and inside["lon"].between(-72.4, -72.3).all()
    assert len(in_view(sample_incidents, None)) == len(sample_incidents)  # no view yet: all


def test_a_table_row_picked_focuses_the_map_on_it(seeded_db):
    at = run_app()
    assert '"focus":null' in map_args(at)["feature_group"]
    at.session_state["incident_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert re.search(r'"focus":"[^"]+"', map_args(at)["feature_group"])


def test_sites_view_lists_the_port_lost_then_recaptured(seeded_db):
    at = run_app({"view": "sites"})
    assert not at.exception
    assert "port" in at.selectbox(key="site_pick").value
    lines = "\n".join(m.value for m in at.markdown)
    assert lines.index("Site lost") < lines.index("Site recaptured")
    assert '"focus":"' in map_args(at)["feature_group"]  # the site's last event is opened


def test_writes_from_elsewhere_show_at_most_once_per_refresh_interval(tmp_path, monkeypatch):
    """Issue 10, item 12: a CLI ingest commits article by article; each commit made every
    session rebuild its map at its next rerun. Others' writes now show in steps of
    REFRESH_S, the first after a quiet spell at once; the app's own writes at once."""
    from mapapp import data

    monkeypatch.setattr(data, "REFRESH_S", 5.0)
    monkeypatch.setattr(data, "_adopted", {})
    db = tmp_path / "x.db"
    db.write_bytes(b"one")
    first = data.revision(db, now=100.0)
    db.write_bytes(b"two, longer")
    assert data.revision(db, now=102.0) == first  # within 5 s of the last adoption
    second = data.revision(db, now=105.5)
    assert second != first  # the interval passed: the write shows
    db.write_bytes(b"three, longer still")
    assert data.revision(db, now=106.0) == second
    data.wrote(db)  # the app's own write
    assert data.revision(db, now=106.1) not in (first, second)
    # A write after a quiet spell shows at once.
    quiet = data.revision(db, now=200.0)
    db.write_bytes(b"four: after a quiet spell")
    assert data.revision(db, now=200.1) != quiet
