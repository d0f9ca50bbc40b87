"""The municipalities' social assistance system (SOPA) over HTTP, through its JSON
gateway.

The gateway interface (ours, documented here; bodies are UTF-8 JSON):

    POST {base}/persons/income-status   {"personal_code": "329017-20475", "on": "2026-11-23"}
        200  {"status": null | {
                 "kind": "needy" | "low_income",
                 "municipality": "Rīgas valstspilsētas pašvaldība",
                 "valid_from": "2026-10-01",
                 "valid_until": "2027-03-31"}}

Personal codes travel in request bodies, never in URLs (URLs end up in access
logs). "No status" is a 200 with null, so a 404 means a wrong address:

    4xx except 408 and 429              Rejected (a 404 too)
    408, 429, 5xx, other non-2xx        Unavailable: worth trying again later
    connection errors, timeouts         Unavailable
    a 2xx body not of the shape above   Unavailable
"""

from __future__ import annotations

from datetime import date

from adapters.gateway import PageGateway, day, json_object, text
from adapters.social_assistance.base import SYSTEM, IncomeStatus, IncomeStatusKind


class HttpSocialAssistance(PageGateway):
    system = SYSTEM

    async def income_status(self, personal_code: str, *, on: date) -> IncomeStatus | None:
        return await self._ask("POST", "/persons/income-status", _answer,
                               json={"personal_code": personal_code, "on": on.isoformat()})


def _answer(data: object) -> IncomeStatus | None:
    found = json_object(data)["status"]
    if found is None:
        return None
    fields = json_object(found)
    return IncomeStatus(
        kind=IncomeStatusKind(text(fields, "kind")),
        municipality=text(fields, "municipality"),
        valid_from=day(fields, "valid_from"),
        valid_until=day(fields, "valid_until"),
    )
