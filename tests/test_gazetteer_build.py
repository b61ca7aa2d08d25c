"""The committed gazetteer is exactly what the build script makes from ../shared/data."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "haiti_places_reference.csv").exists(),
                    reason="the raw open data (../shared/data) is not beside the checkout")
def test_build_reproduces_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("build_gazetteer",
                                                  ROOT / "scripts" / "build_gazetteer.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main(["--shared", str(SHARED), "--out", str(tmp_path), "--no-layers"]) == 0
    for name in ("gazetteer.csv", "foreign_places.txt"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
