"""Tests of language, not articles (continued): dates carried between sentences, the date of
an event told as before another, who is counted as displaced, refuges, words of armed
violence. Every sentence is written for the test; each behaviour has decoys that must not
change."""
from __future__ import annotations

from datetime import date

import pytest

from geo.gazetteer import load_gazetteer
from incidents.extract.article import parse_article
from incidents.extract.pipeline import extract

PUB = date(2025, 3, 5)  # a Wednesday: "Monday" is 2025-03-03


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def rows(text: str, gaz) -> list:
    return list(extract(parse_article(text, "t.txt", PUB), gaz).incidents)


def summary(text: str, gaz) -> set[tuple]:
    return {(i.event_type, i.place, str(i.event_date), i.date_precision)
            for i in rows(text, gaz)}


def test_a_since_date_carries_to_the_sentences_that_detail_its_figure(gaz):
    text = ("Since Feb. 14, more than 10,000 people have been displaced by gang violence in "
            "Port-au-Prince. Most fled Kenscoff, where 5,000 people left their homes.")
    assert ("displacement", "Kenscoff", "2025-02-14", "month") in summary(text, gaz)


def test_a_since_date_is_not_carried_to_an_event_of_another_type(gaz):
    text = "Since Feb. 14, 10,000 people have fled Kenscoff. Gangs attacked Cabaret."
    got = summary(text, gaz)
    assert ("displacement", "Kenscoff", "2025-02-14", "month") in got
    assert ("clash_or_attack", "Cabaret", "2025-03-05", "week") in got


@pytest.mark.parametrize("text, displaced", [
    ("1,500 fled Cabaret on Monday.", 1500),
    ("In Cabaret, 5,000 people left their homes on Monday.", 5000),
    ("About 5,000 residents abandoned their homes in Cabaret on Monday.", 5000),
    ("Gangs displaced 5,000 people in Cabaret on Monday.", 5000),
    ("Gangs in Cabaret displaced 5,000 people on Monday.", 5000),  # the parser's npadvmod
    ("Police evacuated 200 residents from Cabaret on Monday.", 200),
    # decoys: the displacers are not the displaced
    ("200 gang members displaced residents of Cabaret on Monday.", None),
    ("Two gangs drove residents out of Cabaret on Monday.", None),
])
def test_who_flees_or_leaves_is_counted_not_who_displaces(text, displaced, gaz):
    (row,) = [r for r in rows(text, gaz) if r.event_type == "displacement"]
    assert (row.place, row.displaced) == ("Cabaret", displaced)


@pytest.mark.parametrize("first, second", [("Carrefour", "Cité Soleil"),
                                           ("Croix-des-Bouquets", "Pétion-Ville")])
def test_a_coordinated_flight_is_its_own_event_at_its_own_place(first, second, gaz):
    text = f"In {first}, 2,000 people were displaced, and 1,500 fled {second}."
    got = {(r.place, r.displaced) for r in rows(text, gaz) if r.event_type == "displacement"}
    assert got == {(first, 2000), (second, 1500)}


@pytest.mark.parametrize("refuge", [
    "The displaced took refuge in schools in Pétion-Ville.",
    "Many sought shelter in Pétion-Ville.",
    "Families found refuge at a church in Pétion-Ville.",
])
def test_a_refuge_taken_or_sought_is_no_event_place(refuge, gaz):
    text = f"Gangs attacked Kenscoff on Monday, displacing 6,000 people. {refuge}"
    assert {r.place for r in rows(text, gaz)} == {"Kenscoff"}


def test_a_displacement_takes_the_date_of_the_violence_not_the_as_of_date(gaz):
    text = ("As of Tuesday, 6,000 people had been displaced from Kenscoff since the attacks "
            "began on February 14.")
    (row,) = rows(text, gaz)
    assert (row.event_type, str(row.event_date)) == ("displacement", "2025-02-14")


def test_an_as_of_date_dates_a_figure_when_nothing_else_does(gaz):
    assert summary("As of Monday, some 3,000 people had been displaced in Cabaret.", gaz) == {
        ("displacement", "Cabaret", "2025-03-03", "month")}


@pytest.mark.parametrize("lag, seized, precision", [
    ("two weeks after", "2025-02-18", "week"),
    ("three days after", "2025-03-01", "week"),
    ("days after", "2025-03-01", "week"),
    ("a month after", "2025-02-02", "month"),
])
def test_an_event_told_after_another_is_dated_back_by_its_lag(lag, seized, precision, gaz):
    text = f"Police retook the police station in Gressier on Tuesday, {lag} gangs seized it."
    assert summary(text, gaz) == {("site_recaptured", "Gressier", "2025-03-04", "day"),
                                  ("site_lost", "Gressier", seized, precision)}


