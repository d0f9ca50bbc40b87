"""The Population Register over HTTP, through the register's JSON gateway.

The gateway interface (ours, documented here; all bodies are UTF-8 JSON):

    POST {base}/persons/lookup     {"personal_code": "325781-40219"}
        200  <person>
    POST {base}/persons/children   {"personal_code": "...", "on": "2026-11-22"}
        200  {"children": [<person>, ...]}      children under 18 on that day
    POST {base}/persons/wards      {"personal_code": "..."}
        200  {"wards": [<person>, ...]}

    <person> = {
        "personal_code": "325781-40219",         always DDMMYY-NNNNN
        "given_name": "Ilze",
        "family_name": "Kalniņa",
        "birth_date": "1984-03-14",              ISO 8601 date
        "declared_address": null | {
            "text": "Brīvības iela 101 - 12, Rīga, LV-1001",
            "code": "101234567"                  State Address Register code, may be null
        }
    }

Personal codes travel in request bodies, never in URLs, because URLs end up in
the access logs of every proxy on the way and the portal keeps personal data
out of logs.

Answers are translated into `adapters.errors`:

    404                                    NotFound: the gateway answers 404 only
                                           when the register has no such person
    other 4xx, except 408 and 429          Rejected
    408, 429, 5xx, other non-2xx           Unavailable: worth retrying later
    connection errors, timeouts            Unavailable
    a 2xx body that is not JSON or not     Unavailable: in practice an error page
    of the shape above                     of a proxy or a half-finished deployment
                                           on the register's side, i.e. a fault of
                                           the system, not of the request
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, TypeVar

from adapters.gateway import JsonGateway, day, json_object, list_of, text
from adapters.population_register.base import SYSTEM, Address, Person

_T = TypeVar("_T")
_PERSONAL_CODE: Final = re.compile(r"[0-9]{6}-[0-9]{5}")


class HttpPopulationRegister(JsonGateway):
    # Personal codes travel in bodies: error messages name the endpoint only.
    system = SYSTEM

    async def get_person(self, personal_code: str) -> Person:
        return await self._ask("POST", "/persons/lookup", _person,
                               json={"personal_code": personal_code})

    async def list_minor_children(self, personal_code: str, *, on: date) -> list[Person]:
        payload = {"personal_code": personal_code, "on": on.isoformat()}
        return await self._ask("POST", "/persons/children", list_of("children", _person),
                               json=payload)

    async def list_wards(self, personal_code: str) -> list[Person]:
        return await self._ask("POST", "/persons/wards", list_of("wards", _person),
                               json={"personal_code": personal_code})


def _person(data: object) -> Person:
    fields = json_object(data)
    code = text(fields, "personal_code")
    if not _PERSONAL_CODE.fullmatch(code):
        raise ValueError("personal_code is not DDMMYY-NNNNN")
    address = fields.get("declared_address")
    return Person(
        personal_code=code,
        given_name=text(fields, "given_name"),
        family_name=text(fields, "family_name"),
        birth_date=day(fields, "birth_date"),
        declared_address=None if address is None else _address(address),
    )


def _address(data: object) -> Address:
    fields = json_object(data)
    code = fields.get("code")
    if code is not None and not isinstance(code, str):
        raise TypeError("code is not text")
    return Address(text=text(fields, "text"), code=code)


