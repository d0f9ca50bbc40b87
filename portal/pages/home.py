"""The home page: the e-services from the registry, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from i18n.catalogs import LOCALES
from portal.locale import LOCALE_COOKIE
from portal.representation import current_subject, may_use
from portal.templating import render


async def home(request: Request) -> Response:
    # Signed in, a service the current subject may not use is listed without a link
    # (no dead end behind it) and with a way to switch whom one acts for.
    subject = current_subject(request)
    services = [
        (service, subject is None or may_use(service, subject))
        for service in request.app.state.registry
    ]
    return render(request, "pages/home.html", {"services": services, "subject": subject})


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


async def switch_language(request: Request) -> Response:
    locale = request.path_params["locale"]
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if locale in LOCALES:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, httponly=True,
                            samesite="lax", secure=request.app.state.settings.secure_cookies)
    return response
