"""The public check of an e-reference, without signing in.

    GET /verify              the form; with ?code=... the answer
    GET /verify/{code}       the answer for a code in the address (a link or a QR code)

A genuine code shows what the reference said, with the personal code partly
hidden. Any other text, mistyped or invented, gets the same "not found", with
no hint of how close it came. Failed checks are limited per client address
(`rate_limit`); past the limit every check is refused until the window passes.
"""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import Response

from i18n.catalogs import lazy_gettext as _l
from i18n.catalogs import ngettext
from portal.database import db
from portal.templating import local_datetime, render
from queue_status.rehabilitation_reference import service
from queue_status.rehabilitation_reference.codes import grouped
from queue_status.rehabilitation_reference.forms import VerifyForm
from queue_status.rehabilitation_reference.presentation import reference_context
from queue_status.rehabilitation_reference.rate_limit import Refused, VerificationRateLimit

NOT_FOUND = _l("We found no e-reference with this code. Check that you typed it exactly as it "
               "is printed on the e-reference.")
# The code may be in the address: it goes to no other site, and no cache keeps the answer.
HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer"}
STATE_KEY = "reference_verification_limit"


def rate_limit(request: Request) -> VerificationRateLimit:
    """The app's limiter, made on first use (tests put one with their own clock there)."""
    state = request.app.state
    found: VerificationRateLimit | None = getattr(state, STATE_KEY, None)
    if found is None:
        found = VerificationRateLimit(state.sessionmaker, state.settings.secret_key)
        setattr(state, STATE_KEY, found)
    return found


async def verify(request: Request) -> Response:
    if "code" not in request.query_params:
        return _form(request, VerifyForm())
    form = VerifyForm(formdata=request.query_params)
    if not form.validate():
        return _form(request, form, status_code=400)
    return await _check(request, form, str(form.code.data))


async def verify_code(request: Request) -> Response:
    code = request.path_params["code"]
    return await _check(request, VerifyForm(data={"code": code}), code)


def _form(request: Request, form: VerifyForm, *, status_code: int = 200) -> Response:
    return render(request, "rehabilitation_reference/verify.html", {"form": form},
                  status_code=status_code, headers=HEADERS)


async def _check(request: Request, form: VerifyForm, typed: str) -> Response:
    limit = rate_limit(request)
    client = limit.client_key(request.client.host if request.client else "")
    reservation = await limit.reserve(client)
    if isinstance(reservation, Refused):
        return _too_many(request, limit, reservation)
    found = await service.by_code(db(request), typed)
    if found is None:
        form.code.errors = [NOT_FOUND]
        return _form(request, form, status_code=404)
    await limit.release(reservation)
    return render(request, "rehabilitation_reference/verified.html", {
        "reference": found, "code": grouped(found.code),
        "personal_code": service.masked_personal_code(found.personal_code),
        **reference_context(found),
    }, headers=HEADERS)


def _too_many(request: Request, limit: VerificationRateLimit, refused: Refused) -> Response:
    seconds = max(1, math.ceil((refused.retry_at - limit.clock()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    return render(request, "rehabilitation_reference/too_many.html", {
        "when": ngettext("You can check a code again after %(time)s, in about %(num)s minute.",
                         "You can check a code again after %(time)s, in about %(num)s minutes.",
                         minutes, time=local_datetime(refused.retry_at, "HH:mm")),
        "max_failures": limit.max_failures,
        "window_minutes": int(limit.window.total_seconds() // 60),
    }, status_code=429, headers={**HEADERS, "retry-after": str(seconds)})
