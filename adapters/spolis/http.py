"""The SPOLIS calendar over HTTP.

The calendar interface (ours, documented here; bodies are UTF-8 JSON; times are
ISO 8601 in UTC with "Z", days ISO dates):

    GET {base}/training-sessions?training_type=foster_family&region=vidzeme
        200 {"sessions": [<session>, ...]}       by first day
    GET {base}/training-sessions/{id}
        200 <session>                  404 no such session
    GET {base}/slots?specialist_type=audiologist&from=<time>&to=<time>
        200 {"slots": [<slot>, ...]}             free slots starting in [from, to)
    GET {base}/slots/{id}
        200 <slot>                     404 no such slot

    <session> = {"id": "...", "training_type": "foster_family", "region": "vidzeme",
                 "place": "...", "address": "...", "days": ["2026-12-05", ...], "seats": 12}
    <slot>    = {"id": "...", "specialist_type": "audiologist", "specialist": "...",
                 "place": "...", "address": "...", "starts_at": "2026-12-01T08:00:00Z",
                 "ends_at": "...", "change_until_hours_before": 24, "free": true}

`{base}` is `{back_office_url}/spolis/calendar`: the fake back office serves it
(`adapters/spolis/served.py`). Nothing personal travels here, only the
calendar; who booked what reaches SPOLIS as a submission through the outbox.

Answers are translated into `adapters.errors` as the other adapters do: 404 is
`NotFound`, other 4xx except 408 and 429 `Rejected`, everything else that is not
a 2xx, connection errors, timeouts and bodies of the wrong shape `Unavailable`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar
from urllib.parse import quote

from adapters.gateway import (
    JsonGateway,
    json_object,
    list_of,
    moment,
    text,
    texts,
    whole_number,
)
from adapters.spolis.base import (
    SYSTEM,
    Region,
    Slot,
    SpecialistType,
    TrainingSession,
    TrainingType,
)

_T = TypeVar("_T")


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


class HttpSpolis(JsonGateway):
    system = SYSTEM

    async def training_sessions(self, training_type: TrainingType,
                                region: Region) -> list[TrainingSession]:
        params = {"training_type": training_type.value, "region": region.value}
        return await self._get("/training-sessions", params, list_of("sessions", session))

    async def training_session(self, session_id: str) -> TrainingSession:
        return await self._get(f"/training-sessions/{quote(session_id, safe='')}", {}, session)

    async def free_slots(self, specialist_type: SpecialistType, *, start: datetime,
                         end: datetime) -> list[Slot]:
        params = {"specialist_type": specialist_type.value, "from": utc_text(start),
                  "to": utc_text(end)}
        return await self._get("/slots", params, list_of("slots", slot))

    async def slot(self, slot_id: str) -> Slot:
        return await self._get(f"/slots/{quote(slot_id, safe='')}", {}, slot)

    async def _get(self, path: str, params: dict[str, str],
                   parse: Callable[[object], _T]) -> _T:
        # Ids stay out of messages, which end up in logs.
        return await self._ask("GET", path, parse, params=params,
                               what=f"GET {path.split('/')[1]}")


def session(data: object) -> TrainingSession:
    fields = json_object(data)
    days = tuple(date.fromisoformat(day) for day in texts(fields, "days"))
    if not days:
        raise ValueError("a session without days")
    return TrainingSession(
        id=text(fields, "id"), training_type=TrainingType(text(fields, "training_type")),
        region=Region(text(fields, "region")), place=text(fields, "place"),
        address=text(fields, "address"), days=days, seats=whole_number(fields, "seats"))


def slot(data: object) -> Slot:
    fields = json_object(data)
    free = fields.get("free", True)
    if not isinstance(free, bool):
        raise TypeError("free is not true or false")
    return Slot(
        id=text(fields, "id"), specialist_type=SpecialistType(text(fields, "specialist_type")),
        specialist=text(fields, "specialist"), place=text(fields, "place"),
        address=text(fields, "address"), starts_at=moment(fields, "starts_at"),
        ends_at=moment(fields, "ends_at"),
        change_until_hours_before=whole_number(fields, "change_until_hours_before"), free=free)


def session_json(item: TrainingSession) -> dict[str, object]:
    return {"id": item.id, "training_type": item.training_type.value,
            "region": item.region.value, "place": item.place, "address": item.address,
            "days": [day.isoformat() for day in item.days], "seats": item.seats}


def slot_json(item: Slot) -> dict[str, object]:
    return {"id": item.id, "specialist_type": item.specialist_type.value,
            "specialist": item.specialist, "place": item.place, "address": item.address,
            "starts_at": utc_text(item.starts_at), "ends_at": utc_text(item.ends_at),
            "change_until_hours_before": item.change_until_hours_before, "free": item.free}

