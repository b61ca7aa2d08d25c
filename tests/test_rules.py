"""The rule table: each rule fires on its own examples, and each cancelling cue cancels."""
from __future__ import annotations

import re

import pytest

from incidents import cues, rules
from incidents.rules import active, find_triggers, first_active


def fired(text: str) -> dict[str, str]:
    """Active event type -> rule key (the lazy path agrees with the explaining one)."""
    lazy = {k: t.rule for k, t in first_active(text).items()}
    assert lazy == {k: t.rule for k, t in active(find_triggers(text), text).items()}
    return lazy


@pytest.mark.parametrize("text, event_type, rule", [
    ("A police operation in Martissant left three suspects dead.",
     "armed_operation", "op.operation"),
    ("Officers arrested six suspects in Cité Soleil.", "armed_operation", "op.forces_act"),
    ("Police said on Friday they had arrested two suspects.", "armed_operation",
     "op.forces_act"),
    ("Officers from Pétion-Ville arrested six suspects.", "armed_operation", "op.forces_act"),
    ("Soldiers backed by police launched an offensive in Bas-Delmas.", "armed_operation",
     "op.launched"),
    ("Nine suspects were shot dead by the police in Croix-des-Bouquets.",
     "armed_operation", "op.by_forces"),
    ("Barricades on Route 9 were cleared by the army.", "armed_operation", "op.roadblocks"),
    ("Gunmen torched a school in Cabaret.", "clash_or_attack", "clash.attack_verb"),
    ("Armed men kidnapped a bus driver near Mirebalais.", "clash_or_attack",
     "clash.attack_verb"),
    ("Bandits killed five farmers in Liancourt.", "clash_or_attack", "clash.killing"),
    ("The police station in Arcahaie came under fire.", "clash_or_attack", "clash.passive"),
    ("Eleven farmers were killed in Liancourt on Sunday.", "clash_or_attack", "clash.killed"),
    ("The Delmas 62 police station was set ablaze.", "clash_or_attack", "clash.passive"),
    ("A fresh attack on Delmas 24 left homes burning.", "clash_or_attack", "clash.noun"),
    ("A massacre in Wharf Jérémie shocked the city.", "clash_or_attack", "clash.noun"),
    ("Police exchanged fire with bandits near the airport.", "clash_or_attack", "clash.fire"),
    ("The target of the assault was a market in Saut-d'Eau.", "clash_or_attack",
     "clash.target"),
    ("Bandits overran the police post in Dessalines.", "site_lost", "lost.overrun"),
    ("Gangs seized the courthouse in Saint-Marc.", "site_lost", "lost.seized"),
    ("Police said gangs seized the Thomazeau station.", "site_lost", "lost.seized"),
    ("The police withdrew and gangs took over the post.", "site_lost", "lost.seized"),
    ("Armed men stormed the women's prison in Cabaret.", "site_lost", "lost.stormed"),
    ("The gang claimed the raid on the jail, where 400 inmates escaped.", "site_lost",
     "lost.prison_break"),
    ("Officers repelled a gang assault on the Gressier station.", "clash_or_attack",
     "clash.fire"),
    ("The mission said it sent a team of 60 officers to Hinche.", "deployment", "dep.arrive"),
    ("The fighting drove hundreds of families from their homes in Bas-Delmas.", "displacement",
     "disp.flee"),
    ("The gunmen freed all 300 inmates of the Croix-des-Bouquets prison.",
     "site_lost", "lost.prison_break"),
    ("Gang members turned a school in Thomazeau into a hideout.", "site_lost", "lost.base"),
    ("The jail of Fort-Liberté was emptied overnight.", "site_lost", "lost.emptied"),
    ("Police recaptured the Delmas 33 station on Friday.", "site_recaptured", "recap.retake"),
    ("The port of Jacmel was retaken on Friday.", "site_recaptured", "recap.passive"),
    ("Soldiers took control of the bridge at Torcelle.", "site_recaptured", "recap.control"),
    ("The Ti Makak gang lost its last base in Laboule to the army.", "site_recaptured",
     "recap.gang_lost"),
    ("Hundreds of residents fled Bas-Delmas on Sunday.", "displacement", "disp.flee"),
    ("Many fled to the hills when the shooting started.", "displacement", "disp.flee"),
    ("The violence displaced 800 families in Verrettes.", "displacement", "disp.displaced"),
    ("Forty Kenyan officers landed in Port-au-Prince.", "deployment", "dep.arrive"),
    ("A SWAT unit was sent to Pont-Sondé as reinforcements.", "deployment", "dep.arrive"),
    ("The ministry sent fresh reinforcements to Saut-d'Eau.", "deployment", "dep.sent"),
    ("Washington delivered ten armored trucks to the police.", "equipment_delivery",
     "equip.deliver"),
    ("Protesters blocked the road in Jérémie.", "other", "other.protest"),
    ("The police withdrew from Ouanaminthe under fire.", "other", "other.withdrawal"),
    ("Officers who responded were forced to retreat.", "other", "other.withdrawal"),
])
def test_each_rule_fires(text, event_type, rule):
    assert fired(text).get(event_type) == rule