def test_an_event_before_another_by_an_unknown_lag_gets_no_date_of_the_other(gaz):
    text = "Police retook the police station in Gressier on Tuesday after gangs seized it."
    assert summary(text, gaz) == {("site_recaptured", "Gressier", "2025-03-04", "day")}


def test_an_event_after_another_keeps_the_date_of_its_cause(gaz):
    text = "Thousands of residents fled Cabaret after gangs attacked the town on Monday."
    assert {d for _, _, d, _ in summary(text, gaz)} == {"2025-03-03"}


@pytest.mark.parametrize("text, expected", [
    ("Gunmen struck the town of Arcahaie before dawn on Monday.", {"clash_or_attack"}),
    ("Police struck gang hideouts in Arcahaie on Monday.", {"armed_operation"}),
    ("A gun battle between police and gangs erupted in Arcahaie on Monday.",
     {"clash_or_attack"}),
    ("An exchange of fire between police and gangs took place in Arcahaie on Monday.",
     {"clash_or_attack"}),
    ("A shooting in Arcahaie on Monday killed three people.",
     {"clash_or_attack", "injury_or_death"}),
    ("Gunmen levelled the police station in Arcahaie on Monday.", {"clash_or_attack"}),
    # decoys: a storm strikes, workers strike, accusations are levelled
    ("A hurricane struck Arcahaie on Monday.", set()),
    ("The opposition levelled accusations at the mayor of Arcahaie on Monday.", set()),
    ("Teachers went on strike in Arcahaie on Monday.", set()),
])
def test_words_of_armed_violence(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


@pytest.mark.parametrize("killers, victims, expected", [
    ("Officers", "two gang members", "armed_operation"),
    ("Gang members", "two officers", "clash_or_attack"),
])
def test_a_clash_in_which_the_forces_kill_is_their_operation(killers, victims, expected, gaz):
    text = f"{killers} killed {victims} in an exchange of fire in Delmas on Monday."
    assert {r.event_type for r in rows(text, gaz)} == {expected, "injury_or_death"}


@pytest.mark.parametrize("text, expected", [
    ("Residents could be seen fleeing Cabaret on Monday.", {"displacement"}),
    ("Hundreds of people were seen fleeing Cabaret on Monday.", {"displacement"}),
    ("Residents could flee Cabaret on Monday.", set()),  # the modal is on the fleeing
])
def test_a_modal_on_seeing_does_not_cancel_what_was_seen(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


def test_coordinated_verbs_share_the_date_hung_on_one_of_them(gaz):
    text = "Gangs seized the town of Cabaret and killed 30 people there in late February."
    assert {(t, d) for t, _, d, _ in summary(text, gaz)} == {
        ("site_lost", "2025-02-25"), ("injury_or_death", "2025-02-25")}


def test_an_event_told_before_the_story_is_dated_back_from_the_storys_date(gaz):
    text = ("Gangs attacked Mirebalais on Monday. The attack comes two weeks after gangs "
            "seized the town of Cabaret.")
    assert ("site_lost", "Cabaret", "2025-02-17", "week") in summary(text, gaz)


def test_an_agentless_toll_after_an_event_is_its_toll_not_another_event(gaz):
    text = ("Police launched an operation in Cabaret on Monday. Three gang members were "
            "killed.")
    got = {(r.event_type, r.place, r.killed) for r in rows(text, gaz)}
    assert got == {("armed_operation", "Cabaret", None), ("injury_or_death", "Cabaret", 3)}


def test_a_toll_with_its_killers_named_is_an_event_of_its_own(gaz):
    text = "Police launched an operation in Cabaret on Monday. Gangs killed three people."
    assert "clash_or_attack" in {r.event_type for r in rows(text, gaz)}


def test_a_figure_told_at_its_place_beats_a_total_whose_place_was_borrowed(gaz):
    text = ("Gangs attacked Cabaret on Monday. More than 6,000 people have been displaced.\n\n"
            "On Monday, 4,100 people fled Cabaret.")
    (row,) = [r for r in rows(text, gaz) if r.event_type == "displacement"]
    assert (row.place, row.displaced) == ("Cabaret", 4100)


@pytest.mark.parametrize("lead", [
    "Since February 14, violence has intensified across Port-au-Prince.",  # no event in it
    "Since Friday, February 14th, gangs have attacked several neighbourhoods of Kenscoff.",
    "The IOM said on Monday that 10,000 people have fled their homes since February 14.",
])
def test_a_since_date_dates_the_flight_a_later_report_details(lead, gaz):
    text = (f"{lead}\n\nIn Kenscoff, 3,000 people fled their homes, according to an IOM report "
            "published Tuesday. In Carrefour, 2,000 people were displaced.")
    got = {(r.place, str(r.event_date)) for r in rows(text, gaz) if r.event_type == "displacement"}
    assert got == {("Kenscoff", "2025-02-14"), ("Carrefour", "2025-02-14")}


def test_a_report_date_dates_an_event_only_with_a_weeks_precision(gaz):
    text = "In Kenscoff, 3,000 people fled their homes, according to a report published Tuesday."
    assert summary(text, gaz) == {("displacement", "Kenscoff", "2025-03-04", "week")}


def test_a_report_date_is_not_carried_to_the_next_sentence_as_its_date(gaz):
    text = ("Gangs attacked Kenscoff on Sunday, according to a report published Tuesday. "
            "Gangs also attacked Carrefour.")
    assert {(p, d) for _, p, d, _ in summary(text, gaz)} == {
        ("Kenscoff", "2025-03-02"), ("Carrefour", "2025-03-02")}  # the story's Sunday


def test_a_datelines_date_dates_no_event(gaz):
    text = ("PORT-AU-PRINCE, March 4 (Reuters) - Gangs attacked Kenscoff on Sunday. "
            "Gangs also attacked Carrefour.")
    assert {d for _, _, d, _ in summary(text, gaz)} == {"2025-03-02"}


def test_casualties_of_a_when_clause_belong_to_its_event(gaz):
    text = "Two officers were killed on Sunday when gang members ambushed their patrol in Cabaret."
    got = {(r.event_type, r.rule, r.killed) for r in rows(text, gaz)}
    assert got == {("clash_or_attack", "ambush.verb", None),
                   ("injury_or_death", "ambush.verb", 2)}


@pytest.mark.parametrize("text", [
    "A drone crashed in Cabaret on Monday, injuring three people.",
    "A boat capsized off Cabaret on Monday, killing twelve people.",
])
def test_the_toll_of_an_accident_is_a_casualty_row_not_an_attack(text, gaz):
    assert {r.event_type for r in rows(text, gaz)} == {"injury_or_death"}


def test_where_attackers_are_based_is_no_event_place(gaz):
    text = "On Monday, gangs based in Carrefour attacked Kenscoff."
    assert {r.place for r in rows(text, gaz)} == {"Kenscoff"}


def test_the_attack_a_flight_followed_shares_its_date(gaz):
    text = "More than 5,000 people fled Cabaret on Monday after gangs attacked the town."
    assert summary(text, gaz) == {("displacement", "Cabaret", "2025-03-03", "day"),
                                  ("clash_or_attack", "Cabaret", "2025-03-03", "day")}


@pytest.mark.parametrize("text, expected", [
    ("Gangs attack farmers in Cabaret.", set()),  # what gangs do: habitual
    ("They burn homes in Cabaret and kidnap travellers.", set()),
    ("Gangs attack farmers in Cabaret on Monday.", {"clash_or_attack"}),  # a bulletin's present
    ("Gangs attacked farmers in Cabaret.", {"clash_or_attack"}),
    ("Gangs have attacked farmers in Cabaret.", {"clash_or_attack"}),
    ("The gangs are attacking farmers in Cabaret.", {"clash_or_attack"}),
])
def test_an_undated_simple_present_of_a_bare_plural_is_habitual(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


def test_a_bullet_points_present_tense_tells_news(gaz):
    assert {r.event_type for r in rows("• Gangs attack farmers in Cabaret", gaz)} == {
        "clash_or_attack"}


@pytest.mark.parametrize("text, expected", [
    ("Gangs attacked Cabaret on Monday. Many residents took refuge in Arcahaie.",
     {("clash_or_attack", "Cabaret"), ("displacement", "Cabaret")}),
    ("Gangs attacked Cabaret on Monday. Hundreds of families sought refuge in Arcahaie.",
     {("clash_or_attack", "Cabaret"), ("displacement", "Cabaret")}),
    # decoys: no people in flight
    ("Police took refuge in the police station in Cabaret on Monday.", set()),
    ("The mayor sought shelter in Arcahaie on Monday.", set()),
])
def test_people_taking_refuge_are_displaced_from_where_they_fled(text, expected, gaz):
    assert {(r.event_type, r.place) for r in rows(text, gaz)} == expected


@pytest.mark.parametrize("text, expected", [
    ("Police have been ambushed several times in Cabaret.", set()),  # a run, none dated
    ("Gangs repeatedly attacked Cabaret.", set()),
    ("Gangs attacked Cabaret twice on Monday.", {"clash_or_attack"}),  # counted, dated
    ("Police were ambushed in Cabaret on Monday.", {"clash_or_attack"}),
])
def test_a_run_of_events_is_no_event(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


def test_a_while_clause_is_the_circumstance_not_an_event(gaz):
    text = "Police were ambushed on Monday while patrolling in Cabaret."
    assert {r.event_type for r in rows(text, gaz)} == {"clash_or_attack"}


@pytest.mark.parametrize("text, expected", [
    ("Gangs have attacked towns in the Artibonite, killing hundreds.", set()),
    ("Gangs control Cabaret and have attacked towns in the Artibonite.", set()),
    ("Gangs have attacked the police station in Cabaret.", {"clash_or_attack"}),
])
def test_a_perfect_over_a_class_is_a_summary(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


def test_displacement_across_the_country_is_a_statistic(gaz):
    text = "Gangs attacked Cabaret on Monday, displacing more than 1.3 million people across Haiti."
    assert {r.event_type for r in rows(text, gaz)} == {"clash_or_attack"}


def test_an_event_told_in_passing_in_a_relative_clause_borrows_no_place(gaz):
    text = ("Gangs control much of Cabaret. The mission, which deployed in June 2024, has "
            "fewer than 1,000 officers.")
    assert "deployment" not in {r.event_type for r in rows(text, gaz)}


def test_a_clause_of_time_lends_its_place_to_no_event(gaz):
    text = ("The attack on the hospital in Cabaret came hours after police regained control of "
            "Arcahaie on Monday.")
    assert {(r.event_type, r.place) for r in rows(text, gaz)} == {
        ("clash_or_attack", "Cabaret"), ("site_recaptured", "Arcahaie")}


@pytest.mark.parametrize("text, expected", [
    ("Police regained control of the police station in Cabaret on Monday.", {"site_recaptured"}),
    ("The government struggles to regain control of Cabaret.", set()),  # an effort, no event
])
def test_regaining_control_is_a_recapture(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


def test_the_capital_is_placed_before_an_undated_weekday(gaz):
    text = "Gang members attacked a hospital in Haiti's capital late Saturday."
    assert {(r.place, r.commune) for r in rows(text, gaz)} == {("Haiti's capital",
                                                                "Port-au-Prince")}


@pytest.mark.parametrize("text, key, expected", [
    ("Gangs displaced 3,000 people in Kenscoff and 2,000 in Carrefour on Monday.",
     "displaced", {("Kenscoff", 3000), ("Carrefour", 2000)}),
    ("Gangs killed 12 people in Cabaret and five in Arcahaie on Monday.",
     "killed", {("Cabaret", 12), ("Arcahaie", 5)}),
    # a figure that cannot be split goes to the first place only
    ("Gangs killed 12 people in Cabaret and Arcahaie on Monday.", "killed", {("Cabaret", 12)}),
])
def test_a_figure_per_place_goes_to_its_place(text, key, expected, gaz):
    got = {(r.place, getattr(r, key)) for r in rows(text, gaz) if getattr(r, key) is not None}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("Police officers came under heavy fire near Cabaret on Monday.", {"clash_or_attack"}),
    ("The fire came under control in Cabaret on Monday.", set()),  # decoy: fire as subject
])
def test_coming_under_fire_is_an_attack(text, expected, gaz):
    assert {r.event_type for r in rows(text, gaz)} == expected


@pytest.mark.parametrize("text", [
    "No one was injured in Cabaret on Monday.",
    "Nobody was killed in Cabaret on Monday.",
    "No officers were hurt in Cabaret on Monday.",
])
def test_no_one_hurt_is_no_casualty(text, gaz):
    assert rows(text, gaz) == []


def test_places_between_which_a_road_runs_are_the_event_places(gaz):
    text = "Police cleared barricades along National Road 1 between Cabaret and Arcahaie on Monday."
    assert {r.place for r in rows(text, gaz)} == {"Cabaret", "Arcahaie"}
