"""File formats, one module each, in and out of the store: GeoJSON (geojson.py), GeoPackage
(gpkg.py), CSV (csv.py) and ACLED's CSV, written and read back (acled.py); records.py is the
record layer they share. Each is built in layers, record -> feature (row) -> collection
(table) -> file, every layer usable alone.

Owns: how incidents look in a file. Every export starts from ``store.query(filters)``, so a
file holds exactly the filtered set the map shows. May import: the incident model,
taxonomy, actor table, filters and window (incidents/), errors, geo.admin, the store's interface
(store/base.py: its columns and reports) and pandas/geopandas; never a store backend, the
app (mapapp/, streamlit) or the extractor.

:data:`EXPORTS` is the table the app's download buttons and the CLI use. Each entry: (key,
label, extension, mime, fn(store, filters) -> bytes).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from incidents.filters import Filters, slug
from incidents.formats.acled import export_acled
from incidents.formats.csv import export_csv
from incidents.formats.geojson import export_geojson
from incidents.formats.gpkg import export_gpkg


class Export(NamedTuple):
    key: str
    label: str
    extension: str
    mime: str
    fn: Callable[[Any, Filters | None], bytes]


EXPORTS: tuple[Export, ...] = (
    Export("geojson", "GeoJSON", "geojson", "application/geo+json", export_geojson),
    Export("gpkg", "GeoPackage", "gpkg", "application/geopackage+sqlite3", export_gpkg),
    Export("csv", "CSV", "csv", "text/csv", export_csv),
    Export("acled", "ACLED CSV", "csv", "text/csv", export_acled),
)
BY_KEY: dict[str, Export] = {e.key: e for e in EXPORTS}
# A file name's extension -> the export it means when no format is given (".csv" is our
# CSV: ACLED's columns are asked for by name).
BY_EXTENSION: dict[str, str] = {"json": "geojson", **{
    e.extension: e.key for e in EXPORTS if e.key != "acled"}}


def format_for(name: str) -> str:
    """The export key a file name's extension means; ValueError when it means none."""
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in BY_EXTENSION:
        raise ValueError(f"{name}: cannot tell the export format from the extension "
                         f"{'.' + ext if ext else '(none)'}; expected "
                         f"{', '.join('.' + e for e in BY_EXTENSION)} or --format")
    return BY_EXTENSION[ext]


def export_name(key: str, filters: Filters | None) -> str:
    """A file name that says what was exported: incidents_<filters>[_acled].<ext>."""
    spec = BY_KEY[key]
    suffix = "_acled" if key == "acled" else ""
    return f"incidents_{slug(filters or Filters())}{suffix}.{spec.extension}"
