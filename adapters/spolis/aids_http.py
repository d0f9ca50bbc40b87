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

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from adapters.gateway import call_json
from adapters.gateway import json_list as _list
from adapters.gateway import json_object as _object
from adapters.spolis.technical_aids import (
    SYSTEM,
    AidRequestChange,
    Catalogue,
    CatalogueAid,
    CatalogueGroup,
    QueueFigures,
)
from queue_status.models import Provider, RequestStatus

_T = TypeVar("_T")
MAX_CODES = 50


class HttpTechnicalAidQueues:
    def __init__(self, client: httpx.AsyncClient, base_url: str,
                 *, timeout: httpx.Timeout | None = None) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout

    def with_timeout(self, seconds: float) -> HttpTechnicalAidQueues:
        """The same adapter, giving up after `seconds` (for a page that must answer)."""
        return HttpTechnicalAidQueues(self._client, self._base_url,
                                      timeout=httpx.Timeout(seconds, connect=min(seconds, 2.0)))

    async def catalogue(self) -> Catalogue:
        return await self._call("GET", "/catalogue", catalogue_from_json, what="GET catalogue")

    async def requests_of(self, personal_codes: Sequence[str]) -> list[AidRequestChange]:
        codes = sorted(set(personal_codes))
        found: list[AidRequestChange] = []
        for start in range(0, len(codes), MAX_CODES):
            found += await self._call(
                "POST", "/requests/search", _list_of("requests", change_from_json),
                what="POST requests/search",
                json={"personal_codes": codes[start:start + MAX_CODES]})
        return sorted(found, key=lambda c: (c.applied_at, c.request_id), reverse=True)

    async def changes_since(self, cursor: str | None,
                            limit: int) -> tuple[list[AidRequestChange], str]:
        params = {"limit": str(limit), **({"cursor": cursor} if cursor else {})}
        return await self._call("GET", "/changes", _changes_page, what="GET changes",
                                params=params)

    async def queue_figures(self) -> list[QueueFigures]:
        return await self._call("GET", "/queue-figures", _list_of("queues", figures_from_json),
                                what="GET queue-figures")

    async def _call(self, method: str, path: str, parse: Callable[[object], _T], *, what: str,
                    json: Mapping[str, Any] | None = None,
                    params: Mapping[str, str] | None = None) -> _T:
        # Personal codes stay out of `what`, which ends up in logs.
        return await call_json(self._client, SYSTEM, method, self._base_url + path, parse,
                               what=what, json=json, params=params,
                               request_timeout=self._timeout, not_found_means_no_record=False)


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
    fields = _object(data)
    groups = tuple(
        CatalogueGroup(code=_text(g["code"]), name_lv=_text(g["name_lv"]),
                       name_en=_text(g["name_en"]), sort_order=_number(g["sort_order"]))
        for g in map(_object, _list(fields["groups"])))
    aids = tuple(
        CatalogueAid(code=_text(a["code"]), group_code=_text(a["group_code"]),
                     provider=Provider(_text(a["provider"])).value, name_lv=_text(a["name_lv"]),
                     name_en=_text(a["name_en"]))
        for a in map(_object, _list(fields["aids"])))
    return Catalogue(groups, aids)


def change_from_json(data: object) -> AidRequestChange:
    fields = _object(data)
    return AidRequestChange(
        request_id=_text(fields["request_id"]), personal_code=_text(fields["personal_code"]),
        reference=_opt(fields["reference"], _text), aid_code=_text(fields["aid_code"]),
        group_code=_text(fields["group_code"]),
        provider=Provider(_text(fields["provider"])).value,
        status=RequestStatus(_text(fields["status"])).value,
        position=_opt(fields["position"], _number),
        queue_size=_opt(fields["queue_size"], _number),
        applied_at=_moment(fields["applied_at"]),
        queued_at=_opt(fields["queued_at"], _moment),
        issued_at=_opt(fields["issued_at"], _moment),
        changed_at=_moment(fields["changed_at"]))


def figures_from_json(data: object) -> QueueFigures:
    fields = _object(data)
    months = []
    for item in _list(fields["served_by_month"]):
        month, count = _list(item)
        months.append((_month(month), _number(count)))
    return QueueFigures(group_code=_text(fields["group_code"]),
                        provider=Provider(_text(fields["provider"])).value,
                        waiting=_number(fields["waiting"]), served_by_month=tuple(months))


def _changes_page(data: object) -> tuple[list[AidRequestChange], str]:
    fields = _object(data)
    return ([change_from_json(item) for item in _list(fields["changes"])],
            _text(fields["cursor"]))


def _list_of(key: str, parse: Callable[[object], _T]) -> Callable[[object], list[_T]]:
    def parse_all(data: object) -> list[_T]:
        return [parse(item) for item in _list(_object(data)[key])]

    return parse_all


def _opt(value: object, parse: Callable[[object], _T]) -> _T | None:
    return None if value is None else parse(value)


def _moment(value: object) -> datetime:
    moment = datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time without its zone")
    return moment.astimezone(UTC)


def _month(value: object) -> str:
    text = _text(value)
    datetime.strptime(text, "%Y-%m")
    return text


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("not a whole number")
    return value
