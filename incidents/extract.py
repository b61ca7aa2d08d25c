"""One article in, its incidents out: the extraction pipeline.

Pass 1 reads each sentence once: its event places, triggers (rules.py), figures, date
expressions. Pass 2 turns the active triggers into draft incidents, lending places and dates
from neighbouring sentences when a sentence lacks them (CODEBOOK §4, §5). Pass 3 folds the
drafts of one event together (same type and place, compatible dates; the lowest death toll) and
drops a city-level row when the same event is coded at a place inside it.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from geo.place import Resolution
from incidents import cues, rules
from incidents.actors import find_actors
from incidents.dates import RANK, DateMention, find_dates, pick
from incidents.figures import ADDED, clause_of, find_figures
from incidents.fold import Draft, fold
from incidents.model import Article, Extraction, Incident, Unplaced
from incidents.places import (
    Candidate,
    GazetteerLike,
    Site,
    acted_on,
    candidates,
    find_site,
    most_specific,
    unknown_places,
)
from incidents.sentences import Sentence, find_dateline, split_sentences

MAX_LOOKBACK = 4  # sentences a place may be borrowed from, backwards
SITE_BEFORE = 100  # chars before a site trigger where its site may stand ("X ... is back")
FACILITY_GAP = 40  # chars between "stormed" and the facility it took
MAX_DATE_GAP = 31  # days: a sentence dated further from its neighbour tells another story
_IN_HAITI = re.compile(r"\b(?:in|to|into|inside)\s+Haiti\b(?!\s*'s|’s)")
_CASUALTY_KEYS = ("killed", "injured")
_ARRIVAL = ("arrived", "landed", "deployed")
_SINCE_ARRIVAL = re.compile(r"\bsince\s+(?:the\s+)?(?:arrival|deployment|landing)\s+of\b",
                            re.IGNORECASE)
_TYPE_KEYS = (("displacement", "displaced"), ("deployment", "officers"))
_CASUALTY_HINT = ("kill", "dead", "died", "death", "injur", "wound", "hurt", "slain", "murder",
                  "bodies")
# Words of a sentence that still tells the story of an event without being one itself.
_STORY_WORDS = ("attack", "assault", "raid", "operation", "offensive", "violence", "fighting",
                "clash", "massacre", "killings", "gunfire", "shooting")
_CASUALTY_HINT_RE = re.compile("|".join(_CASUALTY_HINT))
_STORY_RE = re.compile("|".join(_STORY_WORDS))


# "wounded in the attack", "killed during the operation": casualties of the event just told.
_BACK_REFERENCE = re.compile(r"\b(?:in|during|in\s+the\s+course\s+of|amid)\s+(?:the|that|this)\s+"
                             r"(?:[\w-]+\s+)?(?:attacks?|assault|raids?|operations?|offensive|"
                             r"clash(?:es)?|fighting|violence|ambush|incident|exchange\s+of\s+fire|"
                             r"gunfight|shoot-?out)\b", re.IGNORECASE)
_CLAUSE_GAP = re.compile(r"[,;]|\band\b")
_MAIN_TYPES = ("clash_or_attack", "armed_operation", "site_lost", "site_recaptured", "other")


def _follows(info: _Info, main: tuple | None, when: tuple[date, str, int]) -> bool:
    """Whether a flight without an event place of its own ("fled toward A and B": refuges)
    follows the last placed event: same or next paragraph, no event of another kind of its
    own, and no date of its own that differs."""
    return bool(main) and info.sentence.paragraph - main[2] <= 1 and not any(
        t in info.triggers for t in _MAIN_TYPES) and (
        when[2] < RANK["weekday"] or abs((when[0] - main[1][0]).days) <= 1)


def _refers_back(info: _Info, places: list[Candidate]) -> bool:
    """A casualty clause that points back at the event just told ("wounded in the attack, and
    residents of A fled"): its places all stand in another clause after the pointer ("during
    the operation in A" names the operation's place)."""
    text, s0 = info.sentence.text, info.sentence.start
    m = _BACK_REFERENCE.search(text)
    first = min(c.start for c in places) - s0
    return (m is not None and first > m.end()
            and _CLAUSE_GAP.search(text, m.end(), first) is not None)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every sentence of one article shares."""

    text: str
    res: list[Resolution]  # sorted by mention start
    starts: list[int]  # their starts, for bisect
    dateline_end: int
    gaz: GazetteerLike

    def within(self, start: int, end: int) -> list[Resolution]:
        """The resolutions whose mention starts in text[start:end]."""
        return self.res[bisect_left(self.starts, start):bisect_left(self.starts, end)]


def _figure_masks(ctx: _Context, s: Sentence, dates: list[DateMention]) -> list[tuple[int, int]]:
    """Spans of the sentence where a number is no figure: place names ("Tabarre 27") and dates
    ("August 1"), relative to the sentence."""
    masks = [(r.mention.start - s.start, r.mention.end - s.start)
             for r in ctx.within(s.start, s.end)]
    return masks + [(d.start, d.end) for d in dates]


@dataclass(slots=True)
class _Info:
    """What pass 1 learns about one sentence (its places only when asked: speed)."""

    sentence: Sentence
    ctx: _Context
    lower: str
    triggers: dict[str, rules.Trigger]
    figures: dict[str, int]
    casualty: bool
    dates: list[DateMention]
    own_date: DateMention | None = None
    event: bool = False
    date: tuple[date, str, int] | None = None  # effective date of its events
    _cands: list[Candidate] | None = None
    _places: list[Candidate] | None = None
    _sites: dict[tuple[int, int, int], Site | None] = field(default_factory=dict)
    antecedent: str = ""  # the previous sentence of the paragraph (pronouns refer to it)
    masks: list[tuple[int, int]] = field(default_factory=list)  # place names, dates: no figures
    adds: bool = False  # a placeless casualty count on top of the event's ("seven other people")

    @property
    def cands(self) -> list[Candidate]:
        """Resolved mentions of the sentence, each with its skip reason."""
        if self._cands is None:
            c, s = self.ctx, self.sentence
            self._cands = candidates(c.text, s.start, s.end, c.within(s.start, s.end),
                                     c.dateline_end)
        return self._cands

    def site(self, trigger: rules.Trigger, before: int = 40) -> Site | None:
        """The facility phrase near a trigger of this sentence (asked twice: kept)."""
        key = (trigger.start, trigger.end, before)
        if key not in self._sites:
            self._sites[key] = find_site(self.sentence.text, trigger.start, trigger.end, before)
        return self._sites[key]

    @property
    def places(self) -> list[Candidate]:
        """Event places: most specific, not skipped."""
        if self._places is None:
            self._places = most_specific(self.cands, self.ctx.gaz)
        return self._places


def _gazetteer(gazetteer: GazetteerLike | None) -> GazetteerLike:
    if gazetteer is not None:
        return gazetteer
    from geo.gazetteer import load_gazetteer  # loaded once, cached per path
    return load_gazetteer()


def _site_ok(trigger: rules.Trigger, info: _Info) -> bool:
    """A site rule needs a site: a facility noun or a place name near its trigger; a facility
    rule needs a facility noun that is no mere area right by it ("stormed the prison", not
    "stormed the town")."""
    if trigger.site in ("facility", "facility_near"):
        site = info.site(trigger, FACILITY_GAP if trigger.site == "facility" else SITE_BEFORE)
        return (site is not None and site.kind != "area" and (
            site.start - trigger.end <= FACILITY_GAP)) or _pronoun_site(info, trigger) is not None
    if info.site(trigger, SITE_BEFORE):
        return True
    s_start = info.sentence.start
    lo, hi = s_start + trigger.start - SITE_BEFORE, s_start + trigger.end + 70
    return any(lo <= c.start < hi for c in info.cands) or _pronoun_site(info, trigger) is not None


_IT = re.compile(r"\bit\b")


def _pronoun_site(info: _Info, trigger: rules.Trigger) -> Site | None:
    """The facility that 'it' beside a site trigger refers to ("Police retook it", "It was
    emptied"): the one named by the previous sentence of the paragraph (its kind only)."""
    prev = info.antecedent
    if not prev or not _IT.search(info.lower, max(0, trigger.start - 15), trigger.end + 4):
        return None
    site = find_site(prev, len(prev), len(prev), len(prev))
    return site if site is not None and site.kind != "area" else None


def _read(s: Sentence, ctx: _Context, pub: date, prev: Sentence | None = None) -> _Info:
    info = _Info(s, ctx, s.text.lower(), {}, {}, False, [])
    info.antecedent = prev.text if prev is not None and prev.paragraph == s.paragraph else ""
    info.triggers = triggers = {} if s.heading else rules.first_active(
        s.text, lambda t: not t.site or _site_ok(t, info), info.antecedent)
    keys = [*_CASUALTY_KEYS, *(k for t, k in _TYPE_KEYS if t in triggers)]
    if not s.heading and (triggers or _CASUALTY_HINT_RE.search(info.lower)):
        info.dates = find_dates(s.text, pub)
        info.masks = _figure_masks(ctx, s, info.dates)
        info.figures = find_figures(s.text, info.masks, keys)
    info.casualty = any(k in info.figures for k in _CASUALTY_KEYS) and not (
        cues.casualty_cancelled(s.text, len(s.text), len(s.text)))
    info.event = bool(triggers) or info.casualty
    # Placeless only: "seven other people were killed in A" is a count of its own at A.
    info.adds = info.casualty and ADDED.search(s.text) is not None and not info.places
    info.own_date = pick(info.dates, min((t.start for t in triggers.values()), default=0))
    return info


def _lends(me: _Info, other: _Info, same_type: str = "") -> bool:
    """Whether ``other`` may lend its places to ``me``: same section (a casualty-only sentence:
    same paragraph), of the same event type when asked, and not dated far apart (then it tells
    another story)."""
    s, o = me.sentence, other.sentence
    # "Seven other people were wounded." opening a paragraph continues the sentence before.
    continues = me.adds and o.index == s.index - 1 and other.event
    if o.section != s.section or (not me.triggers and o.paragraph != s.paragraph
                                  and not continues):
        return False
    if same_type and same_type not in other.triggers:
        return False
    theirs = other.own_date.day if other.own_date else other.date and other.date[0]
    gap = me.own_date and theirs and abs((me.own_date.day - theirs).days)
    return not (gap and gap > MAX_DATE_GAP)


def _story(info: _Info) -> bool:
    """Whether a sentence still tells the story of an event: an event, a heading, or words
    about "the attack"."""
    return info.event or info.sentence.heading or _STORY_RE.search(info.lower) is not None


def _borrow(i: int, infos: list[_Info], same_type: str = "") -> list[Candidate] | None:
    """Event places from the neighbours of sentence i (CODEBOOK §4, place from context).

    Nearest first: the previous sentence if it tells the story (an event, a heading, words
    about "the attack"); the next one in the same paragraph; further back while the sentences
    still tell the story (any other sentence ends the walk); for the lede only, the next
    paragraph's first sentence; last, a previous sentence that does not tell the story.
    """
    me, prev = infos[i], infos[i - 1] if i > 0 else None
    prev_lends = prev is not None and _lends(me, prev, same_type) and bool(prev.places)
    # The previous sentence lends first when it tells the story; one that does not ("The
    # attackers came from the hills near A.") lends only when nothing else does.
    if prev_lends and _story(prev):
        return prev.places
    nxt = infos[i + 1] if i + 1 < len(infos) else None
    if (nxt and nxt.sentence.paragraph == me.sentence.paragraph and _lends(me, nxt, same_type)
            and nxt.places):
        return nxt.places
    for j in range(i - 2, max(-1, i - MAX_LOOKBACK - 1), -1):
        other = infos[j]
        if not _story(other) or not _lends(me, other, same_type):
            break
        if other.places:
            return other.places
    lede = not any(not x.sentence.heading for x in infos[:i])
    if lede and nxt and nxt.event and _lends(me, nxt, same_type) and nxt.places:
        return nxt.places
    # Last, a previous sentence that only introduced the place ("X is a town of ...").
    return prev.places if prev_lends else None


def _date_of(info: _Info, event_type: str, anchor: int,
             inherited: tuple[date, str, int] | None, pub: date) -> tuple[date, str, int]:
    skip = ("since",) if event_type == "site_recaptured" else ()
    found = pick(info.dates, anchor, skip)
    if found and found.role == "next":  # "the next day": the day after the story's date
        if inherited:
            return min(inherited[0] + timedelta(days=1), pub), "day", RANK["relative"]
        found = None
    if found and not (found.role == "statement" and inherited):
        # A statement's date dates the event only when the story gives no other (CODEBOOK §5).
        return found.day, found.precision, RANK[found.kind]
    if inherited:
        return inherited[0], inherited[1], RANK["inherited"]
    return pub, "week", RANK["default"]


def _stable_id(article: Article, d: Draft) -> str:
    key = (f"{article.id}|{d.event_type}|{d.cand.place.id}|{d.day.isoformat()}|"
           f"{d.info.sentence.start}-{d.info.sentence.end}")
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _dateline_place(text: str, res: list[Resolution], dateline_end: int,
                    dateline_start: int) -> Candidate | None:
    for r in res:
        if r.place is not None and dateline_start <= r.mention.start < dateline_end:
            if r.place.kind == "country":
                return None
            m = r.mention
            return Candidate(r, m.start, m.end, text[m.start:m.end])
    return None


def _drafts(article: Article, infos: list[_Info], dateline: Candidate | None) -> list[Draft]:
    pub = article.date
    drafts: list[Draft] = []
    inherited: tuple[date, str, int] | None = None
    section = -1
    antecedents: dict[str, tuple[list[Candidate], tuple[date, str, int]]] = {}
    main: tuple | None = None  # the section's last placed event: places, date, paragraph
    arrival: date | None = None  # the first dated arrival: "since the arrival of ..." starts
    for i, info in enumerate(infos):
        s = info.sentence
        if s.section != section:
            section, inherited, antecedents, main = s.section, None, {}, None
        if any(w in info.lower for w in _ARRIVAL):
            days = [d.day for d in (info.dates or find_dates(s.text, pub)) if d.role != "by"]
            arrival = min([*days, arrival] if arrival else days, default=None)
        if not info.event:
            continue
        first = min((t.start for t in info.triggers.values()), default=0)
        own = info.own_date
        window = None
        if own is None and arrival and _SINCE_ARRIVAL.search(s.text):
            # CODEBOOK §5: known only to fall in a window -> its start, month precision.
            window = (arrival, "month", RANK["inherited"])
        items = [(t.event_type, t.rule, t) for t in info.triggers.values()]
        if info.casualty:
            items.append(("injury_or_death", rules.CASUALTY_RULE, None))
        for event_type, rule, trigger in items:
            anchor = trigger.start if trigger else first
            when = window or _date_of(info, event_type, anchor, inherited, pub)
            places, own_place = info.places, True
            if event_type == "injury_or_death" and places and _refers_back(info, places):
                places = []  # "wounded in the attack, and residents of A fled": not at A
            site: Site | None = None
            if trigger and (trigger.site or not info.places):
                site = info.site(trigger, SITE_BEFORE)
            if not places:
                own_place = False
                places = _context_places(i, infos, event_type, site, antecedents, dateline)
                if places is None and event_type == "displacement" and _follows(info, main, when):
                    places = main[0]  # CODEBOOK §4: the place of the event that drove them out
                if not places:
                    continue
                if site and site.definite and site.kind in antecedents and not info.dates:
                    when = (antecedents[site.kind][1][0], antecedents[site.kind][1][1],
                            RANK["inherited"])
            if event_type == "injury_or_death":
                places = places[:1]  # a figure that cannot be split goes to the first place
            if own_place and event_type in _MAIN_TYPES:
                main = (places, when, s.paragraph)
            target = _target(info, event_type, trigger, site)
            for n, cand in enumerate(places):
                figs = _figures_for(event_type, info, trigger) if n == 0 else {}
                if n == 0 and event_type == "deployment" and "officers" not in figs:
                    figs = {**figs, **_officers_before(i, infos, trigger, pub)}
                drafts.append(Draft(event_type, rule, cand, when[0], when[1], when[2], info,
                                    own_place, figs, cand is dateline, target,
                                    info.adds and event_type == "injury_or_death"))
            if site and site.kind != "area" and places:
                antecedents[site.kind] = (places, when)
        if drafts and drafts[-1].info is info:
            info.date = (drafts[-1].day, drafts[-1].precision, drafts[-1].rank)
        if own is not None and own.role == "next":
            inherited = info.date and (info.date[0], info.date[1], RANK["inherited"])
        elif own is not None and own.role not in ("since", "by"):
            # Later sentences of the section without a date of their own take this one; a
            # window start ("since") or a cut-off ("by") dates no other event.
            inherited = (own.day, own.precision, RANK["inherited"])
    return drafts


def _target(info: _Info, event_type: str, trigger: rules.Trigger | None,
            site: Site | None) -> str:
    """The facility an attack acts on, or the facility a site_lost row took ('' if none)."""
    if trigger is None:
        return ""
    if event_type == "clash_or_attack":
        return acted_on(info.sentence.text, trigger.start, trigger.end,
                        info.site(trigger, FACILITY_GAP))
    if event_type == "site_lost":
        site = site or info.site(trigger, SITE_BEFORE) or _pronoun_site(info, trigger)
        return site.kind if site is not None and site.kind != "area" else ""
    return ""


def _context_places(i: int, infos: list[_Info], event_type: str, site: Site | None,
                    antecedents: dict, dateline: Candidate | None) -> list[Candidate] | None:
    s = infos[i].sentence
    if event_type == "deployment" and _IN_HAITI.search(s.text):
        return [dateline] if dateline else None  # CODEBOOK §4 dateline fallback, only here
    if site is not None and site.kind != "area":
        if site.generic and event_type in ("site_lost", "site_recaptured"):
            return None  # "a public hospital": no locatable place
        if site.definite and site.kind in antecedents:
            return antecedents[site.kind][0]
    # A delivery happens where the text says; only another delivery lends its place.
    return _borrow(i, infos, "equipment_delivery" if event_type == "equipment_delivery" else "")


def _figures_for(event_type: str, info: _Info, trigger: rules.Trigger | None) -> dict[str, int]:
    """The figures of a row: casualties of the sentence; the displaced or the officers of
    the trigger's own clause ("400 officers completed their deployment when a group of 200
    landed": the landing is 200), else of the sentence."""
    keys = {"injury_or_death": _CASUALTY_KEYS, "displacement": ("displaced",),
            "deployment": ("officers",)}.get(event_type, ())
    figures = {k: info.figures[k] for k in keys if k in info.figures}
    if trigger is None or not figures:
        return figures
    text = info.sentence.text
    lo, hi = clause_of(text, trigger.start, trigger.end)
    if lo == 0 and hi == len(text):
        return figures
    masks = [(a - lo, b - lo) for a, b in info.masks if lo <= a and b <= hi]
    return find_figures(text[lo:hi], masks, figures) or figures


# "A contingent of 150 soldiers left Kingston. They landed in Port-au-Prince": the subject of
# the arrival is the force the sentence before introduced; its count is theirs.
_FORCE_SUBJECT = re.compile(
    r"\b(?:they|the\s+(?:[a-z-]+\s+){0,2}?(?:officers|troops|soldiers|contingent|personnel|"
    r"agents|policemen|police|peacekeepers|reinforcements|gendarmes))\b")


def _officers_before(i: int, infos: list[_Info], trigger: rules.Trigger | None,
                     pub: date) -> dict[str, int]:
    """The officers of a deployment whose subject ("They", "The troops") refers back to a
    force counted by the previous sentence of its paragraph, when that sentence is no
    deployment of its own (its count is already coded there)."""
    info = infos[i]
    if trigger is None or not info.antecedent or i == 0:
        return {}
    prev = infos[i - 1]
    start = cues.clause_start(info.lower, trigger.start)
    if "deployment" in prev.triggers or not _FORCE_SUBJECT.search(info.lower, start,
                                                                  trigger.start):
        return {}
    p = prev.sentence
    masks = _figure_masks(info.ctx, p, find_dates(p.text, pub))
    return find_figures(p.text, masks, ("officers",))


def _incident(article: Article, d: Draft, actors: dict[int, tuple[str, ...]]) -> Incident:
    p, r, s = d.cand.place, d.cand.resolution, d.info.sentence
    if s.index not in actors:
        actors[s.index] = find_actors(s.text)
    return Incident(
        id=_stable_id(article, d), article=article.name, article_date=article.date,
        event_type=d.event_type, event_date=d.day, date_precision=d.precision,
        place=d.cand.text, place_id=p.id, place_name=p.name,
        department=p.department or None, commune=p.commune or None, lat=p.lat, lon=p.lon,
        geo_precision=r.geo_precision or p.geo_precision, actors=actors[s.index],
        evidence=s.text, evidence_start=s.start, evidence_end=s.end, rule=d.rule,
        **d.figures)


def extract(article: Article, gazetteer: GazetteerLike | None = None) -> Extraction:
    """The incidents one article reports, and the place names the gazetteer could not place."""
    gaz = _gazetteer(gazetteer)
    text = article.text
    sentences = split_sentences(text)
    dl = find_dateline(text, sentences)
    res = sorted(gaz.resolve_all(text), key=lambda r: r.mention.start)
    dateline = _dateline_place(text, res, dl.end, dl.start) if dl else None
    ctx = _Context(text, res, [r.mention.start for r in res], dl.span_end if dl else 0, gaz)
    infos = [_read(s, ctx, article.date, sentences[i - 1] if i else None)
             for i, s in enumerate(sentences)]
    drafts = fold(_drafts(article, infos, dateline), gaz)
    actors: dict[int, tuple[str, ...]] = {}
    incidents = tuple(_incident(article, d, actors) for d in drafts)
    return Extraction(article, incidents, tuple(_unplaced(article.name, infos)))


def _unplaced(name: str, infos: list[_Info]) -> list[Unplaced]:
    """Place names of event sentences the gazetteer could not place: found but unresolved
    (with its reason), or not found at all after a locative word ("in Bois Zanglo")."""
    out = []
    for info in infos:
        if not info.event:
            continue
        s, c = info.sentence, info.ctx
        res = c.within(s.start, s.end)
        for r in res:
            if r.place is None:
                out.append(Unplaced(name, r.mention.text, s.text, r.mention.start, r.reason))
        for start, words in unknown_places(c.text, s.start, s.end, res):
            out.append(Unplaced(name, words, s.text, start, "no gazetteer entry"))
    return out

