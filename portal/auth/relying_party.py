"""The OpenID Connect relying party: authorization-code flow with PKCE, state and nonce.

`start()` remembers a pending login in the session and gives the address of the
provider's authorization endpoint; `finish()` takes the provider's answer,
redeems the code at the token endpoint, verifies the ID token and returns who
signed in. Every failure is a `LoginFailed` with a reason the view explains.
The same code runs against the national login and the built-in development
provider; only the issuer and client credentials differ.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from portal.auth.client_auth import ClientAuthentication
from portal.auth.discovery import ProviderDirectory, ProviderMetadata
from portal.auth.failures import LoginFailed, Reason, safe_code
from portal.auth.id_token import Expectations, verify_id_token
from portal.auth.pending import PendingLogin, remember, take
from portal.identifiers import PersonalCode, PersonalCodeError, parse_personal_code
from portal.web_sessions import WebSession

# ETSI EN 319 412-1 "semantics identifier" prefix, as eID cards and Smart-ID write it.
ETSI_PREFIX = "PNOLV-"


@dataclass(frozen=True, slots=True)
class RelyingPartyConfig:
    issuer: str
    client_id: str
    redirect_uri: str
    post_logout_redirect_uri: str
    scopes: str
    allowed_algorithms: tuple[str, ...]
    personal_code_claim: str
    leeway_seconds: int
    login_timeout_seconds: int


@dataclass(frozen=True, slots=True)
class SignedInPerson:
    personal_code: str
    given_name: str
    family_name: str
    name: str
    auth_method: str

    def as_session(self) -> dict[str, str]:
        return {"personal_code": self.personal_code, "given_name": self.given_name,
                "family_name": self.family_name, "name": self.name,
                "auth_method": self.auth_method}


@dataclass(frozen=True, slots=True)
class LoginResult:
    person: SignedInPerson
    id_token: str
    return_to: str


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def normalise_personal_code(raw: str) -> str | None:
    """`DDMMYY-NNNNN`, or None when the claim is not shaped like a personal code.

    A check digit that does not match is accepted: the national login, not our
    checksum (which is there to catch typing mistakes), decides who the person is.
    """
    text = raw.strip().removeprefix(ETSI_PREFIX)
    parsed = parse_personal_code(text)
    if isinstance(parsed, PersonalCode):
        return parsed.value
    if parsed.error in (PersonalCodeError.INVALID_CHARACTERS, PersonalCodeError.WRONG_LENGTH):
        return None
    digits = text.replace("-", "")
    return f"{digits[:6]}-{digits[6:]}"


def person_from_claims(claims: Mapping[str, Any], personal_code_claim: str) -> SignedInPerson:
    raw_code = claims.get(personal_code_claim)
    personal_code = normalise_personal_code(raw_code) if isinstance(raw_code, str) else None
    if personal_code is None:
        raise LoginFailed(Reason.CLAIMS_MISSING,
                          f"claim {personal_code_claim!r} missing or not a personal code")
    given_name, family_name = _text(claims.get("given_name")), _text(claims.get("family_name"))
    name = _text(claims.get("name")) or f"{given_name} {family_name}".strip()
    if not name:
        raise LoginFailed(Reason.CLAIMS_MISSING, "no name claims")
    amr = claims.get("amr")
    methods = [m for m in amr if isinstance(m, str)] if isinstance(amr, list) else []
    auth_method = " ".join(methods) or _text(claims.get("acr"))
    return SignedInPerson(personal_code=personal_code, given_name=given_name,
                          family_name=family_name, name=name, auth_method=auth_method)


class RelyingParty:
    def __init__(self, config: RelyingPartyConfig, directory: ProviderDirectory,
                 client_auth: ClientAuthentication, http_client: httpx.AsyncClient, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.directory = directory
        self.client_auth = client_auth
        self.http_client = http_client
        self.clock = clock

    async def start(self, session: WebSession, return_to: str, *, locale: str) -> str:
        """Remember a new pending login; the address to send the browser to."""
        metadata = await self.directory.metadata()
        now = self.clock()
        login = PendingLogin.new(return_to, now=now,
                                 lifetime_seconds=self.config.login_timeout_seconds)
        remember(session, login, now=now)
        query = urlencode({
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_uri,
            "scope": self.config.scopes,
            "state": login.state,
            "nonce": login.nonce,
            "code_challenge": login.code_challenge,
            "code_challenge_method": "S256",
            "ui_locales": locale,
        })
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        return f"{metadata.authorization_endpoint}{separator}{query}"

    async def finish(self, session: WebSession, params: Mapping[str, str]) -> LoginResult:
        now = self.clock()
        login = take(session, params.get("state"), now=now)
        return_to = login.return_to if login else "/"
        error = params.get("error")
        if error is not None:
            reason = Reason.CANCELLED if error == "access_denied" else Reason.PROVIDER_ERROR
            raise LoginFailed(reason, f"provider answered error={safe_code(error)}",
                              return_to=return_to)
        if login is None:
            raise LoginFailed(Reason.EXPIRED, "state unknown, already used or expired")
        try:
            return await self._complete(login, params, now)
        except LoginFailed as failure:
            failure.return_to = return_to
            raise

    async def _complete(self, login: PendingLogin, params: Mapping[str, str],
                        now: float) -> LoginResult:
        # RFC 9207: when the provider names itself in the answer, it must be our provider;
        # this defeats mix-up attacks if more than one provider is ever configured.
        issuer = params.get("iss")
        if issuer is not None and not hmac.compare_digest(issuer.encode(),
                                                          self.config.issuer.encode()):
            raise LoginFailed(Reason.VERIFICATION_FAILED,
                              "authorization response from another issuer")
        code = params.get("code")
        if not code:
            raise LoginFailed(Reason.PROVIDER_ERROR, "authorization response without a code")
        metadata = await self.directory.metadata()
        id_token, access_token = await self._redeem(metadata, login, code, now)
        expected = Expectations(
            issuer=self.config.issuer, client_id=self.config.client_id, nonce=login.nonce,
            allowed_algorithms=self.config.allowed_algorithms,
            leeway_seconds=self.config.leeway_seconds,
            max_age_seconds=self.config.login_timeout_seconds,
        )
        claims = await verify_id_token(id_token, expected, self.directory,
                                       access_token=access_token, now=now)
        person = person_from_claims(claims, self.config.personal_code_claim)
        return LoginResult(person=person, id_token=id_token, return_to=login.return_to)

    async def _redeem(self, metadata: ProviderMetadata, login: PendingLogin, code: str,
                      now: float) -> tuple[str, str | None]:
        headers, fields = self.client_auth.credentials(metadata.token_endpoint, now=now)
        form = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": self.config.redirect_uri, "code_verifier": login.code_verifier,
                **fields}
        try:
            response = await self.http_client.post(
                metadata.token_endpoint, data=form,
                headers={"accept": "application/json", **headers})
        except httpx.HTTPError as error:
            raise LoginFailed(Reason.UNREACHABLE,
                              f"{type(error).__name__} calling the token endpoint") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200:
            error_code = safe_code(body.get("error")) if isinstance(body, dict) else "(none)"
            raise LoginFailed(Reason.REDEEM_FAILED,
                              f"token endpoint answered HTTP {response.status_code} "
                              f"error={error_code}")
        if not isinstance(body, dict) or not isinstance(body.get("id_token"), str):
            raise LoginFailed(Reason.REDEEM_FAILED, "token response without an id_token")
        access_token = body.get("access_token")
        return body["id_token"], access_token if isinstance(access_token, str) else None

    async def end_session_url(self, id_token: str | None) -> str | None:
        """Where to send the browser so the provider ends its session too; None if nowhere."""
        try:
            metadata = await self.directory.metadata()
        except LoginFailed:
            return None
        if metadata.end_session_endpoint is None:
            return None
        params = {"post_logout_redirect_uri": self.config.post_logout_redirect_uri,
                  "client_id": self.config.client_id}
        if id_token:
            params["id_token_hint"] = id_token
        separator = "&" if "?" in metadata.end_session_endpoint else "?"
        return f"{metadata.end_session_endpoint}{separator}{urlencode(params)}"