def test_every_rule_has_an_example():
    examples = {r for *_, r in test_each_rule_fires.pytestmark[0].args[1]}
    assert examples == {r.key for r in rules.RULES}


@pytest.mark.parametrize("text, rule, cue", [
    ("200 Jamaican soldiers will be deployed to Haiti.", "dep.arrive", "future"),
    ("Kenya plans to send more police officers who arrived in Nairobi.", "dep.arrive",
     "future"),
    ("The team met officials before its officers were deployed.", "dep.arrive", "future"),
    ("Police are trying to retake the port.", "recap.retake", "infinitive"),
    ("If gangs seized the airport, flights would stop.", "lost.seized", "conditional"),
    ("The union warned that gangs had seized nothing yet, but could.", "lost.seized",
     "warning"),
    ("“Cabaret could fall to the gangs within days,” a deputy said.", "lost.seized", "modal"),
    ("Police denied that gangs had seized the Arcahaie station.", "lost.seized", "denial"),
    ("Armored vehicles requested by the police have not yet arrived.", "equip.deliver",
     "negation"),
    ("Gangs almost overran the Carrefour police post.", "lost.overrun", "approximate"),
    ("Gangs now control parts of Ganthier.", "lost.seized", "approximate_after"),
    ("Kidnappings dropped since the first contingent landed in Haiti.", "dep.arrive",
     "since_clause"),
    ("Across the country, 700,000 people have fled their homes.", "disp.flee", "statistic"),
    ("Gangs killed 150 people across the capital, the UN said.", "clash.killing", "statistic"),
    ("Citywide, gangs killed 300 people.", "clash.killing", "statistic"),
    ("Since May 1, 9,000 people have been displaced in the metropolitan area.",
     "disp.displaced", "statistic"),
    ("Gang violence killed 5,000 people in 2024, gangs said.", "clash.killing", "statistic"),
    ("Six people were killed in a bus crash near Léogâne.", "clash.killed", "accident"),
    # Seizing weapons or drugs is no capture of a site; forces seizing is no loss to gangs.
    ("Officers raided a gang hideout and seized rifles and ammunition.", "lost.seized",
     "goods"),
    ("Soldiers captured the gang's stronghold in Canaan on Friday.", "lost.seized",
     "forces_subject"),
    ("After the gangs fled, the police stormed the prison in Cabaret.", "lost.stormed",
     "forces_subject"),
    ("The bandits retook the police post in Cabaret.", "recap.retake", "armed_subject"),
    # Background and returns: no new flight.
    ("Residents who had fled Cabaret are back.", "disp.flee", "background"),
    ("Families displaced in March returned home to Cabaret.", "disp.displaced", "return"),
])
def test_cancelling_cues(text, rule, cue):
    hits = [t for t in find_triggers(text) if t.rule == rule]
    assert hits, f"{rule} should match {text!r} before being cancelled"
    assert hits[0].cancelled == cue
    assert rule not in {t.rule for t in active(find_triggers(text)).values()}


def test_every_cue_has_an_example():
    examples = {cue for *_, cue in test_cancelling_cues.pytestmark[0].args[1]}
    assert examples == {c.key for c in cues.CUES}


def test_a_conditional_about_an_ongoing_attack_presupposes_it():
    text = "Residents warned that if the attacks on Bas-Delmas continue, the market will close."
    assert fired(text) == {"clash_or_attack": "clash.noun"}


