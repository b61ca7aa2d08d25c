"""Synthetic incidents spread over Haiti's communes and three years, for scale benchmarks.

Deterministic for a given seed. Points are drawn inside the CNIGS commune polygons, with
more weight on the Port-au-Prince metropolitan area and the Ouest department (where most
reporting is), so a filtered query sees the skew real data has. Shapes of output:
:func:`frame` (columns named like :class:`~incidents.model.Incident` fields, fast at 1M rows),
:func:`incidents` (frozen ``Incident`` values) and :func:`extractions` (those grouped into
articles: what the store's bulk path takes; bench.stores loads them into stores).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from bench.measure import SHARED
from incidents.extract.article import article_id
from incidents.model import Article, Extraction, Incident

ROOT = Path(__file__).resolve().parent.parent
# Commune boundaries: the repo's own copy (data/**/*commune*|*adm2*), else the shared raw data.
SHARED_COMMUNES = SHARED / "data" / "hti_communes_adm2.geojson"
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365 + 1  # 2023-01-01 .. 2025-12-31

METRO = ("Port-au-Prince", "Delmas", "Tabarre", "Cité Soleil", "Pétion-Ville", "Carrefour",
         "Croix-Des-Bouquets", "Kenscoff", "Gressier")
# (weight of a metro commune, of another Ouest commune, of any other commune)
WEIGHTS = (20.0, 5.0, 1.0)
# share of incidents at each geo_precision (1 = point, 2 = commune, 3 = department)
PRECISION_SHARES = (0.6, 0.3, 0.1)
TYPE_SHARES = {"armed_operation": 0.22, "clash_or_attack": 0.25, "injury_or_death": 0.15,
               "displacement": 0.12, "site_recaptured": 0.06, "site_lost": 0.06,
               "deployment": 0.06, "equipment_delivery": 0.03, "other": 0.05}
ACTORS = ("HNP", "MSS", "Kenyan police", "Viv Ansanm", "Gran Grif", "5 Segond",
          "Ti Makak", "400 Mawozo", "Jamaican contingent")
INCIDENTS_PER_ARTICLE = 5
# Bump when the generated data changes: cached synthetic stores (bench.stores) are keyed on it.
SYNTHETIC_VERSION = 1


def commune_file() -> Path:
    found = sorted(p for pattern in ("*commune*", "*adm2*")
                   for p in (ROOT / "data").rglob(pattern)
                   if p.suffix in (".geojson", ".gpkg", ".json") and "section" not in p.name)
    for path in [*found, SHARED_COMMUNES]:
        if path.exists():
            return path
    raise FileNotFoundError(f"no commune boundaries under {ROOT / 'data'} nor {SHARED_COMMUNES}")


@lru_cache(maxsize=2)
def communes(path: str | None = None):
    """Commune polygons as a GeoDataFrame with columns commune, department, geometry."""
    import geopandas as gpd

    gdf = gpd.read_file(path or commune_file())
    names = {"ADM2_FR": "commune", "ADM1_FR": "department"}
    gdf = gdf.rename(columns={k: v for k, v in names.items() if k in gdf.columns})
    missing = {"commune", "department"} - set(gdf.columns)
    if missing:
        raise ValueError(f"{path or commune_file()}: expected columns commune and department "
                         f"(or ADM2_FR/ADM1_FR), missing {sorted(missing)}")
    return gdf[["commune", "department", "geometry"]].reset_index(drop=True)


def _points_in(geom, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k uniform points inside one polygon, by rejection sampling in its bounding box."""
    import shapely

    shapely.prepare(geom)
    minx, miny, maxx, maxy = geom.bounds
    lons, lats, have = [np.empty(0)], [np.empty(0)], 0
    while have < k:
        m = max(64, int((k - have) * 2.5))
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        inside = shapely.contains_xy(geom, x, y)
        lons.append(x[inside])
        lats.append(y[inside])
        have += int(inside.sum())
    return np.concatenate(lats)[:k], np.concatenate(lons)[:k]


