"""SPOLIS' technical-aid queues over HTTP.

The interface (ours, documented here; bodies are UTF-8 JSON; times are RFC 3339
in UTC with "Z"):

    GET  {base}/catalogue
         200 {"groups": [<group>, ...], "aids": [<aid>, ...]}
    POST {base}/requests/search  {"personal_codes": ["...", ...]}     (1 to 50 codes)
         200 {"requests": [<change>, ...]}   each request's current state
    GET  {base}/changes?cursor=<cursor>&limit=500                     (cursor optional)
         200 {"changes": [<change>, ...], "cursor": "<next cursor>"}  oldest first
    GET  {base}/queue-figures
         200 {"queues": [{"group_code", "provider", "waiting": 12,
                          "served_by_month": [["2026-10", 3], ...]}, ...]}

    <group>  = {"code", "name_lv", "name_en", "sort_order"}
    <aid>    = {"code", "group_code", "provider", "name_lv", "name_en"}
    <change> = {"request_id", "personal_code", "reference" (or null), "aid_code",
                "group_code", "provider", "status", "position" (or null),
                "queue_size" (or null), "applied_at", "queued_at" (or null),
                "issued_at" (or null), "changed_at"}

Personal codes travel in a POST body, never in a URL (which proxies log).
`{base}` is `{back_office_url}/spolis/aids`: the fake back office serves it
(`adapters/spolis/aids_served.py`). Errors are translated by `call_json` as
for every adapter: 4xx `Rejected`, anything else `Unavailable`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import httpx

from adapters.gateway import (
    JsonGateway,
    json_list,
    json_object,
    list_of,
    moment,
    optional,
    text,
    whole_number,
)
from adapters.spolis.technical_aids import (
    SYSTEM,
    AidRequestChange,
    Catalogue,
    CatalogueAid,
    CatalogueGroup,
    QueueFigures,
)
from queue_status.models import Provider, RequestStatus

MAX_CODES = 50


class HttpTechnicalAidQueues(JsonGateway):
    # Personal codes travel in a body: `what` in error messages names the call only.
    system = SYSTEM
    not_found_means_no_record = False

    def with_timeout(self, seconds: float) -> HttpTechnicalAidQueues:
        """The same adapter, giving up after `seconds` (for a page that must answer)."""
        return HttpTechnicalAidQueues(self._client, self._base_url,
                                      timeout=httpx.Timeout(seconds, connect=min(seconds, 2.0)))

    async def catalogue(self) -> Catalogue:
        return await self._ask("GET", "/catalogue", catalogue_from_json, what="GET catalogue")

    async def requests_of(self, personal_codes: Sequence[str]) -> list[AidRequestChange]:
        codes = sorted(set(personal_codes))
        found: list[AidRequestChange] = []
        for start in range(0, len(codes), MAX_CODES):
            found += await self._ask(
                "POST", "/requests/search", list_of("requests", change_from_json),
                what="POST requests/search",
                json={"personal_codes": codes[start:start + MAX_CODES]})
        return sorted(found, key=lambda c: (c.applied_at, c.request_id), reverse=True)

    async def changes_since(self, cursor: str | None,
                            limit: int) -> tuple[list[AidRequestChange], str]:
        params = {"limit": str(limit), **({"cursor": cursor} if cursor else {})}
        return await self._ask("GET", "/changes", _changes_page, what="GET changes",
                               params=params)

    async def queue_figures(self) -> list[QueueFigures]:
        return await self._ask("GET", "/queue-figures", list_of("queues", figures_from_json),
                               what="GET queue-figures")


# -- JSON, both ways (the served fake writes with these) ----------------------------

def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _opt_time(moment: datetime | None) -> str | None:
    return None if moment is None else utc_text(moment)


def catalogue_json(catalogue: Catalogue) -> dict[str, object]:
    return {
        "groups": [{"code": g.code, "name_lv": g.name_lv, "name_en": g.name_en,
                    "sort_order": g.sort_order} for g in catalogue.groups],
        "aids": [{"code": a.code, "group_code": a.group_code, "provider": a.provider,
                  "name_lv": a.name_lv, "name_en": a.name_en} for a in catalogue.aids],
    }


def change_json(change: AidRequestChange) -> dict[str, object]:
    return {
        "request_id": change.request_id, "personal_code": change.personal_code,
        "reference": change.reference, "aid_code": change.aid_code,
        "group_code": change.group_code, "provider": change.provider,
        "status": change.status, "position": change.position,
        "queue_size": change.queue_size, "applied_at": utc_text(change.applied_at),
        "queued_at": _opt_time(change.queued_at), "issued_at": _opt_time(change.issued_at),
        "changed_at": utc_text(change.changed_at),
    }


def figures_json(figures: QueueFigures) -> dict[str, object]:
    return {"group_code": figures.group_code, "provider": figures.provider,
            "waiting": figures.waiting,
            "served_by_month": [[month, count] for month, count in figures.served_by_month]}


def catalogue_from_json(data: object) -> Catalogue:
    fields = json_object(data)
    groups = tuple(
        CatalogueGroup(code=text(g, "code"), name_lv=text(g, "name_lv"),
                       name_en=text(g, "name_en"), sort_order=whole_number(g, "sort_order"))
        for g in map(json_object, json_list(fields["groups"])))
    aids = tuple(
        CatalogueAid(code=text(a, "code"), group_code=text(a, "group_code"),
                     provider=Provider(text(a, "provider")).value, name_lv=text(a, "name_lv"),
                     name_en=text(a, "name_en"))
        for a in map(json_object, json_list(fields["aids"])))
    return Catalogue(groups, aids)


def change_from_json(data: object) -> AidRequestChange:
    fields = json_object(data)
    return AidRequestChange(
        request_id=text(fields, "request_id"), personal_code=text(fields, "personal_code"),
        reference=optional(fields, "reference", text), aid_code=text(fields, "aid_code"),
        group_code=text(fields, "group_code"),
        provider=Provider(text(fields, "provider")).value,
        status=RequestStatus(text(fields, "status")).value,
        position=optional(fields, "position", whole_number),
        queue_size=optional(fields, "queue_size", whole_number),
        applied_at=moment(fields, "applied_at"),
        queued_at=optional(fields, "queued_at", moment),
        issued_at=optional(fields, "issued_at", moment),
        changed_at=moment(fields, "changed_at"))


def figures_from_json(data: object) -> QueueFigures:
    fields = json_object(data)
    months = []
    for item in json_list(fields["served_by_month"]):
        pair = dict(zip(("month", "count"), json_list(item), strict=True))
        months.append((_month(pair, "month"), whole_number(pair, "count")))
    return QueueFigures(group_code=text(fields, "group_code"),
                        provider=Provider(text(fields, "provider")).value,
                        waiting=whole_number(fields, "waiting"), served_by_month=tuple(months))


def _changes_page(data: object) -> tuple[list[AidRequestChange], str]:
    fields = json_object(data)
    return ([change_from_json(item) for item in json_list(fields["changes"])],
            text(fields, "cursor"))


def _month(fields: Mapping[str, object], key: str) -> str:
    found = text(fields, key)
    datetime.strptime(found, "%Y-%m")
    return found

