"""The fake CKAN over real HTTP: the Action API calls `http.py` makes, around one
`FakeOpenDataPortal`, for contract tests and for the demo's fake back office.

    GET  /api/3/action/package_show?id=NAME
    POST /api/3/action/package_create | package_patch             JSON
    POST /api/3/action/resource_create | resource_update          multipart with `upload`
    GET  /dataset/{id}/resource/{rid}/download/{filename}         the uploaded file
    POST /control/fail  {"mode": "ok"|"error"}                    break it, or heal it

Writes need `Authorization: <token>` when the app is given a token, as CKAN's do;
answers have CKAN's shape (`success`, `result`, `error.__type`).
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import NotFound, Rejected, Unavailable
from adapters.open_data_portal.base import SYSTEM, Dataset, DatasetMetadata, Resource, ResourceFile
from adapters.open_data_portal.fake import FakeOpenDataPortal


def _error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse({"success": False, "error": {"__type": kind, "message": message}},
                        status_code=status)


def _ok(result: Any) -> JSONResponse:
    return JSONResponse({"success": True, "result": result})


def resource_dict(resource: Resource, package_id: str) -> dict[str, Any]:
    return {"id": resource.id, "package_id": package_id, "name": resource.name,
            "url": resource.url, "hash": resource.hash, "period": resource.period,
            "format": resource.format, "url_type": "upload"}


def dataset_dict(dataset: Dataset) -> dict[str, Any]:
    return {"id": dataset.id, "name": dataset.name, "title": dataset.title,
            "notes": dataset.notes, "license_id": dataset.license_id, "url": dataset.url,
            "extras": [{"key": k, "value": v} for k, v in sorted(dataset.extras.items())],
            "resources": [resource_dict(r, dataset.id) for r in dataset.resources]}


def _metadata(body: dict[str, Any], name: str) -> DatasetMetadata:
    extras = {str(e["key"]): str(e["value"]) for e in body.get("extras") or []}
    return DatasetMetadata(name=name, title=str(body.get("title", "")),
                           notes=str(body.get("notes", "")),
                           license_id=str(body.get("license_id", "")),
                           url=str(body.get("url", "")),
                           owner_org=str(body.get("owner_org", "")), extras=extras)


async def _file(form: Any) -> ResourceFile:
    upload = form.get("upload")
    if not isinstance(upload, UploadFile):
        raise Rejected(SYSTEM, "upload: a file is required")
    fields = {key: form.get(key) for key in ("name", "description", "format", "mimetype",
                                             "hash", "period")}
    if not all(isinstance(value, str) and value for key, value in fields.items()
               if key != "description"):
        raise Rejected(SYSTEM, "name, format, mimetype, hash and period are required")
    return ResourceFile(name=str(fields["name"]), description=str(fields["description"] or ""),
                        format=str(fields["format"]), mimetype=str(fields["mimetype"]),
                        filename=upload.filename or "file", content=await upload.read(),
                        sha256=str(fields["hash"]), period=str(fields["period"]))


def create_fake_ckan(portal: FakeOpenDataPortal | None = None, *, token: str = "") -> Starlette:
    portal = portal if portal is not None else FakeOpenDataPortal()

    def authorised(request: Request) -> bool:
        return not token or request.headers.get("authorization") == token

    async def action(request: Request) -> Response:
        name = request.path_params["action"]
        try:
            if name == "package_show":
                dataset = await portal.show_dataset(request.query_params.get("id", ""))
                if dataset is None:
                    return _error(404, "Not Found Error", "Not found")
                return _ok(dataset_dict(dataset))
            if not authorised(request):
                return _error(403, "Authorization Error", "Access denied")
            if name in ("package_create", "package_patch"):
                body = await request.json()
                if not isinstance(body, dict):
                    return _error(409, "Validation Error", "a JSON object is required")
                if name == "package_create":
                    dataset = await portal.create_dataset(_metadata(body, str(body.get("name"))))
                else:
                    current = portal.stored_dataset(str(body.get("id")))
                    dataset = await portal.patch_dataset(
                        current.dataset.id, _metadata(body, current.dataset.name))
                return _ok(dataset_dict(dataset))
            if name in ("resource_create", "resource_update"):
                async with request.form() as form:
                    file = await _file(form)
                    if name == "resource_create":
                        package_id = str(form.get("package_id"))
                        resource = await portal.create_resource(package_id, file)
                    else:
                        resource = await portal.update_resource(str(form.get("id")), file)
                return _ok(resource_dict(resource, ""))
        except NotFound as exc:
            return _error(404, "Not Found Error", exc.message)
        except Rejected as exc:
            return _error(409, "Validation Error", exc.message)
        except Unavailable:
            return _error(503, "Internal Server Error", "told to fail")
        return _error(400, "Bad Request", f"unknown action {name}")

    async def download(request: Request) -> Response:
        stored = portal.file(request.path_params["resource_id"])
        if stored is None:
            return Response("Not found", status_code=404)
        return Response(stored.content, media_type=stored.mimetype)

    async def control_fail(request: Request) -> Response:
        mode = (await request.json()).get("mode")
        portal.fail(Unavailable(SYSTEM, "told to fail") if mode == "error" else None)
        return JSONResponse({"mode": mode})

    app = Starlette(routes=[
        Route("/api/3/action/{action}", action, methods=["GET", "POST"]),
        Route("/dataset/{dataset_id}/resource/{resource_id}/download/{filename}", download),
        Route("/control/fail", control_fail, methods=["POST"]),
    ])
    app.state.portal = portal
    return app
