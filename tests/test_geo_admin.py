"""geo.admin.admin_of: point-in-polygon on the committed sections layer."""
from __future__ import annotations

import pytest

from geo.admin import admin_of
from geo.gazetteer import load_gazetteer

POINTS = [
    # (what, lat, lon, department, commune)
    ("Solino (GeoNames)", 18.54961, -72.32186, "Ouest", "Port-au-Prince"),
    ("Toussaint Louverture airport (OurAirports)", 18.58005, -72.292549, "Ouest", "Tabarre"),
    ("Pont Sondé (GeoNames)", 19.14836, -72.61436, "Artibonite", "Saint-Marc"),
    ("Cap-Haïtien (GeoNames)", 19.75938, -72.19815, "Nord", "Cap-Haïtien"),
    ("Jérémie (GeoNames)", 18.65, -74.11667, "Grande'Anse", "Jérémie"),
    ("APN port, on the waterfront", 18.556943, -72.350383, "Ouest", "Port-au-Prince"),
]


@pytest.mark.parametrize(("what", "lat", "lon", "department", "commune"), POINTS)
def test_admin_of_known_points(what, lat, lon, department, commune):
    dept, com, section = admin_of(lat, lon)
    assert (dept, com) == (department, commune), what
    assert section


def test_a_point_just_off_the_coast_gets_the_nearest_section():
    dept, commune, _ = admin_of(18.5536, -72.3600)  # in the bay, ~1 km off the port
    assert (dept, commune) == ("Ouest", "Port-au-Prince")


@pytest.mark.parametrize(("lat", "lon"), [(40.71, -74.0), (-1.29, 36.82), (18.47, -69.9)])
def test_points_outside_haiti_get_no_names(lat, lon):
    assert admin_of(lat, lon) == ("", "", "")


def test_gazetteer_rows_agree_with_the_simplified_layer_for_curated_points():
    gaz = load_gazetteer()
    for pid in ("ref-bel-air", "gn-8299685", "ref-palais-national", "adm2-HT0116"):
        p = gaz.get(pid)
        assert admin_of(p.lat, p.lon)[:2] == (p.department, p.commune), pid
