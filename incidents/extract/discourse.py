"""Pass 2 of the extraction: events of sentences become draft incidents, with what the
neighbouring sentences lend (CODEBOOK §4, §5).

Kept small and apart from the sentence reading: a place borrowed from the neighbouring
sentence when an event's sentence names none; a date carried from the sentence before (a
statement's date only when the story gives none); "the prison" or "it" for the facility just
named; the Haitian dateline for an arrival only "in Haiti"; a casualty count that only points
back at the event just told.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from geo.place import Resolution
from incidents.extract.candidates import Candidate, GazetteerLike, most_specific
from incidents.extract.date_words import RANK, precision_of
from incidents.extract.dates import DateMention, pick
from incidents.extract.events import Event, Reading
from incidents.extract.fold import Draft
from incidents.extract.sentences import Sentence
from incidents.model import Article

MAX_LOOKBACK = 4  # sentences a place may be borrowed from, backwards
MAX_DATE_GAP = 31  # days: a sentence dated further from its neighbour tells another story
CASUALTY_RULE = "casualty.count"
# Words of a sentence that still tells the story of an event without being one itself.
STORY_WORDS = frozenset(("attack", "attacks", "assault", "raid", "operation", "offensive",
                         "violence", "fighting", "clash", "clashes", "massacre", "killings",
                         "gunfire", "shooting", "ambush"))
# Sentence adverbs that turn to another story: such a sentence borrows no place.
SHIFT_WORDS = frozenset(("meanwhile", "separately", "elsewhere"))
# Event types whose date a displacement they cause takes, and the roles of dates that only
# date a figure or its report.
VIOLENCE = frozenset(("clash_or_attack", "armed_operation", "site_lost"))
_FIGURE_DATES = ("by", "statement")
_FIGURE_TYPES = {"injury_or_death": ("killed", "injured"), "displacement": ("displaced",),
                 "deployment": ("officers",)}


@dataclass(slots=True)
class Info:
    """One sentence: its mentions, and what its reading found (if it was parsed)."""

    sentence: Sentence
    res: list[Resolution]
    words: set[str]
    dates: list[DateMention] = field(default_factory=list)
    reading: Reading | None = None
    cands: list[Candidate] = field(default_factory=list)
    places: list[Candidate] = field(default_factory=list)  # event places of the sentence
    date: tuple[date, str, int] | None = None

    @property
    def events(self) -> list[Event]:
        return self.reading.events if self.reading else []

    @property
    def event(self) -> bool:
        return bool(self.events) or bool(self.reading and self.casualties)

    @property
    def casualties(self) -> dict[str, int]:
        f = self.reading.figures if self.reading else {}
        return {k: f[k] for k in ("killed", "injured") if k in f}

    def own_date(self) -> DateMention | None:
        """The date the sentence gives its events: none of a statement's (by its words, "said
        on Monday", or by the parse, "a report published Thursday")."""
        said = set(self.reading.statement_dates) | set(self.reading.aside_dates) \
            if self.reading else set()
        return pick([d for n, d in enumerate(self.dates) if d.role != "statement"
                     and n not in said], 0) if self.dates else None

    def story(self) -> bool:
        return self.event or self.sentence.heading or not STORY_WORDS.isdisjoint(self.words)


def _lends(me: Info, other: Info, same_type: str = "") -> bool:
    s, o = me.sentence, other.sentence
    if o.section != s.section:
        return False
    if same_type and same_type not in {e.event_type for e in other.events}:
        return False
    mine, theirs = me.own_date(), other.own_date()
    # a neighbour without a date of its own tells of the date its events were given
    their_day = theirs.day if theirs else other.date[0] if other.date else None
    return not (mine and their_day and abs((mine.day - their_day).days) > MAX_DATE_GAP)