def frame(n: int, seed: int = 0,
          precision_shares: tuple[float, float, float] = PRECISION_SHARES) -> pd.DataFrame:
    """n synthetic incidents as a DataFrame whose columns are the Incident fields.

    The steps draw from one generator in a fixed order (communes and precisions, points,
    types, dates, place names, actors, figures): reordering them changes every value, and
    cached stores are keyed on SYNTHETIC_VERSION."""
    rng = np.random.default_rng(seed)
    gdf = communes()
    which, precision = _communes_and_precisions(gdf, n, rng, precision_shares)
    lat, lon = _points(gdf, which, precision, rng)
    types = np.array(list(TYPE_SHARES))
    event_type = types[rng.choice(len(types), size=n, p=list(TYPE_SHARES.values()))]
    article_no, dates = _dates(n, rng)
    commune = gdf["commune"].to_numpy()[which]
    department = gdf["department"].to_numpy()[which]
    place = _place_names(commune, department, precision, rng)
    actors = _actors(n, rng)
    figures = _figures(event_type, rng)
    tag = hashlib.sha256(f"synthetic-{seed}".encode()).hexdigest()[:8]
    evidence = [f"{t.replace('_', ' ').capitalize()} reported in {p}, {c}."
                for t, p, c in zip(event_type, place, commune, strict=True)]
    return pd.DataFrame({
        "id": [f"syn-{tag}-{i:07d}" for i in range(n)],
        "article": [f"synthetic_{tag}_{a:07d}.txt" for a in article_no],
        "article_date": dates["article_date"],
        "event_type": event_type,
        "event_date": dates["event_date"],
        "date_precision": dates["date_precision"],
        "place": place,
        # an exact point is its own site; commune- and department-level places are shared
        "place_id": [f"syn-{tag}-{i:07d}" if p == 1 else f"syn-{tag}-c{w:03d}-{p}"
                     for i, (w, p) in enumerate(zip(which, precision, strict=True))],
        "place_name": place,
        "department": department,
        "commune": np.where(precision == 3, None, commune),  # a department-level place
        "lat": lat.round(5),
        "lon": lon.round(5),
        "geo_precision": precision,
        **figures,
        "actors": actors,
        "evidence": evidence,
        "evidence_start": 0,
        "evidence_end": [len(e) for e in evidence],
        "rule": "synthetic",
    })


