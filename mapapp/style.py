"""How incidents look on the map, as tables: one layer per kind, one row per precision."""
from __future__ import annotations

from typing import NamedTuple

from incidents.taxonomy import EVENT_TYPE_KEYS


class LayerStyle(NamedTuple):
    key: str
    label: str
    event_types: tuple[str, ...]
    color: str
    shape: str  # a key of SHAPES, or "sized" (a circle sized by the people displaced)
    help: str


LAYERS: tuple[LayerStyle, ...] = (
    LayerStyle("operations", "Operations", ("armed_operation",), "#1f63b4", "circle",
               "Raids, clearance operations and sweeps by security forces."),
    LayerStyle("clashes", "Clashes and attacks", ("clash_or_attack",), "#e31a1c", "triangle",
               "Gang attacks, ambushes, exchanges of fire."),
    LayerStyle("casualties", "Casualties", ("injury_or_death",), "#222222", "cross",
               "People killed or injured."),
    LayerStyle("displacement", "Displacement", ("displacement",), "#f28e0c", "sized",
               "People displaced; circle area grows with the number."),
    LayerStyle("recaptured", "Sites recaptured", ("site_recaptured",), "#1a9641", "diamond",
               "A site retaken by security forces (shown until it is lost again)."),
    LayerStyle("lost", "Sites lost", ("site_lost",), "#7a0177", "diamond",
               "A site seized by gangs (shown until it is recaptured)."),
    LayerStyle("deployments", "Deployments and equipment",
               ("deployment", "equipment_delivery"), "#3f8f9f", "square",
               "Arrivals of contingents and reinforcements; equipment delivered."),
    LayerStyle("other", "Other", ("other",), "#8c8c8c", "circle",
               "Security events that fit no other type."),
)

LAYER_OF_TYPE: dict[str, str] = {t: layer.key for layer in LAYERS for t in layer.event_types}
assert set(LAYER_OF_TYPE) == set(EVENT_TYPE_KEYS), "every event type needs exactly one layer"
LAYER_BY_KEY: dict[str, LayerStyle] = {layer.key: layer for layer in LAYERS}
# Layers whose incidents are states of a site that can change hands over time.
SITE_LAYERS = ("recaptured", "lost")


class PrecisionStyle(NamedTuple):
    geo_precision: int
    label: str
    radius_m: int  # 0: drawn as a symbol at the point; else an uncertainty circle this wide
    help: str


PRECISIONS: tuple[PrecisionStyle, ...] = (
    PrecisionStyle(1, "Exact place", 0, "The named neighbourhood, site or town."),
    PrecisionStyle(2, "Near / commune", 4_000,
                   "Part of or near a town, or only the commune: a hollow symbol; hover or "
                   "click it to see the commune (or a 4 km ring)."),
    PrecisionStyle(3, "Department", 25_000,
                   "Only the department or region is known: a hollow symbol; hover or click "
                   "it to see the department."),
)
RADIUS_M: dict[int, int] = {p.geo_precision: p.radius_m for p in PRECISIONS}

# SVG bodies drawn in a 20x20 box (the legend and the map markers share them).
SHAPES: dict[str, str] = {
    "circle": '<circle cx="10" cy="10" r="6.5"/>',
    "triangle": '<polygon points="10,2.5 18,17 2,17"/>',
    "square": '<rect x="4" y="4" width="12" height="12"/>',
    "diamond": '<polygon points="10,1.5 18.5,10 10,18.5 1.5,10"/>',
    "cross": '<polygon points="7.5,2 12.5,2 12.5,7.5 18,7.5 18,12.5 12.5,12.5 12.5,18 '
             '7.5,18 7.5,12.5 2,12.5 2,7.5 7.5,7.5"/>',
    "sized": '<circle cx="10" cy="10" r="7.5" fill-opacity="0.45"/>',
}

# The time panel's modes: (days in the window, label); 0 is cumulative.
TIME_WINDOWS: tuple[tuple[int, str], ...] = (
    (0, "Everything up to the day"), (1, "That day only"), (7, "The 7 days to it"),
    (30, "The 30 days to it"))

MARKER_PX = 16  # on-screen size of a symbol
DISPLACED_PX = (5, 30)  # circle radius range for displacement, in pixels
AGGREGATE_ABOVE = 2_000  # above this many incidents on the map, draw counts per area,
AGGREGATE_CIRCLES = 400  # in at most about this many circles (readable at country scale)


def swatch(layer: LayerStyle, size: int = 16) -> str:
    """The layer's symbol as inline SVG (our own markup: no article text in it)."""
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" '
            f'style="vertical-align:middle"><g fill="{layer.color}" stroke="white" '
            f'stroke-width="1.3">{SHAPES[layer.shape]}</g></svg>')


def hollow(layer: LayerStyle, size: int = 16) -> str:
    """The symbol of an incident known only to its area: outlined, white inside, in a dashed
    ring (our own markup). Nothing filled, so it never hides what lies under it."""
    return (f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" '
            f'style="vertical-align:middle"><circle cx="10" cy="10" r="9.2" fill="none" '
            f'stroke="{layer.color}" stroke-width="1.1" stroke-dasharray="2.4 1.6"/>'
            f'<g transform="translate(3.5 3.5) scale(0.65)" fill="white" stroke="{layer.color}" '
            f'stroke-width="2.6">{SHAPES[layer.shape]}</g></svg>')


def chart_colours(labels: list[str]) -> dict[str, str]:
    """Vega-Lite colour scale for series named by layer label: the map's colours."""
    by_label = {layer.label: layer.color for layer in LAYERS}
    return {"domain": labels, "range": [by_label.get(x, "#8c8c8c") for x in labels]}


def displaced_radius_px(displaced: float | None) -> float:
    """Circle radius for a number of people displaced: area proportional to the number."""
    lo, hi = DISPLACED_PX
    if not displaced or displaced <= 0:
        return float(lo)
    return float(min(hi, lo + (displaced ** 0.5) / 4))