@pytest.mark.parametrize("text, expected", [
    # A recapture is coded alone: not the fighting that achieved it.
    ("Troops retook the port after a gun battle with gangs.",
     {"site_recaptured": "recap.retake"}),
    # A capture is the loss of the site, not an attack as well.
    ("Gangs stormed and seized the police station in Cabaret.",
     {"site_lost": "lost.stormed"}),
    # Police killing gang members is an operation, not a gang attack.
    ("Officers killed eight gang members in Canaan.", {"armed_operation": "op.forces_act"}),
    ("Eight gang members were killed by the police in Canaan.",
     {"armed_operation": "op.by_forces"}),
    # Police officers killed by gangs are victims: an attack, not an operation.
    ("Two police officers were killed when gangs ambushed their patrol.",
     {"clash_or_attack": "clash.killed"}),
    # An attack on a town before the capture of its site is coded as well.
    ("Gangs raided the town of Gressier, seizing the police station.",
     {"site_lost": "lost.seized", "clash_or_attack": "clash.attack_verb"}),
    ("Gangs attacked Mirebalais and took control of the town's prison.",
     {"site_lost": "lost.seized", "clash_or_attack": "clash.attack_verb"}),
    ("Gangs attacked the police and seized the station.", {"site_lost": "lost.seized"}),
    # A loss dated apart before the recapture is an event of its own; a pluperfect loss is
    # the recapture's background.
    ("The Tabarre station was seized by gangs on Friday and retaken by police on Sunday.",
     {"site_lost": "lost.seized", "site_recaptured": "recap.retake"}),
    ("Police retook the port that gangs had occupied since May 6.",
     {"site_recaptured": "recap.retake"}),
    ("The port, which gangs had seized in May, was retaken by police on Sunday.",
     {"site_recaptured": "recap.passive"}),
    ("Police retook on Sunday the station that gangs seized on Friday.",
     {"site_recaptured": "recap.retake"}),
    # "the police station ... freed inmates": the station is no police force acting.
    ("Bandits overran the police station in Hinche and freed dozens of inmates.",
     {"site_lost": "lost.overrun"}),
])
def test_suppression_between_types(text, expected):
    assert fired(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A facility emptied, or its inmates freed, is lost, in either voice, with or without
    # a named actor; an attack that emptied it is not coded again as a clash.
    ("A second jail, in Jacmel, was also raided and emptied.", {"site_lost": "lost.emptied"}),
    ("The Jacmel jail was looted and emptied on Sunday.", {"site_lost": "lost.emptied"}),
    ("The jail in Jacmel was attacked and its prisoners were freed.",
     {"site_lost": "lost.emptied"}),
    ("More than 200 detainees escaped from the jail in Jacmel.", {"site_lost": "lost.emptied"}),
    # Passive site rules: the agent after "by" decides whose gain it is.
    ("The Tabarre police station was seized by gangs on Sunday.", {"site_lost": "lost.seized"}),
    ("The courthouse was taken over by armed men.", {"site_lost": "lost.seized"}),
    ("The courthouse was occupied on Sunday by armed bandits.", {"site_lost": "lost.seized"}),
    ("The Tabarre police station was retaken by the police.",
     {"site_recaptured": "recap.passive"}),
    ("The church in Tabarre was later turned into a base by the gang.",
     {"site_lost": "lost.base"}),
    ("The station was abandoned by officers and later occupied by gangs.",
     {"site_lost": "lost.seized"}),
    ("Residents of Tabarre were driven out by the gangs.", {"displacement": "disp.flee"}),
    # Gangs retaking a site is no recapture by the forces.
    ("The Tabarre police station was retaken by gangs on Sunday.", {}),
    ("The Tabarre police station was set on fire.", {"clash_or_attack": "clash.passive"}),
    ("Hundreds of residents were displaced by the fighting.",
     {"displacement": "disp.displaced", "clash_or_attack": "clash.fire"}),
    # Decoys: forces as the agent, a partly emptied site, a town emptied of its people.
    ("The Tabarre police station was seized by the police from the gang.", {}),
    ("The jail in Jacmel was partly emptied.", {}),
])
def test_passive_voice_and_emptied_sites(text, expected):
    assert fired(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("No fewer than 20 people were killed in Cabaret.", {"clash_or_attack": "clash.killed"}),
    ("No one was killed in Cabaret.", {}),
])
def test_no_fewer_than_is_a_count_not_a_negation(text, expected):
    assert fired(text) == expected


@pytest.mark.parametrize("text", [
    "Officers recovered rifles and a motorbike.",  # recovered, but no site
    "The convoy moved on after a short stop.",  # no armed actor: "moved on" is no attack
    "The suspects fled and were later arrested.",  # suspects fleeing: no residents
    "Ambulances arrived at the clinic.",  # no force arriving
    "The minister received the ambassador.",  # no equipment
])
def test_decoys_without_required_words(text):
    hits = {t.event_type for t in find_triggers(text)}
    site_ok = [t for t in find_triggers(text) if not t.site]
    assert not ({"site_recaptured", "clash_or_attack", "displacement", "deployment",
                 "equipment_delivery"} & hits) or not site_ok


