"""ACLED-style merging: which reports are one event, and what the merged incident says."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.filters import Filters
from incidents.store import open_store
from incidents.store.merge import Source, _sort_key, cluster, merge_reports, why_same
from tests.test_store_support import event, line_extractor, make_article


def report(name: str, line: str, day: str = "2024-08-28"):
    """The one incident an EVENT line yields, as article ``name`` reports it."""
    return line_extractor(make_article(name, line, day)).incidents[0]


def src(seq: int, name: str, line: str) -> Source:
    return Source(f"k{seq}", seq, report(name, line))


@pytest.mark.parametrize(("a", "b", "reason"), [
    (event("clash_or_attack", "2024-08-26", "solino"),
     event("clash_or_attack", "2024-08-26", "solino"), r"same place \(Solino\), same date"),
    (event("clash_or_attack", "2024-08-26", "solino"),
     event("clash_or_attack", "2024-08-27", "solino"), "dates 1 d apart within day"),
    (event("clash_or_attack", "2024-08-26", "solino", "day"),
     event("clash_or_attack", "2024-08-20", "solino", "week"), "dates 6 d apart within week"),
    (event("displacement", "2024-08-26", "solino", "day"),
     event("displacement", "2024-08-01", "port-au-prince", "month"),
     "Solino is in commune Port-au-Prince, reported at commune level"),
])
def test_reports_of_one_event_merge_and_say_why(a, b, reason):
    why = why_same(report("x.txt", a), report("y.txt", b))
    assert why is not None
    assert re.search(reason, why)


@pytest.mark.parametrize(("a", "b", "a_name"), [
    # two different events on the same day in the same commune: two neighbourhoods
    (event("clash_or_attack", "2024-08-26", "solino"),
     event("clash_or_attack", "2024-08-26", "bel-air"), "x.txt"),
    (event("clash_or_attack", "2024-08-26", "solino"),
     event("armed_operation", "2024-08-26", "solino"), "x.txt"),  # different type
    (event("clash_or_attack", "2024-08-20", "solino"),
     event("clash_or_attack", "2024-08-26", "solino"), "x.txt"),  # 6 days apart, day-precise
    (event("clash_or_attack", "2024-08-26", "solino"),
     event("clash_or_attack", "2024-08-26", "solino"), "y.txt"),  # same article
    (event("clash_or_attack", "2024-08-26", "tabarre"),
     event("clash_or_attack", "2024-08-26", "port-au-prince"), "x.txt"),  # other commune
    (event("clash_or_attack", "2024-08-26", "nowhere"),
     event("clash_or_attack", "2024-08-26", "nowhere"), "x.txt"),  # unresolved places
])
def test_decoys_do_not_merge(a, b, a_name):
    assert why_same(report(a_name, a), report("y.txt", b)) is None


def test_gazetteer_containment_is_used_when_given():
    a = report("x.txt", event("clash_or_attack", "2024-08-26", "solino"))
    b = report("y.txt", event("clash_or_attack", "2024-08-26", "ouest"))
    assert why_same(a, b) is None  # department-level: the fallback rule does not merge it
    inside = {("p-ouest", "p-solino")}
    why = why_same(a, b, contains=lambda outer, inner: (outer, inner) in inside)
    assert why == "Solino lies inside Ouest, same date"


def test_merged_incident_takes_most_precise_place_and_date_and_flags_figures():
    merged = merge_reports([
        src(1, "a.txt", event("injury_or_death", "2024-08-01", "port-au-prince", "month",
                              "killed=30", "injured=5", "actors=Viv_Ansanm")),
        src(2, "b.txt", event("injury_or_death", "2024-08-26", "solino", "day",
                              "killed=50", "actors=HNP")),
        src(3, "c.txt", event("injury_or_death", "2024-08-20", "port-au-prince", "week",
                              "killed=30")),
    ])
    assert len(merged) == 1
    m = merged[0]
    assert m.id == "k1"  # named by its oldest source
    assert [s.incident.article for s in m.sources] == ["a.txt", "b.txt", "c.txt"]
    v = m.values
    assert (v["place_name"], v["geo_precision"]) == ("Solino", 1)
    assert (str(v["event_date"]), v["date_precision"]) == ("2024-08-26", "day")
    assert (v["killed"], v["injured"]) == (50, 5)
    assert v["actors"] == ("Viv Ansanm", "HNP")
    assert m.conflicts == "killed: 30 (a.txt), 50 (b.txt), 30 (c.txt)"
    assert m.merge_reason.startswith("3 reports of one injury_or_death")
    assert "b.txt: Solino is in commune Port-au-Prince" in m.merge_reason


def test_equal_figures_are_no_conflict():
    m = merge_reports([src(1, "a.txt", event("displacement", "2024-08-26", "solino", "day",
                                     "displaced=900")),
               src(2, "b.txt", event("displacement", "2024-08-26", "solino", "day",
                                     "displaced=900"))])[0]
    assert (m.values["displaced"], m.conflicts) == (900, "")


def test_a_report_joins_only_a_group_it_fully_agrees_with():
    # Port-au-Prince (commune level) agrees with both neighbourhoods, but Solino and Bel Air
    # are different places: the commune report joins one group, the other stays apart.
    groups = cluster([
        src(1, "a.txt", event("clash_or_attack", "2024-08-26", "solino")),
        src(2, "b.txt", event("clash_or_attack", "2024-08-26", "bel-air")),
        src(3, "c.txt", event("clash_or_attack", "2024-08-26", "port-au-prince")),
    ])
    assert sorted(sorted(s.seq for s in g) for g in groups) == [[1, 3], [2]]


def test_a_day_chain_does_not_snowball():
    groups = cluster([src(i, f"{i}.txt", event("clash_or_attack", f"2024-08-{10 + i}", "solino"))
                      for i in range(1, 6)])
    assert [len(g) for g in groups] == [2, 2, 1]


def test_cluster_does_not_depend_on_input_order():
    sources = [src(i, f"{i % 3}.txt", event("clash_or_attack", f"2024-08-{10 + i % 4}", p))
               for i, p in enumerate(["solino", "bel-air", "port-au-prince"] * 4)]
    as_sets = [sorted(sorted(s.seq for s in g) for g in cluster(order))
               for order in (sources, sources[::-1])]
    assert as_sets[0] == as_sets[1]


def test_store_merges_the_same_event_from_two_articles(tmp_path):
    store = open_store(tmp_path / "m.db", extractor=line_extractor, gazetteer=False)
    a = make_article("nation.txt", "\n".join([
        event("clash_or_attack", "2024-08-26", "solino", "day", "actors=Viv_Ansanm"),
        event("clash_or_attack", "2024-08-26", "bel-air", "day"),  # a different event
    ]))
    b = make_article("ap.txt", event("clash_or_attack", "2024-08-20", "solino", "week",
                                     "actors=HNP"), "2024-08-29")
    store.ingest([a])
    store.ingest([b])
    df = store.query(Filters())
    assert sorted(df["n_sources"]) == [1, 2]
    merged = df[df.n_sources == 2].iloc[0]
    assert (merged.place_name, str(merged.event_date.date())) == ("Solino", "2024-08-26")
    assert merged.actors == "Viv Ansanm; HNP"
    assert "ap.txt: same place (Solino)" in merged.merge_reason
    assert list(store.sources([merged.id])["article"]) == ["nation.txt", "ap.txt"]
    store.close()


def test_batches_or_one_by_one_give_the_same_incidents(tmp_path):
    """Re-merging only near the touched dates gives what merging everything at once does."""
    lines = [
        ("a.txt", "2024-08-28", [event("clash_or_attack", "2024-08-26", "solino"),
                                 event("displacement", "2024-06-01", "bel-air", "month")]),
        ("b.txt", "2024-08-29", [event("clash_or_attack", "2024-08-25", "port-au-prince"),
                                 event("clash_or_attack", "2024-03-02", "solino")]),
        ("c.txt", "2024-09-30", [event("clash_or_attack", "2024-08-27", "solino", "week"),
                                 event("displacement", "2024-06-20", "bel-air", "week")]),
        ("d.txt", "2024-03-05", [event("clash_or_attack", "2024-03-03", "solino")]),
        ("e.txt", "2024-09-01", [event("clash_or_attack", "2024-08-26", "bel-air")]),
    ]
    articles = [make_article(n, "\n".join(ls), d) for n, d, ls in lines]

    def incidents(store):
        df = store.query()
        return sorted(zip(df.event_type, df.place, df.event_date.astype(str), df.n_sources,
                          strict=True))

    together = open_store(tmp_path / "t.db", extractor=line_extractor, gazetteer=False)
    together.ingest(articles)
    apart = open_store(tmp_path / "a.db", extractor=line_extractor, gazetteer=False)
    for article in articles[::-1]:
        apart.ingest([article])
    assert incidents(apart) == incidents(together)
    assert sorted(n for *_, n in incidents(together)) == [2, 2, 2, 2]


def test_between_equally_precise_places_the_inner_one_is_kept():
    # a town-level report (precision 1 in some gazetteers) and a neighbourhood inside it
    town = report("a.txt", event("displacement", "2024-10-19", "port-au-prince"))
    town = replace(town, geo_precision=1)
    solino = report("b.txt", event("displacement", "2024-10-19", "solino"))
    merged = merge_reports([Source("k1", 1, town), Source("k2", 2, solino)],
                           contains=lambda outer, inner: (outer, inner) == ("p-port-au-prince",
                                                                             "p-solino"))
    assert [m.values["place_name"] for m in merged] == ["Solino"]
    # without a gazetteer: a commune named place is wider than a named place in it
    assert [m.values["place_name"] for m in merge_reports([Source("k1", 1, town),
                                                           Source("k2", 2, solino)])] == ["Solino"]


def reference_cluster(sources, contains=None):
    """The rule without any index: each report, in order, joins the oldest group it fully
    agrees with."""
    groups = []
    for s in sorted(sources, key=_sort_key):
        group = next((g for g in groups
                      if all(why_same(m.incident, s.incident, contains) for m in g)), None)
        if group is None:
            group = []
            groups.append(group)
        group.append(s)
    return groups


INSIDE = {("p-port-au-prince", "p-solino"), ("p-port-au-prince", "p-bel-air"),
          *{("p-ouest", f"p-{p}") for p in ("solino", "bel-air", "port-au-prince", "kenscoff",
                                            "tabarre")}}


def gazetteer_contains(outer, inner):
    return outer == inner or (outer, inner) in INSIDE


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d", "e"]),
                          st.sampled_from(["solino", "bel-air", "port-au-prince", "ouest",
                                           "tabarre", "kenscoff", "nowhere"]),
                          st.integers(0, 70), st.sampled_from(["day", "day", "week", "month"])),
                max_size=40),
       st.booleans())
@settings(max_examples=150, deadline=None)
def test_indexed_clustering_equals_the_plain_rule(rows, with_gazetteer):
    contains = gazetteer_contains if with_gazetteer else None
    sources = [src(i, f"{a}.txt", event("clash_or_attack",
                                        str(date(2024, 7, 1) + timedelta(days=d)), p, prec))
               for i, (a, p, d, prec) in enumerate(rows)]
    as_keys = [[[s.key for s in g] for g in f(sources, contains)]
               for f in (cluster, reference_cluster)]
    assert as_keys[0] == as_keys[1]