def borrow(i: int, infos: list[Info], same_type: str = "") -> list[Candidate]:
    """Event places from the neighbours of sentence i: the previous sentence if it tells the
    story; the next one in the same paragraph; further back while the sentences tell the
    story; for the lede, the next paragraph's first event; last, the previous sentence."""
    me, prev = infos[i], infos[i - 1] if i > 0 else None
    if not SHIFT_WORDS.isdisjoint(me.words):
        return []  # "Meanwhile, police mourned an officer killed in combat": another story
    prev_lends = prev is not None and bool(prev.places) and _lends(me, prev, same_type)
    if prev_lends and prev.story():
        return prev.places
    nxt = infos[i + 1] if i + 1 < len(infos) else None
    if nxt and nxt.sentence.paragraph == me.sentence.paragraph and nxt.places and _lends(
            me, nxt, same_type):
        return nxt.places
    for j in range(i - 2, max(-1, i - MAX_LOOKBACK - 1), -1):
        other = infos[j]
        if not other.story() or not _lends(me, other, same_type):
            break
        if other.places:
            return other.places
    lede = not any(not x.sentence.heading for x in infos[:i])
    if lede and nxt and nxt.event and nxt.places and _lends(me, nxt, same_type):
        return nxt.places
    return prev.places if prev_lends else []


def _date_of(mentions: list[DateMention], statements: list[DateMention], anchor: int,
             event_type: str, inherited: tuple[date, str, int] | None,
             pub: date) -> tuple[date, str, int]:
    skip = ("since",) if event_type == "site_recaptured" else ()
    found = pick(mentions, anchor, skip)
    if found and found.role == "next":  # "the next day": the day after the story's date
        if inherited:
            return min(inherited[0] + timedelta(days=1), pub), "day", RANK["relative"]
        found = None
    if found and found.role != "statement":
        return found.day, found.precision, RANK[found.kind]
    if inherited:
        return inherited[0], inherited[1], RANK["inherited"]
    found = found or pick(statements, anchor)
    if found:  # a statement's date dates the event only when the story gives no other
        return found.day, "week", RANK[found.kind]  # within a week of it (CODEBOOK §5)
    return pub, "week", RANK["default"]


def _own_places(info: Info, ev: Event | None, gaz: GazetteerLike) -> list[Candidate]:
    """The event's places: those its clause holds, else those no clause of the sentence
    holds, else those of the sentence's other events."""
    r = info.reading
    if r is None:
        return []
    by_index = {n: c for n, c in enumerate(_index_cands(info))}
    if ev is not None and ev.in_country and not ev.places:
        return []  # its own clause places it "in Haiti": the sentence's other places are not
    for group in ((ev.places if ev else []), r.free_places,
                  [m for e in r.events for m in e.places]):
        cands = [c for m in group if (c := by_index.get(m)) is not None and not c.skip]
        if cands:
            return most_specific(cands, gaz)
    return []


def _index_cands(info: Info) -> list[Candidate | None]:
    """Candidates by mention index (None for unresolved mentions)."""
    out: list[Candidate | None] = []
    it = iter(info.cands)
    for r in info.res:
        out.append(next(it) if r.place is not None else None)
    return out


