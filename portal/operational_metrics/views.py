"""GET /metrics for Prometheus, closed to the public unless a setting opens it.

`metrics_access` decides who may read it:

    off        nobody: the ordinary 404 page (the default)
    loopback   only clients on this machine (a Prometheus agent or sidecar beside
               the portal); everyone else gets the 404 page
    token      whoever sends `Authorization: Bearer <metrics_token>`; others get 401

Behind a reverse proxy, "loopback" relies on the proxy not being on loopback itself
or on `portal serve --forwarded-allow-ips` giving the real client address.
"""

from __future__ import annotations

import ipaddress
import secrets

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from portal.database import db
from portal.operational_metrics.collectors import OperationalMetrics, read_delivery_snapshot
from portal.settings import Settings


def _from_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _has_token(request: Request, expected: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return (bool(expected) and scheme.lower() == "bearer"
            and secrets.compare_digest(given.strip().encode(), expected.encode()))


async def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    if settings.metrics_access == "off":
        raise HTTPException(404)
    if settings.metrics_access == "loopback" and not _from_loopback(request):
        raise HTTPException(404)
    if settings.metrics_access == "token" and not _has_token(request, settings.metrics_token):
        return PlainTextResponse("A bearer token is required.\n", status_code=401,
                                 headers={"www-authenticate": 'Bearer realm="metrics"'})
    collected: OperationalMetrics = request.app.state.operational_metrics
    snapshot = await read_delivery_snapshot(db(request))
    return Response(collected.exposition(snapshot), media_type=CONTENT_TYPE_LATEST,
                    headers={"cache-control": "no-store"})
