"""The functioning assessment database over HTTP, through its JSON gateway.

The gateway interface (ours, documented here; bodies are UTF-8 JSON):

    POST {base}/persons/recommendation   {"personal_code": "329017-20475"}
        200  {"recommendation": null | {
                 "assessed_on": "2026-10-06",
                 "specialist": "fizioterapeite Ieva Liepiņa",
                 "institution": "NRC “Vaivari” Funkcionēšanas laboratorija",
                 "recommended_groups": ["12-22", "12-06"]}}

Personal codes travel in request bodies, never in URLs (URLs end up in access
logs). "No recommendation" is a 200 with null, so a 404 means a wrong address:

    4xx except 408 and 429              Rejected (a 404 too)
    408, 429, 5xx, other non-2xx        Unavailable: worth trying again later
    connection errors, timeouts         Unavailable
    a 2xx body not of the shape above   Unavailable
"""

from __future__ import annotations

from adapters.functioning.base import SYSTEM, Recommendation
from adapters.gateway import PageGateway, day, json_object, text, texts


class HttpFunctioningDatabase(PageGateway):
    system = SYSTEM

    async def latest_recommendation(self, personal_code: str) -> Recommendation | None:
        return await self._ask("POST", "/persons/recommendation", _answer,
                               json={"personal_code": personal_code})


def _answer(data: object) -> Recommendation | None:
    found = json_object(data)["recommendation"]
    if found is None:
        return None
    fields = json_object(found)
    return Recommendation(
        assessed_on=day(fields, "assessed_on"),
        specialist=text(fields, "specialist"),
        institution=text(fields, "institution"),
        recommended_groups=texts(fields, "recommended_groups"),
    )
