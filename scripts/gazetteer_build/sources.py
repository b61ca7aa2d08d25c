"""The raw open data in ../shared/data, read and indexed once for the build steps."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import shapely

from gazetteer_build.tables import C500, REF, WOF
from geo.normalize import key


def read(shared: Path) -> dict[str, object]:
    layers = {n: gpd.read_file(shared / f) for n, f in (
        ("adm1", "hti_departments_adm1.geojson"), ("adm2", "hti_communes_adm2.geojson"),
        ("adm3", "hti_sections_communales_adm3.geojson"),
        ("adm0", "hti_country_adm0_dissolved.geojson"))}
    return {**layers, "ref": pd.read_csv(shared / REF, dtype=str).fillna(""),
            "wof": pd.read_csv(shared / WOF, dtype=str).fillna(""),
            "c500": pd.read_csv(shared / C500, dtype=str).fillna("")}


class Admin:
    """Point-in-polygon on the full-resolution sections, nearest section as fallback."""

    def __init__(self, adm3: gpd.GeoDataFrame, adm1: gpd.GeoDataFrame):
        self.adm3 = adm3.reset_index(drop=True)
        self.tree = shapely.STRtree(self.adm3.geometry.values)
        self.dept = dict(zip(adm1.ADM1_PCODE, adm1.ADM1_FR, strict=True))

    def __call__(self, lat: float, lon: float) -> tuple[str, str, str, str]:
        pt = shapely.Point(lon, lat)  # shapely is x=lon, y=lat
        hits = self.tree.query(pt, predicate="intersects")
        how = "point-in-polygon"
        if len(hits) == 0:
            hits = [self.tree.nearest(pt)]
            how = "nearest polygon"
        row = self.adm3.iloc[int(hits[0])]
        return self.dept[row.ADM1_PCODE], row.ADM2_FR, row.ADM3_FR, how


def rep_point(geom) -> tuple[float, float]:
    p = geom.representative_point()
    return round(p.y, 6), round(p.x, 6)


def dictionary_words() -> frozenset[str]:
    """Keys of the English, French and Spanish words of pyspellchecker's frequency lists
    (OpenSubtitles-derived; frequent names such as "simon" are in them too)."""
    from spellchecker import SpellChecker

    words: set[str] = set()
    for lang in ("en", "fr", "es"):
        words.update(key(w) for w in SpellChecker(language=lang).word_frequency)
    return frozenset(words)


class Sources(SimpleNamespace):
    """The raw layers and tables, indexed once for the build steps."""


def sources(shared: Path) -> Sources:
    d = read(shared)
    c500 = d["c500"]
    return Sources(
        **d, admin=Admin(d["adm3"], d["adm1"]), words=dictionary_words(),
        foreign=foreign_names(),
        pop={r.geonameid: int(r.population or 0) for r in c500.itertuples()},
        c500pt={r.geonameid: (float(r.latitude), float(r.longitude))
                for r in c500.itertuples()},
        ref_by_kind={k: g for k, g in d["ref"].groupby("kind")})


def seats_from_wof(wof: pd.DataFrame, adm2: gpd.GeoDataFrame) -> dict:
    """(commune pcode, key) -> the GeoNames place of that name inside that commune."""
    pts = wof[wof.geonameid != ""].copy()
    pts["lat"] = pts.gn_latitude.where(pts.gn_latitude != "", pts.wof_latitude).astype(float)
    pts["lon"] = pts.gn_longitude.where(pts.gn_longitude != "", pts.wof_longitude).astype(float)
    g = gpd.GeoDataFrame(pts, geometry=gpd.points_from_xy(pts.lon, pts.lat), crs=adm2.crs)
    j = gpd.sjoin(g, adm2[["ADM2_PCODE", "geometry"]], predicate="within")
    out = {}
    for r in j.itertuples():
        out.setdefault((r.ADM2_PCODE, key(r.gn_name or r.name)), SimpleNamespace(
            name=r.gn_name or r.name, aliases="", lat=r.lat, lon=r.lon,
            source_id=r.geonameid.removesuffix(".0")))
    return out


def foreign_names() -> frozenset[str]:
    """Keys of countries, nationalities and large foreign cities, from geotext's GeoNames
    files: the matcher never reads these as Haitian places."""
    import geotext
    base = Path(geotext.__file__).parent / "data"
    names: set[str] = set()
    with open(base / "countryInfo.txt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(f) > 4 and f[0] != "HT":
                names.add(key(f[4]))
    with open(base / "nationalities.txt", encoding="utf-8") as fh:
        for line in fh:
            names.add(key(line.split(":")[0]))
    region = {"US", "CA", "DO", "JM", "BS", "KE", "BZ", "GT", "SV", "CU", "PR", "TT", "BB",
              "MX", "FR", "BJ", "TD", "BD"}
    with open(base / "cities15000.txt", encoding="utf-8") as fh:
        for line in fh:
            f = line.split("\t")
            if len(f) > 14 and f[8] != "HT" and (int(f[14] or 0) >= 300_000
                                                 or (f[8] in region
                                                     and int(f[14] or 0) >= 50_000)):
                names.add(key(f[1]))
                names.add(key(f[2]))
    names.discard("")
    return frozenset(names)
