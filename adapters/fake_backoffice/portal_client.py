"""The fake back office talking back: statuses, answers and queue positions to the portal.

Each call goes to the portal's inbound API (`portal/inbound_api`) over HTTP,
with a fresh bearer token signed by the system's own key, exactly as a real
back office must do it. The control endpoints let a test or a person at the
demo trigger them:

    POST /control/send-status          {"system", "reference", "status", "note"}
    POST /control/send-answer          {"system", "reference", "text",
                                        "file_name", "file_text",  (file optional)
                                        "idempotency_key"}  (optional: a new UUID;
                                        the same key resends the same answer)
    POST /control/send-queue-position  {"system", "reference", "position", "queue_size"}

Each answers 200 with what the portal said (`portal_status`, `portal_response`),
502 when the portal cannot be reached, 409 when no portal or keys are set.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.fake_backoffice.keys import private_keys
from adapters.fake_backoffice.store import SYSTEMS
from adapters.served import problem
from portal.inbound_api.tokens import sign_request_token


def _now() -> str:
    # Full precision: an event in the same second as the submission is still later.
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class PortalCallbacks:
    def __init__(self, portal_url: str | None, keys_dir: Path | None,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.api = f"{portal_url.rstrip('/')}/api/v1" if portal_url else None
        self.keys = private_keys(keys_dir) if keys_dir is not None else {}
        self.transport = transport

    async def _call(self, system: str, method: str, path: str,
                    headers: dict[str, str] | None = None, **kwargs: Any) -> Response:
        if self.api is None or system not in self.keys:
            return problem(409, "No portal to call: start with --portal-url and --keys-dir")
        # The audience is the API's own address, as the portal expects by default.
        token = sign_request_token(self.keys[system], issuer=system, audience=self.api)
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=10) as client:
                answer = await client.request(
                    method, self.api + path, **kwargs,
                    headers={**(headers or {}), "Authorization": f"Bearer {token}"})
        except httpx.HTTPError as error:
            return problem(502, f"The portal did not answer: {type(error).__name__}")
        try:
            body: Any = answer.json()
        except ValueError:
            body = answer.text[:2000]
        return JSONResponse({"portal_status": answer.status_code, "portal_response": body})

    async def send_status(self, data: dict[str, Any]) -> Response:
        payload = {"status": data["status"], "note": str(data.get("note", "")),
                   "occurred_at": data.get("occurred_at") or _now()}
        return await self._call(data["system"], "POST",
                                f"/submissions/{data['reference']}/status", json=payload)

    async def send_answer(self, data: dict[str, Any]) -> Response:
        files: dict[str, Any] = {"metadata": (None, json.dumps({"text": data.get("text", "")}),
                                              "application/json")}
        if data.get("file_name"):
            files["file"] = (data["file_name"], str(data.get("file_text", "")).encode(),
                             "text/plain")
        # A back office names each answer once; resending it with its key stores it once.
        key = str(data.get("idempotency_key") or uuid.uuid4())
        return await self._call(data["system"], "POST",
                                f"/submissions/{data['reference']}/answers",
                                headers={"Idempotency-Key": key}, files=files)

    async def send_queue_position(self, data: dict[str, Any]) -> Response:
        report = [{"reference": data["reference"], "position": int(data["position"]),
                   "queue_size": int(data["queue_size"]),
                   "reported_at": data.get("reported_at") or _now()}]
        return await self._call(data["system"], "POST", "/queue-positions", json=report)

    async def send_technical_aid_requests(self, changes: list[dict[str, object]]) -> Response:
        """SPOLIS' changes of technical-aid requests (see adapters/spolis/aids_served.py)."""
        return await self._call("spolis", "POST", "/technical-aid-requests", json=changes)

    def routes(self) -> list[Route]:
        return [
            Route("/control/send-status", _control(self.send_status), methods=["POST"]),
            Route("/control/send-answer", _control(self.send_answer), methods=["POST"]),
            Route("/control/send-queue-position", _control(self.send_queue_position),
                  methods=["POST"]),
        ]


def _control(
    send: Callable[[dict[str, Any]], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            data = await request.json()
            if not isinstance(data, dict) or data.get("system") not in SYSTEMS:
                raise ValueError("system")
            return await send(data)
        except (ValueError, KeyError, TypeError):
            return problem(400, "Expected JSON with a known system, a reference and the rest")

    return endpoint