def drafts_of(article: Article, infos: list[Info], dateline: Candidate | None,
              gaz: GazetteerLike) -> list[Draft]:
    pub = article.date
    drafts: list[Draft] = []
    inherited: tuple[date, str, int] | None = None
    inherited_paragraph = -1
    # a "since X" or "as of X" date is carried only to displacements: "Since Feb. 14, 10,000
    # people have fled. Most fled Kenscoff." (None: carried to any event)
    inherited_types: frozenset[str] | None = None
    section = -1
    antecedents: dict[str, list[Candidate]] = {}
    last_site: list[Candidate] = []
    for i, info in enumerate(infos):
        s = info.sentence
        if s.section != section:
            section, inherited, antecedents, last_site = s.section, None, {}, []
            inherited_types = None
        if not info.event:
            d = next((d for d in info.dates if d.heading), None)
            since = next((d for d in info.dates if d.role == "since"), None)
            if d is not None:  # "25 February – Tensions rose. Gangs burned X.": the entry's date
                inherited, inherited_types = (d.day, d.precision, RANK["inherited"]), None
                inherited_paragraph = s.paragraph
            elif since is not None and info.story():
                # "Since February 14, violence has intensified ...": the flight it caused
                inherited = (since.day, since.precision, RANK["inherited"])
                inherited_types, inherited_paragraph = frozenset(("displacement",)), s.paragraph
            continue
        r = info.reading
        assert r is not None
        items: list[tuple[str, str, Event | None, dict[str, int]]] = []
        for ev in r.events:
            if ev.host is not None:
                continue
            figs = dict(ev.figures)
            if not (ev.reference and not ev.places) and not _only_a_toll(i, infos, ev):
                items.append((ev.event_type, ev.entry.key, ev, figs))
            casualties = {k: figs[k] for k in ("killed", "injured") if k in figs}
            if casualties:
                items.append(("injury_or_death", ev.entry.key, ev, casualties))
        if not r.events and info.casualties:
            items.append(("injury_or_death", CASUALTY_RULE, None, info.casualties))
        # an event told in an "after" clause is dated from the event it precedes: last
        items.sort(key=lambda item: item[2] is not None and item[2].after is not None)
        whens: dict[int, tuple[date, str, int]] = {}
        first_date = None
        # a new paragraph that dates its own report ("On Sunday, police said that ...") tells
        # another story: the report's date, not the date carried from the paragraph before
        # (a "since X" date still dates the flight a report in a new paragraph details)
        story = (inherited if not r.statement_dates or s.paragraph == inherited_paragraph
                 or inherited_types is not None else None)
        for event_type, rule, ev, figs in items:
            carried = story if inherited_types is None or event_type in inherited_types else None
            when = _when(info, ev, event_type, carried, story, whens, pub)
            if when is None:
                continue  # before another event, by an unknown lag: no date to give it
            if ev is not None:
                whens.setdefault(next(k for k, e in enumerate(r.events) if e is ev), when)
            places, own = _own_places(info, ev, gaz), True
            if not places:
                own = False
                places = _context(i, infos, event_type, ev, antecedents, last_site, dateline)
            if not places:
                continue
            if ev and ev.target and places:
                antecedents[ev.target] = places
                last_site = places
            keys = _FIGURE_TYPES.get(event_type, ())
            row_figs = {k: v for k, v in figs.items() if k in keys}
            if event_type in ("displacement", "deployment") and not row_figs and r.figures:
                row_figs = {k: r.figures[k] for k in keys if k in r.figures}
            if event_type == "deployment" and not row_figs and ev and ev.refers_back:
                row_figs = _force_before(i, infos)
            split = _split_figures(info, ev, places, keys)
            if event_type == "injury_or_death":
                # a figure that cannot be split goes to the first place
                places = [c for n, c in enumerate(places) if n == 0 or split.get(id(c))]
            for n, cand in enumerate(places):
                figs_here = split.get(id(cand), row_figs if n == 0 else {})
                drafts.append(Draft(event_type, rule, cand, when[0], when[1], when[2], info,
                                    own, figs_here, cand is dateline, ev.target if ev else ""))
            first_date = first_date or when
        if first_date:
            info.date = first_date
        own_date = info.own_date()
        if own_date is not None and own_date.role == "next" and info.date:
            inherited, inherited_types = (info.date[0], info.date[1], RANK["inherited"]), None
            inherited_paragraph = s.paragraph
        elif own_date is not None and own_date.role != "statement":
            inherited = (own_date.day, own_date.precision, RANK["inherited"])
            # "since X", "as of X": carried only to the flight told after it, which what X
            # began caused (CODEBOOK §5); other events after it have dates of their own
            inherited_types = (frozenset(("displacement",))
                               if own_date.role in ("since", "by") else None)
            inherited_paragraph = s.paragraph
    return drafts


def _when(info: Info, ev: Event | None, event_type: str,
          carried: tuple[date, str, int] | None, story: tuple[date, str, int] | None,
          whens: dict[int, tuple[date, str, int]], pub: date) -> tuple[date, str, int] | None:
    """The date of one event of the sentence (CODEBOOK §5): its clause's dates, else those
    no clause holds, else the sentence's others; the story's date carried to it; the date of
    the event an "after" clause precedes, less its lag (None: a lag nobody tells)."""
    r = info.reading
    assert r is not None
    mine = [info.dates[d] for d in ev.dates] if ev else []
    if event_type == "displacement" and all(d.role in _FIGURE_DATES for d in mine):
        mine = _cause_dates(info, r) + mine
    free = [info.dates[d] for d in r.free_dates]
    others = [d for n, d in enumerate(info.dates)
              if n not in r.statement_dates and n not in r.aside_dates]
    statements = [info.dates[d] for d in r.statement_dates]
    # an aside's date ("the force, which replaced the mission last month") only when neither
    # the sentence nor the story dates the event ("attacks by gangs who ... from 5 to 11 May")
    mentions = mine or free or others or (
        [] if carried else [info.dates[d] for d in r.aside_dates])
    when = _date_of(mentions, statements, ev.start if ev else 0, event_type, carried, pub)
    if ev is None or ev.after is None or mine:
        return when
    base = whens.get(ev.after) or story  # the event it precedes, or the story's
    if base is not None and ev.lag is None and r.events[ev.after].event_type == "displacement" \
            and event_type in VIOLENCE:
        return base  # "fled after gangs attacked": the flight's date
    return None if base is None or ev.lag is None else _before(base, ev.lag)


