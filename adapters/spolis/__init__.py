"""SPOLIS' calendar: training sessions for adoptive parents and foster families, and
specialists' free slots.

`base` holds the interface and result types, `http` the real implementation,
`fake` an in-memory one serving `demo_calendar`, `served` the fake over HTTP
(mounted by the fake back office).
"""

from adapters.spolis.base import (
    Region,
    Slot,
    SpecialistType,
    Spolis,
    TrainingSession,
    TrainingType,
)

__all__ = ["Region", "Slot", "SpecialistType", "Spolis", "TrainingSession", "TrainingType"]
