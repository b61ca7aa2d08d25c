"""The base map's outlines of Haiti, read from the simplified GeoJSON files committed under
data/ (no tiles, no network)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# (key, file name patterns tried in turn under data/): the geo engineer's simplified outlines.
OUTLINE_FILES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("country", ("*country*.geojson", "*adm0*.geojson")),
    ("departments", ("*department*.geojson", "*adm1*.geojson")),
    ("communes", ("*commune*.geojson", "*adm2*.geojson")),
)


def find_outline(key: str, data_dir: Path = DATA_DIR) -> Path | None:
    for pattern in dict(OUTLINE_FILES)[key]:
        if found := sorted(data_dir.glob(pattern)):
            return found[0]
    return None


def outline_files(data_dir: Path = DATA_DIR) -> tuple[tuple[str, Path], ...]:
    """(key, path) of each outline found under ``data_dir``, bottom to top."""
    return tuple((key, path) for key, _ in OUTLINE_FILES
                 if (path := find_outline(key, data_dir)) is not None)


@lru_cache(maxsize=4)
def load_outlines(data_dir: Path = DATA_DIR) -> dict[str, dict[str, Any]]:
    """The outlines by key; a missing file is left out (the map still draws the incidents)."""
    return {key: json.loads(path.read_text(encoding="utf-8"))
            for key, path in outline_files(data_dir)}
