"""The Enterprise Register over HTTP, through the register's JSON gateway.

The gateway interface (ours, documented here; all bodies are UTF-8 JSON):

    GET  {base}/companies/{registration_number}
        200  <company>
    GET  {base}/companies/{registration_number}/board-members
        200  {"board_members": [<board member>, ...]}
    POST {base}/persons/sole-signing-rights    {"personal_code": "324412-70531"}
        200  {"companies": [<company>, ...]}

    <company> = {
        "registration_number": "40003528717",
        "name": "SIA Ziemeļu Būve",
        "legal_form": "SIA",
        "status": "active" | "suspended" | "in_liquidation" | "insolvent" | "excluded",
        "address": "Rūpniecības iela 32, Rīga, LV-1045"
    }
    <board member> = {
        "personal_code": "324412-70531" | null,  null for foreigners without one
        "given_name": "Andris",
        "family_name": "Liepa",
        "sole_signing_rights": true               "tiesības pārstāvēt atsevišķi"
    }

Registration numbers are public and go in the URL; personal codes go in request
bodies, never in URLs, because URLs end up in the access logs of every proxy on
the way and the portal keeps personal data out of logs.

Answers are translated into `adapters.errors`:

    404                                    NotFound: the gateway answers 404 only
                                           when the register has no such company
    other 4xx, except 408 and 429          Rejected
    408, 429, 5xx, other non-2xx           Unavailable: worth retrying later
    connection errors, timeouts            Unavailable
    a 2xx body that is not JSON or not     Unavailable: in practice an error page
    of the shape above                     of a proxy or a half-finished deployment
                                           on the register's side, i.e. a fault of
                                           the system, not of the request
"""

from __future__ import annotations

from urllib.parse import quote

from adapters.enterprise_register.base import SYSTEM, BoardMember, Company, CompanyStatus
from adapters.gateway import JsonGateway, json_object, list_of, optional, text


class HttpEnterpriseRegister(JsonGateway):
    system = SYSTEM

    async def get_company(self, registration_number: str) -> Company:
        return await self._ask("GET", f"/companies/{_segment(registration_number)}", _company)

    async def list_board_members(self, registration_number: str) -> list[BoardMember]:
        path = f"/companies/{_segment(registration_number)}/board-members"
        return await self._ask("GET", path, list_of("board_members", _board_member))

    async def list_companies_with_sole_signing_rights(self, personal_code: str) -> list[Company]:
        return await self._ask("POST", "/persons/sole-signing-rights",
                               list_of("companies", _company),
                               json={"personal_code": personal_code})


def _segment(value: str) -> str:
    # Callers validate registration numbers first; quoting anyway keeps a stray
    # "/" or "?" from reaching another endpoint of the gateway.
    return quote(value, safe="")


def _company(data: object) -> Company:
    fields = json_object(data)
    return Company(
        registration_number=text(fields, "registration_number"),
        name=text(fields, "name"),
        legal_form=text(fields, "legal_form"),
        status=CompanyStatus(text(fields, "status")),
        address=text(fields, "address"),
    )


def _board_member(data: object) -> BoardMember:
    fields = json_object(data)
    sole = fields["sole_signing_rights"]
    # bool only: a "false" string would otherwise be truthy and grant signing rights.
    if not isinstance(sole, bool):
        raise TypeError("sole_signing_rights is not a boolean")
    return BoardMember(
        personal_code=optional(fields, "personal_code", text),
        given_name=text(fields, "given_name"),
        family_name=text(fields, "family_name"),
        sole_signing_rights=sole,
    )
