"""The codebook's event types, as a table of data (key, label, help)."""
from __future__ import annotations

from typing import NamedTuple


class EventType(NamedTuple):
    key: str
    label: str
    help: str


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("armed_operation", "Security operation",
              "Raids, clearance operations, roadblock removal and sweeps by security forces."),
    EventType("clash_or_attack", "Clash or attack",
              "Gang attacks, massacres, ambushes, exchanges of fire, facilities torched."),
    EventType("injury_or_death", "Casualties",
              "Companion row carrying the killed/injured figures of an event."),
    EventType("displacement", "Displacement", "People fleeing or displaced."),
    EventType("site_recaptured", "Site recaptured",
              "Security forces retake a named site (port, police station, telecom site)."),
    EventType("site_lost", "Site lost",
              "Gangs seize, occupy or empty a named site, or take control of a town."),
    EventType("deployment", "Deployment",
              "Arrival of foreign contingents or Haitian police reinforcements."),
    EventType("equipment_delivery", "Equipment delivery",
              "Vehicles or other equipment delivered to the HNP or MSS in a place."),
    EventType("other", "Other", "Security events that fit no other type (protests, withdrawals)."),
)

EVENT_TYPE_KEYS: tuple[str, ...] = tuple(t.key for t in EVENT_TYPES)
LABELS: dict[str, str] = {t.key: t.label for t in EVENT_TYPES}
