"""Sign in, the provider's answer, sign out, and the page explaining a failed sign-in."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from i18n.catalogs import get_locale
from portal.audit.log import AuditAction, record
from portal.auth.failures import EXPLANATIONS, LoginFailed, Reason, safe_code
from portal.auth.relying_party import LoginResult, RelyingParty
from portal.auth.services import LoginServices
from portal.database import db
from portal.pages.home import safe_next
from portal.templating import render
from portal.web_sessions import WebSession

logger = logging.getLogger(__name__)

PERSON_KEY = "person"
# What logout needs from the login: the ID token, sent back as `id_token_hint`.
PROVIDER_SESSION_KEY = "login_provider"
PRIVATE = {"cache-control": "no-store"}


def web_session(request: Request) -> WebSession:
    session: WebSession = request.scope["session"]
    return session


def _relying_party(request: Request) -> RelyingParty | None:
    services: LoginServices = request.app.state.login
    return services.relying_party


def failure_page(request: Request, failure: LoginFailed) -> Response:
    # Only the reason and our own short detail: no personal code, no token, no state.
    logger.warning("login failed: %s (%s)", failure.reason, failure.detail)
    explanation = EXPLANATIONS[failure.reason]
    retry_url = request.url_for("login").path + "?" + urlencode({"next": failure.return_to})
    return render(
        request, "auth/login_failed.html",
        {"explanation": explanation, "retry_url": retry_url, "reason": failure.reason.value},
        status_code=explanation.status_code, headers=PRIVATE,
    )


async def login(request: Request) -> Response:
    return_to = safe_next(request.query_params.get("next"))
    if PERSON_KEY in web_session(request):
        return RedirectResponse(return_to, status_code=303)
    relying_party = _relying_party(request)
    if relying_party is None:
        return failure_page(request, LoginFailed(Reason.NOT_CONFIGURED, "no issuer configured",
                                                 return_to=return_to))
    try:
        location = await relying_party.start(web_session(request), return_to, locale=get_locale())
    except LoginFailed as failure:
        failure.return_to = return_to
        return failure_page(request, failure)
    return RedirectResponse(location, status_code=303, headers=PRIVATE)


async def login_callback(request: Request) -> Response:
    relying_party = _relying_party(request)
    if relying_party is None:
        return failure_page(request, LoginFailed(Reason.NOT_CONFIGURED, "no issuer configured"))
    try:
        result = await relying_party.finish(web_session(request), request.query_params)
    except LoginFailed as failure:
        return failure_page(request, failure)
    sign_in(request, result)
    # In the request's transaction: committed with the new session, as the response starts.
    await record(db(request), actor=result.person.personal_code, subject=None,
                 action=AuditAction.LOGIN)
    return RedirectResponse(result.return_to, status_code=303, headers=PRIVATE)


def sign_in(request: Request, result: LoginResult) -> None:
    session = web_session(request)
    previous = session.get(PERSON_KEY)
    if isinstance(previous, dict) and previous.get("personal_code") != result.person.personal_code:
        # Someone else was signed in in this browser: nothing of theirs may carry over.
        session.clear()
    # A new session id and a new CSRF nonce: whatever an attacker planted before the
    # login (session fixation, a known CSRF cookie) is worthless after it.
    session.rotate()
    request.scope["csrf_rotate"] = True
    session[PERSON_KEY] = result.person.as_session()
    session[PROVIDER_SESSION_KEY] = {"id_token": result.id_token}
    logger.info("login: signed in (auth method %s)", safe_code(result.person.auth_method))


async def logout(request: Request) -> Response:
    session = web_session(request)
    if request.method == "GET":
        if PERSON_KEY not in session:
            return RedirectResponse(request.url_for("home").path, status_code=303)
        return render(request, "auth/logout.html", headers=PRIVATE)
    provider_session = session.get(PROVIDER_SESSION_KEY)
    id_token = provider_session.get("id_token") if isinstance(provider_session, dict) else None
    person = session.get(PERSON_KEY)
    session.clear()
    request.scope["csrf_rotate"] = True
    location = None
    if isinstance(person, dict):
        await record(db(request), actor=str(person.get("personal_code", "")), subject=None,
                     action=AuditAction.LOGOUT)
        logger.info("login: signed out")
        relying_party = _relying_party(request)
        if relying_party is not None:
            location = await relying_party.end_session_url(id_token)
    return RedirectResponse(location or request.url_for("signed_out").path, status_code=303,
                            headers=PRIVATE)


async def signed_out(request: Request) -> Response:
    return render(request, "auth/signed_out.html")
