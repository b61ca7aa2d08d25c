"""The layout's rules, read from the source with ast (nothing is imported or run):

- no import cycle between modules (imports inside functions and under TYPE_CHECKING count:
  they are how the old geo cycle hid);
- imports point down the pipeline: geo -> incidents -> mapapp -> app.py; bench and the
  gazetteer build are tools on top that nothing imports;
- only the app layer (app.py, mapapp/) imports streamlit;
- no module outside tests/ over MAX_LINES lines, but the allow-listed ones.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
# Modules over MAX_LINES, each with who owns shrinking it (none today: keep it so).
TOO_LONG_ALLOWED: set[str] = set()
# Where each top-level name sits in the pipeline: a module may import its own rank or lower.
RANK = {"errors": 0, "geo": 1, "incidents": 2, "mapapp": 3, "app": 4,
        "bench": 5, "gazetteer_build": 5, "build_gazetteer": 5}
STREAMLIT_ALLOWED = ("app", "mapapp")  # the app layer (mapapp/__init__.py says so)


def _module_name(path: Path) -> str:
    """Dotted name as the module is imported: scripts/ is on sys.path for the build."""
    rel = path.relative_to(ROOT / "scripts" if path.is_relative_to(ROOT / "scripts") else ROOT)
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    paths = [ROOT / "app.py", ROOT / "errors.py",
             *(p for top in ("geo", "incidents", "mapapp", "bench", "scripts")
               for p in (ROOT / top).rglob("*.py"))]
    return {_module_name(p): p for p in paths if p.exists()}


SOURCES = _sources()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, anywhere in the file (absolute names; relative ones
    resolved; ``from pkg import mod`` counted as pkg.mod when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in SOURCES else base)
    return out


IMPORTS = {name: _imports(name, path) for name, path in SOURCES.items()}


def _ours(imported: str) -> str | None:
    """The project module an import names (its longest known prefix), or None."""
    parts = imported.split(".")
    for k in range(len(parts), 0, -1):
        if ".".join(parts[:k]) in SOURCES:
            return ".".join(parts[:k])
    return None


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph = {m: sorted({t for i in imps if (t := _ours(i)) and t != m})
             for m, imps in IMPORTS.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return groups


def test_the_walk_sees_the_packages_and_their_imports():
    # a decoy for the walker itself: it must find what we know is there
    assert {"geo.gazetteer", "geo.loader", "incidents.extract.pipeline", "mapapp.payload", "app",
            "gazetteer_build.build", "bench.run"} <= SOURCES.keys()
    assert "geo.loader" in IMPORTS["geo.gazetteer"]
    assert "geo.containment" in IMPORTS["geo.gazetteer"]  # `from geo import containment`


def test_no_import_cycle_between_modules():
    assert _cycles() == []


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_imports_point_down_the_pipeline(name):
    rank = RANK[name.split(".")[0]]
    up = sorted(i for i in IMPORTS[name] if (t := _ours(i)) and RANK[t.split(".")[0]] > rank)
    assert up == [], f"{SOURCES[name].relative_to(ROOT)} imports up the pipeline: {up}"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_only_the_app_layer_imports_streamlit(name):
    if name.split(".")[0] in STREAMLIT_ALLOWED:
        return
    # The load check's browser-less client speaks the app's wire protocol (Streamlit's
    # protobuf messages), as a browser does: a client of the app, not a page of it.
    wire = "streamlit.proto." if name == "bench.st_protocol" else None
    assert not any(i.split(".")[0] == "streamlit" and not (wire and i.startswith(wire))
                   for i in IMPORTS[name]), name


def test_no_module_over_the_line_limit_but_the_allowed():
    long = {str(p.relative_to(ROOT)) for p in SOURCES.values()
            if len(p.read_text(encoding="utf-8").splitlines()) > MAX_LINES}
    assert sorted(long - TOO_LONG_ALLOWED) == [], f"over {MAX_LINES} lines"
    # an allowed module that was shrunk leaves the list
    assert sorted(TOO_LONG_ALLOWED - long) == [], "short enough now: take it off TOO_LONG_ALLOWED"
