"""Liveness and readiness for the load balancer and the orchestrator."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from portal.database import database_is_reachable


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "alive"}, headers={"cache-control": "no-store"})


async def readyz(request: Request) -> JSONResponse:
    if await database_is_reachable(request.app.state.engine):
        return JSONResponse({"status": "ready", "database": "ok"},
                            headers={"cache-control": "no-store"})
    return JSONResponse({"status": "not ready", "database": "unreachable"}, status_code=503,
                        headers={"cache-control": "no-store"})
