"""SIVA's social rehabilitation system (SRIS) over HTTP, through its JSON gateway.

The gateway interface (ours, documented here; bodies are UTF-8 JSON, days ISO
dates). The personal code travels in the body, never in the address, so that it
stays out of the access logs of every proxy on the way:

    POST {base}/queue-places/search   {"personal_code": "031158-15239"}
        200 {"queue_places": [<place>, ...]}   [] when the person has none
    <place> = {
        "application_id": "SR-2026-00412",
        "service": {"code": "institution", "name_lv": "...", "name_en": "..."},
        "position": 143, "queue_size": 612, "queued_on": "2026-08-17",
        "documents": [{"code": "application", "name_lv": "Iesniegums",
                       "name_en": "Application", "status": "received",
                       "received_on": "2026-08-17"}, ...]
    }

`{base}` is `{back_office_url}/siva/sris`; the fake back office serves it
(`adapters/sris/served.py`). Answers are translated into `adapters.errors` by
`adapters.gateway.call_json`: a 404 is `Rejected` (it means a wrong address,
which must not read as "no applications"), other 4xx except 408 and 429
`Rejected`, everything else that is not a 2xx, connection errors, timeouts and
bodies of the wrong shape `Unavailable`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from adapters.gateway import PageGateway, day, json_list, json_object, list_of, text, whole_number
from adapters.sris.base import SYSTEM, DocumentStatus, QueuePlace, RequiredDocument


class HttpSris(PageGateway):
    system = SYSTEM

    async def queue_places(self, personal_code: str) -> list[QueuePlace]:
        places = await self._ask("POST", "/queue-places/search",
                                 list_of("queue_places", place_from_json),
                                 json={"personal_code": personal_code})
        return sorted(places, key=lambda p: (p.queued_on, p.application_id))


def place_json(place: QueuePlace) -> dict[str, Any]:
    return {
        "application_id": place.application_id,
        "service": {"code": place.service_code, "name_lv": place.service_name_lv,
                    "name_en": place.service_name_en},
        "position": place.position,
        "queue_size": place.queue_size,
        "queued_on": place.queued_on.isoformat(),
        "documents": [{
            "code": d.code, "name_lv": d.name_lv, "name_en": d.name_en,
            "status": d.status.value,
            "received_on": d.received_on.isoformat() if d.received_on else None,
        } for d in place.documents],
    }


def place_from_json(data: object) -> QueuePlace:
    fields = json_object(data)
    service = json_object(fields["service"])
    position = whole_number(fields, "position", least=1)
    size = whole_number(fields, "queue_size", least=1)
    if not 1 <= position <= size:
        raise ValueError("a position outside its queue")
    return QueuePlace(
        application_id=text(fields, "application_id", empty=False),
        service_code=text(service, "code", empty=False),
        service_name_lv=text(service, "name_lv", empty=False),
        service_name_en=text(service, "name_en", empty=False),
        position=position,
        queue_size=size,
        queued_on=day(fields, "queued_on"),
        documents=tuple(_document(item) for item in json_list(fields["documents"])),
    )


def _document(data: object) -> RequiredDocument:
    fields = json_object(data)
    received_on = fields.get("received_on")
    if received_on is not None and not isinstance(received_on, str):
        raise TypeError("received_on is not a date")
    return RequiredDocument(
        code=text(fields, "code", empty=False),
        name_lv=text(fields, "name_lv", empty=False),
        name_en=text(fields, "name_en", empty=False),
        status=DocumentStatus(text(fields, "status", empty=False)),
        received_on=date.fromisoformat(received_on) if received_on else None,
    )
