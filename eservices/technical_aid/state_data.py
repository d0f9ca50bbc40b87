"""What the state already knows about the person the aid is for, asked with consent.

Four sources, asked at once: VDEĀVK's disability system, the functioning database
(NRC "Vaivari", e-health), the Population Register for the declared residence,
and the municipalities' SOPA for the needy or low-income status that frees from
the co-payment. Each answer is kept as a plain JSON object in the application's
answers, so the envelope tells SPOLIS what was found, where and when:

    {"source": "disability_system", "status": "found" | "none" | "unavailable",
     "fetched_at": "2026-11-23T09:12:03Z", "data": {...} | null}

"none" means the source answered and has nothing; "unavailable" that it did not
answer (the person may still apply: the institution checks later).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, Final

import anyio

from adapters.disability_system.base import DisabilityStatus
from adapters.errors import AdapterError, NotFound
from adapters.functioning.base import Recommendation
from adapters.population_register.base import Person
from adapters.social_assistance.base import IncomeStatus

DISABILITY: Final = "disability"
FUNCTIONING: Final = "functioning"
RESIDENCE: Final = "residence"
SOCIAL_ASSISTANCE: Final = "social_assistance"
SOURCES: Final = (DISABILITY, FUNCTIONING, RESIDENCE, SOCIAL_ASSISTANCE)

FOUND: Final = "found"
NONE: Final = "none"
UNAVAILABLE: Final = "unavailable"

# The system each answer comes from, as the envelope names it.
SYSTEMS: Final = {DISABILITY: "disability_system", FUNCTIONING: "functioning",
                  RESIDENCE: "population_register", SOCIAL_ASSISTANCE: "social_assistance"}

Fetched = dict[str, Any]


def disability_data(status: DisabilityStatus) -> dict[str, Any]:
    return {"group": status.group.value, "valid_from": status.valid_from.isoformat(),
            "valid_until": status.valid_until.isoformat() if status.valid_until else None,
            "decision_number": status.decision_number}


def recommendation_data(item: Recommendation) -> dict[str, Any]:
    return {"assessed_on": item.assessed_on.isoformat(), "specialist": item.specialist,
            "institution": item.institution,
            "recommended_groups": list(item.recommended_groups)}


def residence_data(person: Person) -> dict[str, Any] | None:
    if person.declared_address is None:
        return None
    return {"address": person.declared_address.text, "code": person.declared_address.code}


def income_data(status: IncomeStatus) -> dict[str, Any]:
    return {"kind": status.kind.value, "municipality": status.municipality,
            "valid_from": status.valid_from.isoformat(),
            "valid_until": status.valid_until.isoformat(),
            "exempt_from_co_payment": status.exempt_from_co_payment}


async def fetch_all(adapters: Any, personal_code: str, *, today: date,
                    now: datetime | None = None) -> dict[str, Fetched]:
    """Ask every source at once; one that fails is "unavailable", never an error."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    async def disability() -> dict[str, Any] | None:
        found = await adapters.disability_system.disability_status(personal_code, on=today)
        return disability_data(found) if found is not None else None

    async def functioning() -> dict[str, Any] | None:
        found = await adapters.functioning.latest_recommendation(personal_code)
        return recommendation_data(found) if found is not None else None

    async def residence() -> dict[str, Any] | None:
        try:
            person = await adapters.population_register.get_person(personal_code)
        except NotFound:
            return None
        return residence_data(person)

    async def social_assistance() -> dict[str, Any] | None:
        found = await adapters.social_assistance.income_status(personal_code, on=today)
        return income_data(found) if found is not None else None

    asks: dict[str, Callable[[], Awaitable[dict[str, Any] | None]]] = {
        DISABILITY: disability, FUNCTIONING: functioning, RESIDENCE: residence,
        SOCIAL_ASSISTANCE: social_assistance}
    results: dict[str, Fetched] = {}

    async def ask(key: str) -> None:
        try:
            data = await asks[key]()
        except AdapterError:
            results[key] = {"source": SYSTEMS[key], "status": UNAVAILABLE, "fetched_at": stamp,
                            "data": None}
            return
        results[key] = {"source": SYSTEMS[key], "status": FOUND if data else NONE,
                        "fetched_at": stamp, "data": data}

    async with anyio.create_task_group() as group:
        for key in SOURCES:
            group.start_soon(ask, key)
    return {key: results[key] for key in SOURCES}


def status_of(fetched: Any) -> str:
    """The status of one stored answer; anything unreadable counts as unavailable."""
    if isinstance(fetched, dict) and fetched.get("status") in (FOUND, NONE, UNAVAILABLE):
        return str(fetched["status"])
    return UNAVAILABLE


def data_of(fetched: Any) -> dict[str, Any]:
    if isinstance(fetched, dict) and fetched.get("status") == FOUND and isinstance(
            fetched.get("data"), dict):
        return dict(fetched["data"])
    return {}