def _only_a_toll(i: int, infos: list[Info], ev: Event) -> bool:
    """Whether a casualty trigger only tells a toll: of an accident, or of the event just told
    ("Police launched an operation in X. Three gang members were killed.": passive with no
    agent, no place of its own, right after an event of the same section). Its figures
    make the casualty row; it is no event of its own."""
    if ev.accident:
        return True  # "a drone crashed in X, injuring three": the toll of no attack
    prev = infos[i - 1] if i else None
    return (ev.entry.casualty and ev.agentless and not ev.places and prev is not None
            and prev.event and prev.sentence.section == infos[i].sentence.section)


def _before(base: tuple[date, str, int], days: int) -> tuple[date, str, int]:
    """The date ``days`` before ``base``: the same day for a lag of hours, a week's precision
    for a lag of up to two weeks, a month's beyond (CODEBOOK §5, as for "since X")."""
    if days == 0:
        return base
    return base[0] - timedelta(days=days), precision_of(days), RANK["relative"]


def _split_figures(info: Info, ev: Event | None, places: list[Candidate],
                   keys: tuple[str, ...]) -> dict[int, dict[str, int]]:
    """The figures the sentence gives each of the row's places (by ``id`` of the candidate),
    for the keys of the row's type (``Event.place_figures``)."""
    if ev is None or not ev.place_figures:
        return {}
    by_mention = {id(c): m for m, c in enumerate(_index_cands(info)) if c is not None}
    out = {}
    for cand in places:
        figs = ev.place_figures.get(by_mention.get(id(cand), -1), {})
        if any(k in keys for k in figs):
            out[id(cand)] = {k: v for k, v in figs.items() if k in keys}
    return out


def _cause_dates(info: Info, r: Reading) -> list[DateMention]:
    """The dates of the sentence's violence, which date the displacement it caused (CODEBOOK
    §5: "6,000 displaced as of Wednesday since the attacks began on Feb. 14": Feb. 14)."""
    return [info.dates[d] for e in r.events if e.event_type in VIOLENCE for d in e.dates
            if info.dates[d].role not in _FIGURE_DATES]


def _force_before(i: int, infos: list[Info]) -> dict[str, int]:
    """The size of the force that "They" or "The troops" refers to: the count of the sentence
    before in the paragraph, when that sentence is no deployment of its own (its count is
    coded there)."""
    if i == 0:
        return {}
    prev, me = infos[i - 1], infos[i]
    if prev.sentence.paragraph != me.sentence.paragraph or prev.reading is None or any(
            e.event_type == "deployment" for e in prev.events):
        return {}
    return {k: v for k, v in prev.reading.figures.items() if k == "officers"}


def _context(i: int, infos: list[Info], event_type: str, ev: Event | None,
             antecedents: dict[str, list[Candidate]], last_site: list[Candidate],
             dateline: Candidate | None) -> list[Candidate]:
    if ev is not None and ev.in_country:
        # CODEBOOK §4: an arrival "in Haiti" falls back to the dateline; nothing else does
        return [dateline] if dateline and event_type == "deployment" else []
    if ev is not None and ev.pronoun and last_site:
        return last_site
    if ev is not None and ev.target:
        if ev.definite and ev.target in antecedents:
            return antecedents[ev.target]
        if not ev.definite and event_type in ("site_lost", "site_recaptured"):
            return []  # "a public hospital": no locatable place (CODEBOOK §1)
    if ev is not None and ev.aside:
        return []  # "the mission, which deployed in June 2024, ...": told in passing, unplaced
    if ev is not None and ev.one_place:
        titled = [c for c in infos[i].cands if c.skip == "title"]
        if titled:  # "the mayor of X says families have left the town": X
            return [replace(titled[0], skip="")]
    places = borrow(i, infos, "equipment_delivery" if event_type == "equipment_delivery" else "")
    # "it", "the town", "the station": one antecedent, the first (the story's) place
    return places[:1] if ev is not None and (ev.pronoun or ev.one_place) else places
