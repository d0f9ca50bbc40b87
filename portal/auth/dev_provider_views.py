"""HTTP face of the development provider: discovery, authorize page, token, keys, logout."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from wtforms import RadioField
from wtforms.validators import InputRequired

from i18n.catalogs import lazy_gettext as _l
from portal.auth.dev_provider import (
    AuthorizationError,
    AuthorizationRequest,
    DevProvider,
    InvalidAuthorizationRequest,
    TokenError,
)
from portal.forms import PortalForm
from portal.pages.errors import render_error
from portal.templating import render

logger = logging.getLogger(__name__)

# Tokens and the authorize page must never be cached by a browser or a proxy (RFC 6749 §5.1).
NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}


class DevLoginForm(PortalForm):
    person = RadioField(_l("Who do you want to sign in as?"),
                        validators=[InputRequired(message=_l("Choose who to sign in as"))])


def _provider(request: Request) -> DevProvider:
    provider: DevProvider | None = request.app.state.login.dev_provider
    assert provider is not None, "dev-idp routes exist only when the provider was built"
    return provider


async def discovery(request: Request) -> Response:
    return JSONResponse(_provider(request).metadata())


async def jwks(request: Request) -> Response:
    return JSONResponse(_provider(request).jwks(), headers={"cache-control": "max-age=60"})


async def authorize(request: Request) -> Response:
    provider = _provider(request)
    form_data = await request.form() if request.method == "POST" else None
    params = {key: str(value) for key, value in (form_data or request.query_params).items()}
    try:
        auth_request = provider.authorization_request(params)
    except InvalidAuthorizationRequest as problem:
        logger.warning("dev-idp: refused an authorization request: %s", problem)
        return render_error(request, 400)
    except AuthorizationError as problem:
        return RedirectResponse(problem.location, status_code=303)

    if form_data is not None and params.get("action") == "cancel":
        return RedirectResponse(auth_request.redirect(error="access_denied"), status_code=303)
    form = DevLoginForm(formdata=form_data)
    people = {person.personal_code: person for person in provider.people()}
    form.person.choices = [
        (code, f"{person.full_name} ({code}) – {person.description}")
        for code, person in people.items()
    ]
    if form_data is not None and form.validate():
        code = provider.issue_code(auth_request, people[form.person.data])
        return RedirectResponse(auth_request.redirect(code=code), status_code=303)
    return _authorize_page(request, form, auth_request, status_code=400 if form_data else 200)


def _authorize_page(request: Request, form: DevLoginForm, auth_request: AuthorizationRequest,
                    *, status_code: int) -> Response:
    return render(
        request, "auth/dev_authorize.html",
        {"form": form, "hidden_fields": auth_request.hidden_fields()},
        status_code=status_code, headers=NO_STORE,
    )


async def token(request: Request) -> Response:
    provider = _provider(request)
    form = await request.form()
    try:
        body = provider.redeem({key: str(value) for key, value in form.items()},
                               request.headers.get("authorization"))
    except TokenError as problem:
        logger.info("dev-idp: token request refused: %s", problem.error)
        headers = dict(NO_STORE)
        if problem.status_code == 401:
            headers["www-authenticate"] = 'Basic realm="dev-idp"'
        return JSONResponse({"error": problem.error}, status_code=problem.status_code,
                            headers=headers)
    return JSONResponse(body, headers=NO_STORE)


async def end_session(request: Request) -> Response:
    target = _provider(request).logout_redirect(request.query_params)
    if target is not None:
        return RedirectResponse(target, status_code=303)
    return render(request, "auth/dev_signed_out.html")
