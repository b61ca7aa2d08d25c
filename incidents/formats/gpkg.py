"""GeoPackage export: layer ``incidents`` (points, WGS84) and layer ``sources`` (a table).

GeoPackage columns cannot hold lists, so ``sources`` in the incidents layer is the
"; "-joined article names; the sources layer has one row per source with its evidence.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidents.filters import Filters
from incidents.formats.records import COORDINATE_DECIMALS

if TYPE_CHECKING:
    import geopandas as gpd

# geopandas, pyogrio and shapely are imported where a GeoPackage is built: they cost ~0.2 s,
# which every first page load of the app would otherwise pay for a download seldom used.


def incidents_layer(df) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    out = df.copy()
    out["sources"] = out["sources"].map("; ".join)
    out[["lat", "lon"]] = out[["lat", "lon"]].round(COORDINATE_DECIMALS)
    placed = out["lat"].notna() & out["lon"].notna()
    # shapely wants x = lon, y = lat
    points = shapely.points(out["lon"].fillna(0).to_numpy(), out["lat"].fillna(0).to_numpy())
    points[~placed.to_numpy()] = None
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(points, index=out.index), crs=4326)


def export_gpkg(store: Any, filters: Filters | None = None) -> bytes:
    """The filtered incidents and their sources as a GeoPackage file's bytes."""
    import pyogrio

    df = store.query(filters)
    sources = store.sources(list(df["id"]))
    # GeoPackage stamps each layer with the time of writing; stamp it with the newest source
    # date instead, so the same filters give the same bytes.
    newest = df["article_date"].max() if len(df) else None
    stamp = f"{newest:%Y-%m-%d}T00:00:00Z" if newest is not None else "2000-01-01T00:00:00Z"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "incidents.gpkg"
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
        try:
            pyogrio.write_dataframe(incidents_layer(df), path, layer="incidents",
                                    driver="GPKG", geometry_type="Point", use_arrow=True)
            pyogrio.write_dataframe(sources, path, layer="sources", driver="GPKG", append=True,
                                    use_arrow=True)
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        return path.read_bytes()
