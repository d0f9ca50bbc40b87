"""SOPA's gateway as the fake back office serves it (see `http.py` for the wire).

    POST /sopa/persons/income-status

It answers from a `FakeSocialAssistance` (the demo people by default).
`POST /control/fail {"system": "social_assistance", "mode": "error"}` on the fake
back office makes it answer 503.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.routing import Route

from adapters.served import dated_person_route
from adapters.social_assistance.base import SYSTEM, IncomeStatus
from adapters.social_assistance.fake import FakeSocialAssistance

PREFIX = "/sopa"


def status_as_json(status: IncomeStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"kind": status.kind.value, "municipality": status.municipality,
            "valid_from": status.valid_from.isoformat(),
            "valid_until": status.valid_until.isoformat()}


def social_assistance_routes(system: FakeSocialAssistance | None = None) -> list[Route]:
    source = system if system is not None else FakeSocialAssistance()

    async def income_status(personal_code: str, on: date) -> dict[str, Any]:
        return {"status": status_as_json(await source.income_status(personal_code, on=on))}

    return [dated_person_route(f"{PREFIX}/persons/income-status", SYSTEM, "SOPA", income_status)]
