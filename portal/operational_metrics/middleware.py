"""Counting and timing every HTTP request by the template of the route that answered it."""

from __future__ import annotations

import time

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.auth.services import CALLBACK_PATH
from portal.operational_metrics.collectors import OperationalMetrics

# Requests that matched no route (404s for made-up addresses) share one label.
UNMATCHED = "<unmatched>"
# The login's answers: a status of 400 or more there is a failed sign-in.
LOGIN_ROUTES = frozenset({"/login", CALLBACK_PATH})


def route_template(scope: Scope, app_root_path: str) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if route is None or path is None:
        return UNMATCHED
    # Inside a Mount the router has added the mount's path to root_path; the route's
    # own path is relative to it.
    prefix = str(scope.get("root_path", ""))[len(app_root_path):]
    if isinstance(route, Mount):
        return prefix + "/{path}"
    return prefix + str(path)


class RequestMetricsMiddleware:
    """Outermost of the portal's middleware, so its time includes theirs."""

    def __init__(self, app: ASGIApp, login_paths: frozenset[str] = LOGIN_ROUTES) -> None:
        self.app = app
        self.login_paths = login_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        metrics: OperationalMetrics | None = getattr(
            scope["app"].state, "operational_metrics", None) if "app" in scope else None
        if scope["type"] != "http" or metrics is None:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        root_path = str(scope.get("root_path", ""))
        status = 500  # what the client gets if an exception escapes before a response

        async def send_counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_counting)
        finally:
            route = route_template(scope, root_path)
            metrics.observe(route, scope["method"], status, time.perf_counter() - started)
            if route in self.login_paths and status >= 400:
                metrics.login_failures.labels(str(status)).inc()
