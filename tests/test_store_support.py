"""Helpers for the store, merge and export tests (no tests here).

Articles carry their own answer: each line ``EVENT type date precision place [key=n ...]
[actor=Name]`` becomes one report, and ``UNPLACED words`` an unresolved place, read by
:func:`line_extractor`. So a test (or a subprocess) can ingest real Article values without the
real extractor, and the expected incidents are visible in the fixture itself.
"""
from __future__ import annotations

import hashlib
from datetime import date

from incidents.model import FIGURE_KEYS, Article, Extraction, Incident, Unplaced

# place key -> (name, commune, department, lat, lon, geo_precision)
PLACES: dict[str, tuple[str, str, str, float, float, int]] = {
    "solino": ("Solino", "Port-au-Prince", "Ouest", 18.5561, -72.3240, 1),
    "bel-air": ("Bel Air", "Port-au-Prince", "Ouest", 18.5500, -72.3390, 1),
    "port-au-prince": ("Port-au-Prince", "Port-au-Prince", "Ouest", 18.5392, -72.3350, 2),
    "ouest": ("Ouest", "", "Ouest", 18.50, -72.30, 3),
    "pont-sonde": ("Pont-Sondé", "Saint-Marc", "Artibonite", 19.1500, -72.6100, 1),
    "kenscoff": ("Kenscoff", "Kenscoff", "Ouest", 18.4500, -72.2800, 2),
    "tabarre": ("Tabarre", "Tabarre", "Ouest", 18.5800, -72.2700, 2),
}


def make_article(name: str, text: str, day: str | date = "2024-08-28") -> Article:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    digest = hashlib.sha256(f"{d.isoformat()}\n{text}".encode()).hexdigest()
    return Article(name=name, date=d, text=text, id=digest)


def event(event_type: str, day: str, place: str, precision: str = "day", *extra: str) -> str:
    """One EVENT line for an article text."""
    return " ".join(("EVENT", event_type, day, precision, place, *extra))


def line_extractor(article: Article) -> Extraction:
    """The fake extractor: one report per EVENT line (see the module docstring)."""
    incidents, unplaced, offset = [], [], 0
    for line in article.text.splitlines(keepends=True):
        words = line.split()
        start, end = offset, offset + len(line.rstrip("\n"))
        offset += len(line)
        if words[:1] == ["UNPLACED"]:
            unplaced.append(Unplaced(article.name, " ".join(words[1:]), line.strip(), start,
                                     "not in the gazetteer"))
        if words[:1] != ["EVENT"]:
            continue
        if words[1] == "BOOM":
            raise RuntimeError("extractor crashed on purpose")
        event_type, day, precision, key = words[1:5]
        opts = dict(w.split("=", 1) for w in words[5:])
        name, commune, dept, lat, lon, geo = PLACES.get(key, (None,) * 6)
        incidents.append(Incident(
            id=f"{article.id[:8]}-{len(incidents)}", article=article.name,
            article_date=article.date, event_type=event_type,
            event_date=date.fromisoformat(day), date_precision=precision,
            place=name or key, place_id=f"p-{key}" if name else None, place_name=name,
            department=dept or None, commune=commune or None, lat=lat, lon=lon,
            geo_precision=geo,
            **{k: int(opts[k]) for k in FIGURE_KEYS if k in opts},
            actors=tuple(a.replace("_", " ") for a in opts.get("actors", "").split(",") if a),
            evidence=line.rstrip("\n"), evidence_start=start, evidence_end=end,
            rule=opts.get("rule", "test_rule")))
    return Extraction(article, tuple(incidents), tuple(unplaced))
