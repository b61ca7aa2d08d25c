"""Build steps for places inside the areas: reference towns, curated neighbourhoods and
sites, and the GeoNames populated places with their match tier."""
from __future__ import annotations

from gazetteer_build.names import clean_aliases, plain_word, row, split, text_matchable
from gazetteer_build.sources import Sources
from gazetteer_build.tables import COD, CURATED, GN_LICENCE, ZONE_COMMUNES
from geo.decoys import (
    COMMON_WORDS,
    CONTEXT_ONLY,
)
from geo.normalize import key, slug
from geo.place import EXACT, NEAR, REGION, distance_km


def town_rows(s: Sources, merged: set[str]) -> list[dict[str, object]]:
    """Towns of the reference list not merged into their commune."""
    rows = []
    for c in s.ref_by_kind["city"].itertuples():
        if c.source_id in merged:
            continue
        lat, lon = s.c500pt.get(c.source_id, (float(c.lat), float(c.lon)))
        dept, com, sec, how = s.admin(lat, lon)
        rows.append(row(f"gn-{c.source_id}", c.name, "town", dept, com, sec, lat, lon, EXACT,
                        clean_aliases(c.name, split(c.aliases)), s.pop.get(c.source_id, 0),
                        "text", f"{GN_LICENCE} geonameid {c.source_id} (cities500); admin by "
                        f"{how} on {COD}", c.source_id))
    return rows


def reference_points(s: Sources) -> dict[str, dict[str, object]]:
    """Sourced neighbourhoods, facilities and roads of the reference list, by name."""
    ref_points = {}
    for kind in ("neighbourhood", "facility", "road"):
        for r in s.ref_by_kind[kind].itertuples():
            sid = r.source_id
            id_ = f"gn-{sid}" if sid.isdigit() else f"ref-{slug(r.name)}"
            dept, com, sec, _ = s.admin(float(r.lat), float(r.lon))
            prec = REGION if kind == "road" else EXACT
            ref_points[r.name] = row(id_, r.name, kind, dept, com, sec, r.lat, r.lon, prec,
                                     clean_aliases(r.name, [a for a in split(r.aliases)
                                                            if a != "PAP"], True),
                                     0, "text", r.source, sid)
    return ref_points


def _add_aliases(r: dict[str, object], aliases: str) -> None:
    r["aliases"] = "|".join(clean_aliases(r["name"], [*split(r["aliases"]), *split(aliases)],
                                          True))


def curated_rows(rows: list[dict[str, object]], ref_points: dict[str, dict[str, object]]
                 ) -> list[dict[str, object]]:
    """The CURATED places no file gives a point for, at the point of their area; and the
    CURATED aliases of departments and reference points (set on those rows in place)."""
    communes = {r["name"]: r for r in rows if r["kind"] == "commune"}
    sections = {r["source_id"]: r for r in rows if r["kind"] == "communal_section"}
    by_id = {r["id"]: r for r in rows}
    out = []
    for name, aliases, kind, where, why in CURATED:
        if where.startswith(("gn:", "row:")):
            continue  # applied to the GeoNames row, or at the end
        if where.startswith("adm1:"):
            _add_aliases(by_id["adm1-" + where[5:]], aliases)
            continue
        if where.startswith("ref:"):
            _add_aliases(ref_points[where[4:]], aliases)
            continue
        area = communes[where[5:]] if where.startswith("adm2:") else sections[where[5:]]
        what = "commune" if where.startswith("adm2:") else "communal section"
        # "Brooklyn (Cité Soleil)": the name in brackets is a label; lookup only
        match = "lookup" if name.endswith(")") else "text"
        out.append(row(f"nbh-{slug(name)}", name, kind, area["department"], area["commune"],
                       area["section"] if what != "commune" else "", area["lat"],
                       area["lon"], NEAR, clean_aliases(name, [name.partition(" (")[0],
                                                         *split(aliases)], True), 0, match,
                       f"UNSOURCED POINT: no coordinate for {name} in the source files; "
                       f"{why}; placed at the point of its {what} {area['name']} "
                       f"({area['id']})", ""))
    return out


def geonames_rows(s: Sources, rows: list[dict[str, object]], merged: set[str]
                  ) -> list[dict[str, object]]:
    """GeoNames populated places (via WOF), minus those already present, with the tier at
    which the matcher reads them (text, cue, lookup)."""
    used = {r["source_id"] for r in rows} | merged
    by_key: dict[str, list[tuple[float, float]]] = {}
    for r in rows:
        if r["kind"] in ("commune", "town", "neighbourhood", "facility"):
            for a in [r["name"], *split(r["aliases"])]:
                by_key.setdefault(key(a), []).append((float(r["lat"]), float(r["lon"])))
    seen: set[str] = set()
    overrides = {w[3:]: (n, a, k) for n, a, k, w, _ in CURATED if w.startswith("gn:")}
    out = []
    for w in s.wof.itertuples():
        gid = w.geonameid.removesuffix(".0")
        if (gid and gid in used) or gid in seen or w.deprecated:
            continue
        seen.add(gid)
        if gid in s.c500pt:
            lat, lon = s.c500pt[gid]
        elif w.gn_latitude:
            lat, lon = float(w.gn_latitude), float(w.gn_longitude)
        else:
            lat, lon = float(w.wof_latitude), float(w.wof_longitude)
        name, kind, alias = w.gn_name or w.name, "town", [w.name]
        k = key(name)
        if gid in overrides:
            name, extra, kind = overrides[gid]
            alias += split(extra)
        elif any(distance_km(lat, lon, la, lo) < 5 for la, lo in by_key.get(k, ())):
            continue  # the same place as a curated row (e.g. a second Carrefour point)
        dept, com, sec, how = s.admin(lat, lon)
        p = max(s.pop.get(gid, 0), int(float(w.gn_population or 0)))
        match = _match_tier(s, w, gid in overrides, k, name, p, com)
        src = f"{GN_LICENCE} geonameid {gid}" if gid else f"Who's On First {w.wof_id}"
        geom = f"point from {w.src_geom}" if w.src_geom not in ("", "geonames") else "point"
        if gid in overrides:
            geom += "; read in text: listed in the curated table of the build script"
        out.append(row(f"gn-{gid}" if gid else f"wof-{w.wof_id}", name, kind, dept, com, sec,
                       lat, lon, EXACT, clean_aliases(name, alias), p, match,
                       f"{src} via WOF {w.wof_id} ({geom}); admin by {how}", gid or w.wof_id))
    return out


def _match_tier(s: Sources, w, curated: bool, k: str, name: str, p: int, com: str) -> str:
    """Readable in text: curated, populated or notable (WOF took its geometry from
    Quattroshapes/Natural Earth, not GeoNames) single words that are not common words, or
    names of several distinctive words; a plain word only beside a locative cue (in the crisis
    zone's communes, in text); the rest by lookup only."""
    notable = p > 0 or w.src_geom not in ("", "geonames") or curated
    ok = (notable and k not in COMMON_WORDS and k not in CONTEXT_ONLY) or text_matchable(name)
    plain = not ok and plain_word(k, s.words, s.foreign)
    return "text" if ok or (plain and com in ZONE_COMMUNES) else "cue" if plain else "lookup"


def apply_row_aliases(rows: list[dict[str, object]]) -> None:
    """The CURATED aliases given to a row by id ("row:<id>")."""
    by_id = {r["id"]: r for r in rows}
    for _, aliases, _, where, _ in CURATED:
        if where.startswith("row:"):
            _add_aliases(by_id[where[4:]], aliases)
