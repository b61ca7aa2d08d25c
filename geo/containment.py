"""Which places lie inside which: the admin hierarchy read from the rows of an index.

A place lies in its country, department, arrondissement, commune and communal section (as
its row names them), and a derived place ("<commune id>~delmas-30") in its base row. Pure
functions of an Index (geo.index) and places; no geometry (geo.admin does points).
"""
from __future__ import annotations

from collections.abc import Sequence

from geo.index import Index
from geo.place import Place


def contains(index: Index, outer: Place, inner: Place) -> bool:
    """Whether ``inner`` lies inside ``outer``: the same place, a place in its country,
    department, arrondissement, commune or section, or a place derived from it."""
    if inner.id == outer.id or inner.id.startswith(outer.id + "~"):
        return True
    if outer.kind == "country":
        return True
    if outer.kind == "department":
        return inner.department == outer.department and inner.kind != "country"
    if outer.kind == "arrondissement":
        commune = index.commune_of(inner)
        return commune is not None and commune.source_id.startswith(outer.source_id)
    if outer.kind == "commune":
        return (inner.kind not in ("country", "department", "arrondissement")
                and inner.commune == outer.commune and inner.department == outer.department)
    if outer.kind == "communal_section":
        return (inner.kind not in ("country", "department", "arrondissement", "commune")
                and inner.section == outer.section and inner.commune == outer.commune)
    return False


def holders(index: Index, places: Sequence[Place]) -> set[str]:
    """Ids of the places that contain another of ``places`` (a different id), as
    :func:`contains` says, in time linear in their number: each kind of container is
    matched by the key it contains by (department, commune, section, derived id)
    instead of against every other place; arrondissements (rare) one by one."""
    by_id = {p.id: p for p in places}
    # "a~b~c" lies in "a~b" and in "a": every proper ~-prefix of an id holds it
    derived = {"~".join(parts[:k]) for parts in (i.split("~") for i in by_id)
               for k in range(1, len(parts))}
    keys: dict[tuple, set[str]] = {}
    for p in by_id.values():
        if p.kind != "country":
            keys.setdefault(("department", p.department), set()).add(p.id)
        if p.kind not in ("country", "department", "arrondissement"):
            keys.setdefault(("commune", p.commune, p.department), set()).add(p.id)
        if p.kind not in ("country", "department", "arrondissement", "commune"):
            keys.setdefault(("communal_section", p.section, p.commune), set()).add(p.id)
    out = set()
    for p in by_id.values():
        key = {"department": ("department", p.department),
               "commune": ("commune", p.commune, p.department),
               "communal_section": ("communal_section", p.section, p.commune)}.get(p.kind)
        if p.id in derived or (p.kind == "country" and len(by_id) > 1) or (
                key is not None and keys.get(key, set()) - {p.id}) or (
                p.kind == "arrondissement" and any(
                    o.id != p.id and contains(index, p, o) for o in by_id.values())):
            out.add(p.id)
    return out
