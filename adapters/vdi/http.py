"""VDI's information system over HTTP, through its JSON gateway.

The gateway interface (ours, documented here; bodies are UTF-8 JSON). The base
URL is VDI's own, the one that also takes deliveries at `{base}/submissions`:

    GET {base}/companies/{registration_number}/acts
        200  {"acts": [<act>, ...]}       active acts only; [] when there are none
    <act> = {
        "id": "A-2026-0418",
        "number": "11-1/2026/418",
        "issued_on": "2026-09-15",
        "violations": [{"id": "P-2026-0418-1", "description": "...",
                        "deadline": "2026-10-15"}, ...]
    }

Answers are translated into `adapters.errors`:

    4xx except 408 and 429              Rejected (a 404 too: a company without acts
                                        gets an empty list, so a 404 means a wrong
                                        address, which must not read as "no acts")
    408, 429, 5xx, other non-2xx        Unavailable: worth trying again later
    connection errors, timeouts         Unavailable
    a 2xx body not of the shape above   Unavailable: a proxy's page or a
                                        half-finished deployment on VDI's side
"""

from __future__ import annotations

from urllib.parse import quote

from adapters.gateway import PageGateway, day, json_list, json_object, list_of, text
from adapters.vdi.base import SYSTEM, AdministrativeAct, Violation


class HttpVdi(PageGateway):
    system = SYSTEM

    async def list_active_acts(self, registration_number: str) -> list[AdministrativeAct]:
        path = f"/companies/{quote(registration_number, safe='')}/acts"
        # A 404 here means a wrong gateway address, never "no acts": Rejected, not NotFound.
        return await self._ask("GET", path, list_of("acts", _act))


def _act(data: object) -> AdministrativeAct:
    fields = json_object(data)
    return AdministrativeAct(
        id=text(fields, "id"),
        number=text(fields, "number"),
        issued_on=day(fields, "issued_on"),
        violations=tuple(_violation(item) for item in json_list(fields["violations"])),
    )


def _violation(data: object) -> Violation:
    fields = json_object(data)
    return Violation(
        id=text(fields, "id"),
        description=text(fields, "description"),
        deadline=day(fields, "deadline"),
    )
