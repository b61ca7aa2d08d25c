"""Geoparsing, ours vs ``geotext`` (GeoNames cities15000), on the development corpus.

Both parsers read the same article texts. A gold place (gold.jsonl: one per article and
``place_canonical``) counts as found when the parser returns, in that article, a place whose
words match the gold place and that lies in the gold commune: the place recall of
``score_incidents.py``'s geoparsing score. Its looser commune recall (any place found in the
article lies in the gold commune) is reported too. Scoring uses the shared scorer's own
functions, so the figures mean what they mean there.

geotext gives city names only. Each name it assigns to Haiti (HT) is placed by
point-in-polygon of its cities15000 coordinates in the CNIGS communes (nearest commune within
~5 km for coastal points); names it assigns to another country get no commune.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from bench.measure import SHARED, one_core, row, timed

SECTION = "geoparse"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "tools" / "score_incidents.py"
NEAREST_DEG = 0.05  # ~5 km: coastal GeoNames points that fall just outside their commune
TARGET_RATIO = 5.0


def scorer(path: Path = SCORER):
    """The shared scorer module (standard library only), loaded from its file."""
    spec = importlib.util.spec_from_file_location("score_incidents", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_texts(corpus: Path = CORPUS) -> dict[str, str]:
    """Article file name -> text, as the project's article reader gives it (dateline off)."""
    from incidents.extract.article import iter_articles

    articles = iter_articles([corpus / "articles"])
    return {a.name: a.text for a in articles if not isinstance(a, Exception)}


def ours(texts: dict[str, str]) -> list[dict]:
    """Our gazetteer's resolved mentions, as scorer predictions."""
    from geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    preds = []
    for name, text in texts.items():
        for res in gaz.resolve_all(text):
            if res.resolved:
                preds.append({"article": name, "place": res.mention.text,
                              "place_name": res.place.name, "admin1": res.place.department,
                              "admin2": res.place.commune})
    return preds


@lru_cache(maxsize=1)
def _ht_cities() -> dict[str, tuple[float, float]]:
    """geotext's own key (lower-cased GeoNames name) -> (lat, lon) of the Haitian rows."""
    import geotext

    path = Path(geotext.__file__).parent / "data" / "cities15000.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 8 and cols[8] == "HT":
            out.setdefault(cols[1].lower(), (float(cols[4]), float(cols[5])))
    return out


@lru_cache(maxsize=1)
def _commune_of():
    """(lat, lon) -> (department, commune) by point-in-polygon on the commune polygons."""
    import shapely
    from shapely import Point

    from bench.synthetic import communes

    gdf = communes()
    polygons = gdf.geometry.to_numpy()

    def where(lat: float, lon: float) -> tuple[str, str] | None:
        point = Point(lon, lat)  # shapely and GeoJSON order: x = lon, y = lat
        hit = gdf[gdf.contains(point)]
        if hit.empty:
            dist = shapely.distance(polygons, point)  # in degrees: a rough cut-off is enough
            if dist.min() > NEAREST_DEG:
                return None
            hit = gdf.iloc[[int(dist.argmin())]]
        return hit["department"].iloc[0], hit["commune"].iloc[0]

    return where


def geotext_parse(texts: dict[str, str]) -> list[tuple[str, str]]:
    """(article, city name) for every city geotext finds: geotext's work alone, timed."""
    from geotext import GeoText

    return [(name, city) for name, text in texts.items() for city in GeoText(text).cities]


def geotext_preds(found: list[tuple[str, str]]) -> list[dict]:
    """Place geotext's cities: the ones it assigns to Haiti, by their cities15000 point."""
    from geotext import GeoText

    cities, where = _ht_cities(), _commune_of()
    preds = []
    for article, city in found:
        key = city.lower()
        if GeoText.index.cities.get(key) != "HT" or key not in cities:
            continue
        admin = where(*cities[key])
        if admin:
            preds.append({"article": article, "place": city, "place_name": city,
                          "admin1": admin[0], "admin2": admin[1]})
    return preds


def _rate(fn, texts: dict[str, str], repeat: int) -> tuple[float, list[float]]:
    """Articles per second of fn(texts), batches repeated to last a measurable while."""
    once, _, _ = timed(lambda: fn(texts), repeat=1, warmup=1)
    loops = max(1, int(0.3 / max(once, 1e-6)))
    secs, runs, _ = timed(lambda: [fn(texts) for _ in range(loops)], repeat=repeat)
    return len(texts) * loops / secs, runs


def run(repeat: int = 5, corpus: Path = CORPUS) -> list[dict]:
    score = scorer()
    texts = corpus_texts(corpus)
    gold = [g for g in score.load_gold(str(corpus / "gold.jsonl")) if g["article"] in texts]
    rows = []
    with one_core():
        ours_rate, ours_runs = _rate(ours, texts, repeat)
        geo_rate, geo_runs = _rate(geotext_parse, texts, repeat)
    mine = score.place_recall(gold, ours(texts))
    theirs = score.place_recall(gold, geotext_preds(geotext_parse(texts)))
    n = mine["places"]
    method = ("geotext cities placed by point-in-polygon of their cities15000 coordinates "
              f"in the CNIGS communes (nearest within {NEAREST_DEG}°)")
    for key, label in (("place_recall", "coded places found in the right commune"),
                       ("commune_recall", "coded places whose commune some found place hits")):
        a, b = mine[key], theirs[key]
        ratio = a / b if b else float("inf") if a else None
        main = key == "place_recall"
        rows += [
            row(SECTION, f"ours: {label}", a, "share", size=n),
            row(SECTION, f"geotext: {label}", b, "share", size=n, note=method if main else ""),
            row(SECTION, f"ratio ours/geotext ({key})", ratio, "x", size=n,
                target=f">= {TARGET_RATIO:g}x" if main else "",
                ok=(ratio is not None and ratio >= TARGET_RATIO) if main else None),
        ]
    rows += [
        row(SECTION, "ours: articles/s (gazetteer loaded, one core)", ours_rate, "articles/s",
            size=len(texts), runs=ours_runs),
        row(SECTION, "geotext: articles/s (one core)", geo_rate, "articles/s",
            size=len(texts), runs=geo_runs),
    ]
    return rows
