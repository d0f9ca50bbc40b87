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

from datetime import date

import httpx

from adapters.functioning.base import SYSTEM, Recommendation
from adapters.gateway import call_json
from adapters.gateway import json_list as _list
from adapters.gateway import json_object as _object


class HttpFunctioningDatabase:
    def __init__(self, client: httpx.AsyncClient, base_url: str,
                 timeout: httpx.Timeout | None = None) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        # Asked while a person waits for a page: better "unavailable" soon than a spinner.
        self._timeout = timeout or httpx.Timeout(8.0, connect=3.0)

    async def latest_recommendation(self, personal_code: str) -> Recommendation | None:
        return await call_json(
            self._client, SYSTEM, "POST", self._base_url + "/persons/recommendation", _answer,
            what="POST /persons/recommendation", json={"personal_code": personal_code},
            request_timeout=self._timeout, not_found_means_no_record=False)


def _answer(data: object) -> Recommendation | None:
    found = _object(data)["recommendation"]
    if found is None:
        return None
    fields = _object(found)
    groups = _list(fields["recommended_groups"])
    if not all(isinstance(code, str) for code in groups):
        raise TypeError("recommended_groups are not text")
    return Recommendation(
        assessed_on=date.fromisoformat(_text(fields, "assessed_on")),
        specialist=_text(fields, "specialist"),
        institution=_text(fields, "institution"),
        recommended_groups=tuple(str(code) for code in groups),
    )


def _text(fields: dict[str, object], key: str) -> str:
    value = fields[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value
