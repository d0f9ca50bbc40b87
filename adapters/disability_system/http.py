"""VDEĀVK's disability information system over HTTP, through its JSON gateway.

The gateway interface (ours, documented here; bodies are UTF-8 JSON):

    POST {base}/persons/disability   {"personal_code": "329017-20475", "on": "2026-11-23"}
        200  {"disability": null | {
                 "group": "I" | "II" | "III" | "child",
                 "valid_from": "2025-03-04",
                 "valid_until": "2028-03-03" | null,     null: without a time limit
                 "decision_number": "2-11/2025/0387"}}

Personal codes travel in request bodies, never in URLs (URLs end up in access
logs). "No disability" is a 200 with null, so a 404 means a wrong address:

    4xx except 408 and 429              Rejected (a 404 too)
    408, 429, 5xx, other non-2xx        Unavailable: worth trying again later
    connection errors, timeouts         Unavailable
    a 2xx body not of the shape above   Unavailable
"""

from __future__ import annotations

from datetime import date

from adapters.disability_system.base import SYSTEM, DisabilityGroup, DisabilityStatus
from adapters.gateway import PageGateway, day, json_object, optional, text


class HttpDisabilitySystem(PageGateway):
    system = SYSTEM

    async def disability_status(self, personal_code: str, *, on: date) -> DisabilityStatus | None:
        return await self._ask("POST", "/persons/disability", _answer,
                               json={"personal_code": personal_code, "on": on.isoformat()})


def _answer(data: object) -> DisabilityStatus | None:
    found = json_object(data)["disability"]
    if found is None:
        return None
    fields = json_object(found)
    return DisabilityStatus(
        group=DisabilityGroup(text(fields, "group")),
        valid_from=day(fields, "valid_from"),
        valid_until=optional(fields, "valid_until", day),
        decision_number=text(fields, "decision_number"),
    )