def test_table_is_consistent():
    keys = [r.key for r in rules.RULES]
    assert len(keys) == len(set(keys))
    cue_keys = {c.key for c in cues.CUES}
    for rule in rules.RULES:
        assert set(rule.cancels) <= cue_keys, rule.key
        assert rule.key in rules.NEEDLES, rule.key
        assert rule.help and rule.event_type
        re.compile(rule.trigger)
    sentence_wide = {c.key for c in cues.CUES if c.scope in ("sentence", "sentence_before")}
    assert set(cues.CUE_STEMS) == sentence_wide


@pytest.mark.parametrize("text, antecedent, expected", [
    # A pronoun subject borrows the actors of the sentence before.
    ("On Monday they attacked Solino as well.", "Gangs attacked Bel-Air on Sunday.",
     {"clash_or_attack": "clash.attack_verb"}),
    # Decoys: no armed antecedent, no pronoun, or no antecedent given.
    ("On Monday they torched Solino.", "Police patrolled Bel-Air on Sunday.", {}),
    ("On Monday the crowd torched Solino.", "Gangs attacked Bel-Air on Sunday.", {}),
    ("On Monday they attacked Solino as well.", "", {}),
])
def test_a_pronoun_subject_borrows_the_actors_before(text, antecedent, expected):
    lazy = {k: t.rule for k, t in first_active(text, antecedent=antecedent).items()}
    assert lazy == {k: t.rule for k, t in active(find_triggers(text, antecedent), text).items()}
    assert lazy == expected


@pytest.mark.parametrize("text, expected", [
    # A patrol or convoy under fire is an attack, however heavy the fire.
    ("A police patrol came under heavy gunfire near Lascahobas.",
     {"clash_or_attack": "clash.passive"}),
    ("The convoy came under sustained automatic fire outside Boucan-Carré.",
     {"clash_or_attack": "clash.passive"}),
    ("Gunmen fired on a police convoy in Lascahobas.", {"clash_or_attack": "clash.attack_verb"}),
    ("A patrol was ambushed near Boucan-Carré.", {"clash_or_attack": "clash.passive"}),
    # Reinforcements sent (past): a deployment whoever sends them; promised ones are none.
    ("The government sent reinforcements to Lascahobas.", {"deployment": "dep.sent"}),
    ("Authorities sent 80 more police officers to Boucan-Carré.", {"deployment": "dep.sent"}),
    ("The PNH sent a SWAT team to Lascahobas.", {"deployment": "dep.sent"}),
    ("The ministry sent a team of 60 agents to Lascahobas.", {"deployment": "dep.sent"}),
    ("The charity sent a team of doctors to Lascahobas.", {}),
    ("The government will send reinforcements to Lascahobas.", {}),
    ("The government pledged to send reinforcements to Lascahobas.", {}),
    ("The government has not sent reinforcements to Lascahobas.", {}),
    # Decoys: a letter or condolences sent to officers; an area under police control.
    ("The mayor sent a letter to officers in Lascahobas.", {}),
    ("The minister sent condolences to officers in Lascahobas.", {}),
    ("The market came under police protection in Lascahobas.", {}),
])
def test_patrols_under_fire_and_reinforcements_sent(text, expected):
    assert fired(text) == expected


@pytest.mark.parametrize("text, antecedent, expected", [
    # "They landed": the force that landed is the one the sentence before introduced.
    ("They landed in Port-au-Prince on Tuesday.",
     "A contingent of 150 Jamaican soldiers left Kingston on Monday.",
     {"deployment": "dep.arrive"}),
    # Letters whose lower case is longer ("İ") before the pronoun must not shift where it
    # is looked for.
    ("Per İİİİİİİİ, they landed in Port-au-Prince on Tuesday.",
     "A contingent of 150 Jamaican soldiers left Kingston on Monday.",
     {"deployment": "dep.arrive"}),
    # Decoys: an antecedent without a force, or none at all.
    ("They landed in Port-au-Prince on Tuesday.", "The tourists left Kingston on Monday.", {}),
    ("They landed in Port-au-Prince on Tuesday.", "", {}),
])
def test_a_pronoun_subject_borrows_the_force_before(text, antecedent, expected):
    lazy = {k: t.rule for k, t in first_active(text, antecedent=antecedent).items()}
    assert lazy == {k: t.rule for k, t in active(find_triggers(text, antecedent), text).items()}
    assert lazy == expected
