"""The build as named steps: sources -> area rows -> place rows -> aliases -> files.

build() returns every gazetteer row in file order; the write_* functions put the CSV, the
foreign-place decoys and the simplified boundary layers in the output folder.
"""
from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd

from gazetteer_build.area_rows import (
    arrondissement_rows,
    commune_rows,
    country_row,
    department_rows,
    section_rows,
)
from gazetteer_build.place_rows import (
    apply_row_aliases,
    curated_rows,
    geonames_rows,
    reference_points,
    town_rows,
)
from gazetteer_build.sources import foreign_names, sources
from geo.loader import COLUMNS


def build(shared: Path) -> list[dict[str, object]]:
    """Every gazetteer row, in file order: areas, towns, curated sites, GeoNames places."""
    s = sources(shared)
    rows = [country_row(s), *department_rows(s)]
    arrondissements, seat_aliases = arrondissement_rows(s)
    communes, merged = commune_rows(s, seat_aliases)
    rows += [*arrondissements, *communes, *section_rows(s), *town_rows(s, merged)]
    ref_points = reference_points(s)
    rows += curated_rows(rows, ref_points)
    rows.extend(ref_points.values())
    rows += geonames_rows(s, rows, merged)
    apply_row_aliases(rows)
    return rows


def write_gazetteer(rows: list[dict[str, object]], out: Path) -> None:
    """data/gazetteer.csv: the rows under the loader's header (geo.loader.COLUMNS)."""
    with open(out / "gazetteer.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_layers(shared: Path, out: Path) -> None:
    """Simplified boundary layers for the map and geo.admin (a few hundred KB each)."""
    for src, dst, tol in (("hti_country_adm0_dissolved.geojson", "hti_country.geojson", 0.002),
                          ("hti_departments_adm1.geojson", "hti_departments.geojson", 0.001),
                          ("hti_communes_adm2.geojson", "hti_communes.geojson", 0.0008),
                          ("hti_sections_communales_adm3.geojson", "hti_sections.geojson",
                           0.0015)):
        g = gpd.read_file(shared / src)
        g = g[[c for c in g.columns if c.endswith(("_FR", "_PCODE", "geometry"))
               and c != "ADM0_PCODE"]]
        g["geometry"] = g.geometry.simplify(tol, preserve_topology=True).set_precision(1e-5)
        (out / dst).unlink(missing_ok=True)
        g.to_file(out / dst, driver="GeoJSON", COORDINATE_PRECISION=5)


def write_foreign(out: Path) -> None:
    names = foreign_names()
    with open(out / "foreign_places.txt", "w", encoding="utf-8") as fh:
        fh.write("# Keys of places outside Haiti (GeoNames via geotext 0.4.0, CC BY 4.0), "
                 "written by scripts/build_gazetteer.py\n")
        fh.writelines(f"{n}\n" for n in sorted(names))
