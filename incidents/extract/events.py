"""The events of one sentence as the clause reader finds them (incidents.extract.clauses), and
what the sentence says besides: the records the linking and discourse steps fill in."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from incidents.extract.lexicon import Trigger


@dataclass(slots=True)
class Event:
    """One trigger of a sentence, read: its entry, type and arguments."""

    entry: Trigger
    event_type: str
    token: int  # index of the trigger token in the Doc
    start: int  # character offset of the trigger in the sentence
    actor: str = ""  # force | armed | ""
    target: str = ""  # facility kind of its target ("" if none or not a facility)
    definite: bool = False  # the target is "the prison" (refers back), not "a prison"
    pronoun: bool = False  # the target is "it": the facility just named
    one_place: bool = False  # the target is "the town", "the station": one place told before
    refers_back: bool = False  # its subject is "they" or "the troops": told before
    host: int | None = None  # for a casualty trigger: the event it belongs to
    reference: bool = False  # "in the attack": a noun pointing back at an event told
    in_country: bool = False  # placed only "in Haiti" ("arrived in Haiti")
    places: list[int] = field(default_factory=list)  # mention indices it owns
    dates: list[int] = field(default_factory=list)  # date indices it owns
    figures: dict[str, int] = field(default_factory=dict)
    # a figure the sentence gives one of its places ("displaced 3,000 in X and 2,000 in Y":
    # mention index of Y -> {"displaced": 2000})
    place_figures: dict[int, dict[str, int]] = field(default_factory=dict)
    # told in an "after" clause of another event ("retook it two weeks after gangs seized
    # it"): that event's index, and how many days earlier this one was (None: not said)
    after: int | None = None
    lag: int | None = None
    agentless: bool = False  # passive with no agent: "three were killed" (by whom, untold)
    aside: bool = False  # told in a relative clause ("the mission, which deployed in June")
    accident: bool = False  # casualties of what no trigger tells ("crashed, injuring three")


@dataclass(slots=True)
class Reading:
    """What a sentence says: its events, and why each place mention is no event place."""

    events: list[Event]
    skips: dict[int, str]  # mention index -> reason
    free_places: list[int]  # mentions no trigger owns
    free_dates: list[int]
    statement_dates: list[int]  # dates attached to a reporting verb
    figures: dict[str, int]  # every figure of the sentence (first per key)
    # dates of a relative clause that tells no event ("the force, which replaced the mission
    # last month"): they date an event only when nothing else does
    aside_dates: list[int] = field(default_factory=list)