def _communes_and_precisions(gdf, n: int, rng: np.random.Generator,
                             shares: tuple[float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Each incident's commune (row of ``gdf``, weighted by WEIGHTS) and geo_precision."""
    weight = np.where(gdf["commune"].isin(METRO), WEIGHTS[0],
                      np.where(gdf["department"] == "Ouest", WEIGHTS[1], WEIGHTS[2]))
    which = rng.choice(len(gdf), size=n, p=weight / weight.sum())
    return which, rng.choice([1, 2, 3], size=n, p=shares)


def _points(gdf, which: np.ndarray, precision: np.ndarray,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon): a point inside the commune (precision 1), the commune's point (2) or its
    department's point (3)."""
    lat, lon = np.empty(len(which)), np.empty(len(which))
    centroid = gdf.geometry.representative_point()
    dept_centre = gdf.dissolve("department").geometry.representative_point()
    for i in np.unique(which):
        rows = np.flatnonzero(which == i)
        exact = rows[precision[rows] == 1]
        lat[exact], lon[exact] = _points_in(gdf.geometry[i], len(exact), rng)
        near = rows[precision[rows] == 2]  # a commune-level place sits at its commune's point
        lat[near], lon[near] = centroid[i].y, centroid[i].x
        region = rows[precision[rows] == 3]
        point = dept_centre[gdf["department"][i]]
        lat[region], lon[region] = point.y, point.x
    return lat, lon


def _dates(n: int, rng: np.random.Generator) -> tuple[np.ndarray, dict[str, object]]:
    """Article numbers (INCIDENTS_PER_ARTICLE incidents each) and the date columns: events
    up to 3 days before their article."""
    article_no = np.arange(n) // INCIDENTS_PER_ARTICLE
    article_day = rng.integers(0, DAYS, size=article_no[-1] + 1 if n else 0)[article_no]
    day = np.maximum(0, article_day - rng.integers(0, 4, size=n))
    first = np.datetime64(FIRST_DAY)
    precision = np.array(["day", "week", "month"])[rng.choice(3, size=n, p=(.7, .25, .05))]
    return article_no, {
        "event_date": pd.to_datetime(first + day.astype("timedelta64[D]")),
        "article_date": pd.to_datetime(first + article_day.astype("timedelta64[D]")),
        "date_precision": precision}


def _place_names(commune: np.ndarray, department: np.ndarray, precision: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """A quarter of the commune (precision 1), the commune (2) or the department (3)."""
    quarter = rng.integers(1, 80, size=len(commune))
    return np.where(precision == 1, [f"{c} quartier {q}" for c, q in zip(commune, quarter,
                                                                          strict=True)],
                    np.where(precision == 2, commune, department))


def _actors(n: int, rng: np.random.Generator) -> list[tuple[str, ...]]:
    """One or two actors of ACTORS per incident."""
    a1 = rng.integers(0, len(ACTORS), size=n)
    a2 = rng.integers(-len(ACTORS), len(ACTORS), size=n)  # negative: one actor only
    return [(ACTORS[x],) if y < 0 or y == x else (ACTORS[x], ACTORS[y])
            for x, y in zip(a1, a2, strict=True)]


# figure column -> (the event types that state it, typical value, share that states it)
FIGURES = {
    "killed": (("clash_or_attack", "injury_or_death"), 4, 0.6),
    "injured": (("clash_or_attack", "injury_or_death", "armed_operation"), 3, 0.4),
    "displaced": (("displacement",), 800, 0.9),
    "officers": (("deployment",), 150, 0.7),
}


def _figures(event_type: np.ndarray, rng: np.random.Generator) -> dict[str, pd.Series]:
    """The figure columns (FIGURES, in order): a lognormal value where the type states it."""
    n, out = len(event_type), {}
    for column, (kinds, scale, share) in FIGURES.items():
        stated = np.isin(event_type, kinds) & (rng.random(n) < share)
        values = np.maximum(1, rng.lognormal(np.log(scale), 1.0, n)).astype(np.int64)
        out[column] = pd.Series(np.where(stated, values, 0), dtype="Int64").mask(~stated)
    return out


def _value(v):
    return None if v is pd.NA or v is None else int(v)


def incidents(n: int, seed: int = 0, **options) -> Iterator[Incident]:
    """n synthetic incidents as Incident values (generated in one go, yielded one by one).

    Evidence offsets refer to the text :func:`extractions` gives their article."""
    df = frame(n, seed, **options)
    cols = {c: df[c].tolist() for c in df.columns}
    for c in ("article_date", "event_date"):
        cols[c] = [ts.date() for ts in df[c]]
    for c in ("killed", "injured", "displaced", "officers"):
        cols[c] = [_value(v) for v in df[c]]
    offset = 0
    for i in range(n):
        if i % INCIDENTS_PER_ARTICLE == 0:
            offset = 0
        length = len(cols["evidence"][i])
        cols["evidence_start"][i], cols["evidence_end"][i] = offset, offset + length
        offset += length + 1
        yield Incident(**{c: vals[i] for c, vals in cols.items()})


def extractions(n: int, seed: int = 0, **options) -> Iterator[Extraction]:
    """n synthetic incidents grouped into articles: what the store's bulk path takes
    (``options`` go to :func:`frame`)."""
    batch: list[Incident] = []

    def flush() -> Extraction:
        text = " ".join(inc.evidence for inc in batch)
        day = batch[0].article_date
        article = Article(name=batch[0].article, date=day, text=text, id=article_id(day, text))
        return Extraction(article=article, incidents=tuple(batch))

    for inc in incidents(n, seed, **options):
        if batch and inc.article != batch[0].article:
            yield flush()
            batch = []
        batch.append(inc)
    if batch:
        yield flush()
