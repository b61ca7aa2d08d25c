"""The map's opening view: the bounds of the incidents worth opening on (exact places first,
nothing outside Haiti), and the centre and zoom that show them above the time panel.
Pure: no folium, no streamlit."""
from __future__ import annotations

import math

import pandas as pd

from mapapp.payload import MapPayload
from mapapp.style import RADIUS_M

HAITI_CENTER = (18.95, -72.75)  # lat, lon
HAITI_BOUNDS = [[17.95, -74.55], [20.15, -71.6]]  # [[south, west], [north, east]]
SLIDER_PX = 120  # the time panel's height at the bottom of the map
MAP_HEIGHT = 600  # pixels: with the caption above it, fits a 1280x800 laptop screen
MIN_START_ZOOM, MAX_START_ZOOM = 7.5, 11  # a lone incident opens on its town, not a street


def incident_bounds(payload: MapPayload) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the incidents at exact places, or around every
    incident when none is exact, or None. A department-level incident (a 25 km circle at
    the department's centre) must not pull the opening view away from the exact ones, nor
    can one point outside HAITI_BOUNDS (a bad coordinate in an old store) open the map on
    the South Atlantic: such points are left out of the view."""
    (south, west), (north, east) = HAITI_BOUNDS
    # GeoJSON order flips here: coordinates are [lon, lat].
    features = [f for fc in payload.layers.values() for f in fc["features"]
                if west <= f["geometry"]["coordinates"][0] <= east
                and south <= f["geometry"]["coordinates"][1] <= north]
    exact = [f for f in features if not f["properties"].get("r_m")]
    points = [f["geometry"]["coordinates"] for f in exact or features]
    if not points:
        return None
    lons, lats = zip(*points, strict=True)
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def frame_bounds(incidents: pd.DataFrame) -> list[list[float]] | None:
    """incident_bounds of a query's rows (lat, lon, geo_precision) without building their
    payload: the base map's opening view on the whole store is recomputed after every write,
    and building 2,000 popups for it took 0.1 s."""
    (south, west), (north, east) = HAITI_BOUNDS
    lat = pd.to_numeric(incidents["lat"], errors="coerce")
    lon = pd.to_numeric(incidents["lon"], errors="coerce")
    inside = lat.between(south, north) & lon.between(west, east)
    precision = pd.to_numeric(incidents["geo_precision"], errors="coerce").fillna(1)
    exact = inside & (precision.map(lambda p: RADIUS_M.get(int(p) or 1, 0)) == 0)
    chosen = exact if exact.any() else inside
    if not chosen.any():
        return None
    return [[float(lat[chosen].min()), float(lon[chosen].min())],
            [float(lat[chosen].max()), float(lon[chosen].max())]]


def start_view(bounds: list[list[float]], width_px: int = 720, height_px: int = MAP_HEIGHT,
               bottom_px: int = SLIDER_PX,
               padding_px: int = 30) -> tuple[tuple[float, float], float]:
    """Centre and zoom that show ``bounds`` above the time slider, with a margin, in a map of
    about this size.

    Computed here rather than with Leaflet's fitBounds, which runs before the st_folium
    iframe has its final height and so opens on the wrong view.
    """
    (south, west), (north, east) = bounds

    def y(lat: float) -> float:  # Web Mercator, in units of the world's width
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    def lat(y_: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y_ * 2 * math.pi)) - math.pi / 2)

    span_x = max((east - west) / 360, 1e-6)
    span_y = max(y(north) - y(south), 1e-6)
    room_x, room_y = width_px - 2 * padding_px, height_px - bottom_px - 2 * padding_px
    zoom = math.log2(min(room_x / span_x, room_y / span_y) / 256)
    zoom = max(MIN_START_ZOOM, min(MAX_START_ZOOM, math.floor(zoom * 4) / 4))
    # Move the centre down by half the slider's height, so nothing opens under it.
    centre_y = (y(north) + y(south)) / 2 - bottom_px / 2 / (256 * 2 ** zoom)
    return (lat(centre_y), (west + east) / 2), zoom
