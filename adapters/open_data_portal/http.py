"""CKAN's Action API over httpx (data.gov.lv runs CKAN 2.9+).

    GET  {url}/api/3/action/package_show?id={name}
    POST {url}/api/3/action/package_create     JSON: name, title, notes, license_id, url,
                                                owner_org, extras [{key, value}]
    POST {url}/api/3/action/package_patch      JSON: id and the fields to change
    POST {url}/api/3/action/resource_create    multipart: package_id, name, description,
                                                format, mimetype, hash, period, upload (file)
    POST {url}/api/3/action/resource_update    multipart: id and the same fields

Every call carries the API token in the `Authorization` header, as CKAN expects
(the token alone, no scheme). CKAN answers `{"success": true, "result": ...}`,
or `{"success": false, "error": {...}}` with a 4xx status. Translated into
`adapters.errors`:

    connection errors, timeouts, 5xx, 408, 429      Unavailable
    404 from package_show                           the dataset does not exist (None)
    404 otherwise                                   NotFound
    other 4xx (403 token refused, 409 invalid)      Rejected, with CKAN's error type
    a 2xx body without success: true                Unavailable (a proxy's error page)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from adapters.errors import NotFound, Unavailable
from adapters.gateway import call, refusal
from adapters.open_data_portal.base import (
    SYSTEM,
    Dataset,
    DatasetMetadata,
    Resource,
    ResourceFile,
)

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
T = TypeVar("T")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def parse_resource(data: Mapping[str, Any]) -> Resource:
    return Resource(id=str(data["id"]), name=_text(data.get("name")), url=_text(data.get("url")),
                    hash=_text(data.get("hash")), period=_text(data.get("period")),
                    format=_text(data.get("format")))


def parse_dataset(data: Mapping[str, Any]) -> Dataset:
    extras = {str(e["key"]): _text(e.get("value")) for e in data.get("extras") or []}
    return Dataset(id=str(data["id"]), name=str(data["name"]), title=_text(data.get("title")),
                   notes=_text(data.get("notes")), license_id=_text(data.get("license_id")),
                   url=_text(data.get("url")), extras=extras,
                   resources=tuple(parse_resource(r) for r in data.get("resources") or []))


def _metadata_fields(metadata: DatasetMetadata) -> dict[str, Any]:
    return {"title": metadata.title, "notes": metadata.notes,
            "license_id": metadata.license_id, "url": metadata.url,
            "extras": [{"key": k, "value": v} for k, v in sorted(metadata.extras.items())]}


def _resource_fields(file: ResourceFile) -> dict[str, str]:
    return {"name": file.name, "description": file.description, "format": file.format,
            "mimetype": file.mimetype, "hash": file.sha256, "period": file.period}


class HttpOpenDataPortal:
    def __init__(self, client: httpx.AsyncClient, base_url: str, *, token: str = "",
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = timeout

    async def _action(self, action: str, *, params: Mapping[str, str] | None = None,
                      json: Mapping[str, Any] | None = None,
                      data: Mapping[str, str] | None = None,
                      upload: ResourceFile | None = None) -> Any:
        url = f"{self._base_url}/api/3/action/{action}"
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = self._token
        files = None if upload is None else {
            "upload": (upload.filename, upload.content, upload.mimetype)}
        method = "GET" if params is not None else "POST"
        response = await call(self._client, SYSTEM, method, url, what=action, params=params,
                              json=json, data=data, files=files, headers=headers,
                              timeout=self._timeout)
        if not response.is_success:
            raise refusal(SYSTEM, response, action, reason=_error_type(response))
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("success") is not True:
            raise Unavailable(SYSTEM, f"unexpected answer: {action}")
        return body.get("result")

    async def show_dataset(self, name: str) -> Dataset | None:
        try:
            result = await self._action("package_show", params={"id": name})
        except NotFound:
            return None
        return _parse(parse_dataset, result, "package_show")

    async def create_dataset(self, metadata: DatasetMetadata) -> Dataset:
        body = {"name": metadata.name, "owner_org": metadata.owner_org,
                **_metadata_fields(metadata)}
        result = await self._action("package_create", json=body)
        return _parse(parse_dataset, result, "package_create")

    async def patch_dataset(self, dataset_id: str, metadata: DatasetMetadata) -> Dataset:
        result = await self._action("package_patch",
                                    json={"id": dataset_id, **_metadata_fields(metadata)})
        return _parse(parse_dataset, result, "package_patch")

    async def create_resource(self, dataset_id: str, file: ResourceFile) -> Resource:
        result = await self._action("resource_create", upload=file,
                                    data={"package_id": dataset_id, **_resource_fields(file)})
        return _parse(parse_resource, result, "resource_create")

    async def update_resource(self, resource_id: str, file: ResourceFile) -> Resource:
        result = await self._action("resource_update", upload=file,
                                    data={"id": resource_id, **_resource_fields(file)})
        return _parse(parse_resource, result, "resource_update")


def _parse(parse: Callable[[Any], T], result: Any, action: str) -> T:
    try:
        return parse(result)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Unavailable(SYSTEM, f"unexpected answer: {action}") from exc


def _error_type(response: httpx.Response) -> str:
    # CKAN names the failed rule ("Validation Error", "Authorization Error").
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    kind = error.get("__type") if isinstance(error, dict) else None
    return kind[:80] if isinstance(kind, str) else ""
