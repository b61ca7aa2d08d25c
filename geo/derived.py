"""Places named by a pattern, not by a row: numbered neighbourhoods and facilities.

"Delmas 30" is a neighbourhood of Delmas placed at the commune's point (precision NEAR);
"Gressier police station" is a facility at its town's point. Their ids are the base row's
id, "~" and a suffix ("<commune id>~delmas-30"), so :func:`derive` can rebuild them from an
id alone (geo.index.Index.get) and the matcher can build them from the words it read.
"""
from __future__ import annotations

from dataclasses import replace

from geo.place import NEAR, Place

# Numbered neighbourhoods: (first word's key, display name, commune). "Delmas 30" is read as
# a neighbourhood of the commune, placed at the commune's point with precision NEAR.
NUMBERED = {
    "delmas": ("Delmas", "Delmas"),
    "tabarre": ("Tabarre", "Tabarre"),
    "pelerin": ("Pèlerin", "Pétion-Ville"),
    "la boule": ("Laboule", "Pétion-Ville"),
    "laboule": ("Laboule", "Pétion-Ville"),
    "santo": ("Santo", "Croix-Des-Bouquets"),
}

MAX_NUMBER = 200  # the highest number a numbered neighbourhood may carry

# Facilities named after their town: "Gressier police station", "Mirebalais prison",
# "Jacmel airport". Sites with a row of their own ("Port-au-Prince airport") match first.
# (key of the words after the town name, id suffix, display suffix)
FACILITY_SUFFIXES = (
    ("police station", "police-station", "police station"),
    ("police substation", "police-station", "police station"),
    ("police sub station", "police-station", "police station"),
    ("police commissariat", "police-station", "police station"),
    ("commissariat", "police-station", "police station"),
    ("police base", "police-station", "police station"),
    ("civil prison", "prison", "prison"),
    ("prison", "prison", "prison"),
    ("international airport", "airport", "airport"),
    ("airport", "airport", "airport"),
    ("hospital", "hospital", "hospital"),
    ("port", "port", "port"),
)
FACILITY_BASE_KINDS = ("commune", "town")
_SUFFIX_BY_ID = {sid: label for _, sid, label in FACILITY_SUFFIXES}


def derive(base: Place, suffix: str) -> Place | None:
    """The place a derived id suffix names: "delmas-30" in Delmas, "police-station" in a town."""
    if suffix in _SUFFIX_BY_ID:
        return replace(base, id=f"{base.id}~{suffix}", kind="facility",
                       name=f"{base.name} {_SUFFIX_BY_ID[suffix]}", aliases=(),
                       source=f"facility named after its town; point = {base.name} "
                              f"({base.id}): {base.source}")
    family, _, number = suffix.rpartition("-")
    fam = NUMBERED.get(family.replace("-", " ")) or NUMBERED.get(family.replace("-", ""))
    if fam and number.isdigit() and 0 < int(number) <= MAX_NUMBER and fam[1] == base.commune:
        return replace(base, id=f"{base.id}~{suffix}", kind="neighbourhood",
                       name=f"{fam[0]} {int(number)}", aliases=(), geo_precision=NEAR,
                       section="",  # the commune's point says nothing of the section
                       source=f"numbered neighbourhood of {base.commune}; no own point: "
                              f"placed at the commune's point ({base.id})")
    return None
