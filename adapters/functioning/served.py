"""The functioning database's gateway as the fake back office serves it (see
`http.py` for the wire).

    POST /vaivari/persons/recommendation

It answers from a `FakeFunctioningDatabase` (the demo people by default).
`POST /control/fail {"system": "functioning", "mode": "error"}` on the fake back
office makes it answer 503.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from adapters.functioning.base import SYSTEM, Recommendation
from adapters.functioning.fake import FakeFunctioningDatabase
from adapters.served import person_route

PREFIX = "/vaivari"


def recommendation_as_json(item: Recommendation | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"assessed_on": item.assessed_on.isoformat(), "specialist": item.specialist,
            "institution": item.institution, "recommended_groups": list(item.recommended_groups)}


def functioning_routes(database: FakeFunctioningDatabase | None = None) -> list[Route]:
    source = database if database is not None else FakeFunctioningDatabase()

    async def recommendation(personal_code: str) -> dict[str, Any]:
        return {"recommendation": recommendation_as_json(
            await source.latest_recommendation(personal_code))}

    return [person_route(f"{PREFIX}/persons/recommendation", SYSTEM, "Functioning database",
                         recommendation)]
