"""One article in, its incidents out: the extraction pipeline.

Pass 1 splits the article into sentences and parses those that may hold an event (a form of a
lexicon lemma: incidents.extract.lexicon) with place mentions merged into single tokens
(incidents.extract.nlp); each parsed sentence is read for its events and their arguments
(incidents.extract.clauses). Pass 2 turns events into draft incidents, lending places and dates from
neighbouring sentences when a sentence lacks them (incidents.extract.discourse). Pass 3 folds the
drafts of one event together (incidents.extract.fold).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass

from geo.place import Resolution
from incidents.extract import clauses, lexicon, nlp
from incidents.extract.actors import find_actors
from incidents.extract.candidates import Candidate, GazetteerLike, most_specific, unknown_places
from incidents.extract.dates import find_dates, is_period
from incidents.extract.discourse import Info, drafts_of
from incidents.extract.fold import Draft, fold
from incidents.extract.sentences import find_dateline, split_sentences
from incidents.model import Article, Extraction, Incident, Unplaced

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class _Context:
    """What every sentence of one article shares."""

    text: str
    res: list[Resolution]  # sorted by mention start
    starts: list[int]
    dateline_end: int
    gaz: GazetteerLike

    def within(self, start: int, end: int) -> list[Resolution]:
        return self.res[bisect_left(self.starts, start):bisect_left(self.starts, end)]


def _gazetteer(gazetteer: GazetteerLike | None) -> GazetteerLike:
    if gazetteer is not None:
        return gazetteer
    from geo.gazetteer import load_gazetteer  # loaded once, cached per path
    return load_gazetteer()


def _candidates(ctx: _Context, res: list[Resolution],
                skips: dict[int, str]) -> list[Candidate]:
    out = []
    for n, r in enumerate(res):
        if r.place is None:
            continue
        m = r.mention
        reason = ("dateline" if m.start < ctx.dateline_end else
                  "country" if r.place.kind == "country" else skips.get(n, ""))
        out.append(Candidate(r, m.start, m.end, ctx.text[m.start:m.end], reason))
    return out


def _dateline_place(text: str, res: list[Resolution], dl) -> Candidate | None:
    for r in res:
        if r.place is not None and dl.start <= r.mention.start < dl.end:
            if r.place.kind == "country":
                return None
            m = r.mention
            return Candidate(r, m.start, m.end, text[m.start:m.end])
    return None


def _stable_id(article: Article, d: Draft) -> str:
    key = (f"{article.id}|{d.event_type}|{d.cand.place.id}|{d.day.isoformat()}|"
           f"{d.info.sentence.start}-{d.info.sentence.end}")
    return hashlib.sha256(key.encode()).hexdigest()[:16]


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


_BULLET = re.compile(r"[•·▪◦*‣–—-](?=\s)")


def _unbulleted(text: str) -> str:
    """The sentence with a leading bullet blanked (same length: offsets hold), so the
    parser does not take the mark for a word."""
    m = _BULLET.match(text)
    return " " + text[1:] if m else text


def _undated(text: str, start: int, ctx: _Context) -> str:
    """The sentence with the dateline ("PORT-AU-PRINCE, Haiti (AP) —") blanked, same length:
    it is no part of the sentence's syntax."""
    cut = min(ctx.dateline_end - start, len(text))
    return " " * cut + text[cut:] if cut > 0 else text


def _dated(text: str, start: int, article: Article, ctx: _Context) -> list:
    """The date expressions of a sentence, but for the dateline's ("PORT-AU-PRINCE, March 10
    (Reuters) -": the day of the report, not of any event)."""
    cut = ctx.dateline_end - start
    return [d for d in find_dates(text, article.date) if d.start >= cut]


def _merges(info: Info) -> list[tuple[int, int]]:
    """The sentence's place mentions, as spans of the sentence to merge into one token."""
    s = info.sentence
    return [(r.mention.start - s.start, min(r.mention.end, s.end) - s.start) for r in info.res]


def read_sentences(article: Article, gaz: GazetteerLike, lang: str = "en") -> tuple[
        list[Info], Candidate | None]:
    """Pass 1: every sentence of the article with its places, and for those worth a parse,
    their events (clauses.Reading)."""
    lex = lexicon.load(lang)
    text = article.text
    sentences = split_sentences(text)
    dl = find_dateline(text, sentences)
    res = sorted(gaz.resolve_all(text), key=lambda r: r.mention.start)
    ctx = _Context(text, res, [r.mention.start for r in res], dl.span_end if dl else 0, gaz)
    infos: list[Info] = []
    todo: list[int] = []
    for s in sentences:
        own = ctx.within(s.start, s.end)
        words = set(_WORD.findall(s.text.lower()))
        infos.append(Info(s, own, words))
        if not s.heading and lex.may_hold_event(words):
            todo.append(len(infos) - 1)
    items = [(_undated(_unbulleted(infos[i].sentence.text), infos[i].sentence.start, ctx),
              _merges(infos[i])) for i in todo]
    docs = nlp.parse(items, lang, article.id)
    forces = lex.words.get("force", frozenset()) | lex.words.get("force_group", frozenset())
    for i, doc in zip(todo, docs, strict=True):
        info = infos[i]
        s = info.sentence
        info.dates = _dated(s.text, s.start, article, ctx)
        prev = infos[i - 1] if i else None
        force_before = prev is not None and prev.sentence.paragraph == s.paragraph and any(
            w.rstrip("s") in forces or w in forces for w in prev.words)
        info.reading = clauses.read(
            doc, lex, _merges(info), [(d.start, d.end) for d in info.dates], force_before,
            tuple((d.start, d.end) for d in info.dates if is_period(d)),
            item=_BULLET.match(s.text) is not None)
    for info in infos:
        if info.reading is None and not info.sentence.heading:
            # a date opening a timeline entry dates the entry's events (dates.DateMention);
            # "since X" the flight told after it (discourse.drafts_of)
            info.dates = [d for d in _dated(info.sentence.text, info.sentence.start, article,
                                            ctx) if d.heading or d.role == "since"]
        skips = info.reading.skips if info.reading else {}
        info.cands = _candidates(ctx, info.res, skips)
        info.places = most_specific(info.cands, gaz)
    return infos, _dateline_place(text, res, dl) if dl else None


def extract(article: Article, gazetteer: GazetteerLike | None = None,
            lang: str = "en") -> Extraction:
    """The incidents one article reports, and the place names the gazetteer could not place."""
    gaz = _gazetteer(gazetteer)
    infos, dateline = read_sentences(article, gaz, lang)
    drafts = fold(drafts_of(article, infos, dateline, gaz), gaz)
    actors: dict[int, tuple[str, ...]] = {}
    incidents = tuple(_incident(article, d, actors) for d in drafts)
    return Extraction(article, incidents, tuple(_unplaced(article, infos)))


def _unplaced(article: Article, infos: list[Info]) -> list[Unplaced]:
    """Place names of event sentences the gazetteer could not place: found but unresolved
    (with its reason), or not found at all after a locative word ("in Bois Zanglo")."""
    out = []
    for info in infos:
        if not info.event:
            continue
        s = info.sentence
        for r in info.res:
            if r.place is None:
                out.append(Unplaced(article.name, r.mention.text, s.text, r.mention.start,
                                    r.reason))
        for start, words in unknown_places(article.text, s.start, s.end, info.res):
            out.append(Unplaced(article.name, words, s.text, start, "no gazetteer entry"))
    return out
