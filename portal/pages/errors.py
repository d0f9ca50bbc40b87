"""Error pages, in the person's language, for every status we answer with.

Used both by Starlette's exception handlers and by middleware that must answer
before a route runs (CSRF rejection, a body that is too large).
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope, Send

from i18n.catalogs import lazy_gettext as _l
from i18n.catalogs import use_locale
from portal.locale import negotiate
from portal.security.headers import security_headers
from portal.templating import render

logger = logging.getLogger(__name__)

TITLES = {
    400: _l("The request could not be understood"),
    403: _l("Your form could not be sent"),
    404: _l("Page not found"),
    405: _l("Page not found"),
    413: _l("What you sent is too large"),
    429: _l("Too many requests"),
    500: _l("Sorry, there is a problem with the service"),
    503: _l("Sorry, the service is unavailable"),
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render_error(request: Request, status_code: int) -> Response:
    if wants_json(request):
        title = TITLES.get(status_code, TITLES[500])
        return JSONResponse(
            {"type": "about:blank", "title": str(title), "status": status_code},
            status_code=status_code,
            media_type="application/problem+json",
        )
    with use_locale(negotiate(request.scope)):
        return render(
            request,
            "errors/error.html",
            {"status_code": status_code, "title": TITLES.get(status_code, TITLES[500])},
            status_code=status_code,
        )


async def http_exception(request: Request, exc: Exception) -> Response:
    status_code = exc.status_code if isinstance(exc, HTTPException) else 500
    return render_error(request, status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    # The traceback is logged; the person sees a plain apology and what to do next.
    # This handler runs outside our middleware, so it adds the security headers itself.
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    response = render_error(request, 500)
    response.headers.update(security_headers(hsts=request.app.state.settings.hsts))
    return response


async def send_error_page(scope: Scope, send: Send, status_code: int) -> None:
    """Answer from middleware with the error page, without calling the app."""

    async def no_body() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    response = render_error(Request(scope, no_body), status_code)
    await response(scope, no_body, send)
