"""VDEĀVK's gateway as the fake back office serves it (see `http.py` for the wire).

    POST /vdeavk/persons/disability

It answers from a `FakeDisabilitySystem` (the demo people by default), so the
portal's `HttpDisabilitySystem` sees over real HTTP what the fake gives
in-process. `POST /control/fail {"system": "disability_system", "mode": "error"}`
on the fake back office makes it answer 503.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.routing import Route

from adapters.disability_system.base import SYSTEM, DisabilityStatus
from adapters.disability_system.fake import FakeDisabilitySystem
from adapters.served import dated_person_route

PREFIX = "/vdeavk"


def status_as_json(status: DisabilityStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"group": status.group.value, "valid_from": status.valid_from.isoformat(),
            "valid_until": status.valid_until.isoformat() if status.valid_until else None,
            "decision_number": status.decision_number}


def disability_routes(system: FakeDisabilitySystem | None = None) -> list[Route]:
    source = system if system is not None else FakeDisabilitySystem()

    async def disability(personal_code: str, on: date) -> dict[str, Any]:
        return {"disability": status_as_json(await source.disability_status(personal_code,
                                                                            on=on))}

    return [dated_person_route(f"{PREFIX}/persons/disability", SYSTEM, "VDEĀVK", disability)]
