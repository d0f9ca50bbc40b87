"""The built-in development OpenID provider: the demo people, signed in for real.

Served under /dev-idp/ only when `dev_login_enabled` (which `portal serve`
refuses). It is a genuine, if small, OpenID provider: the portal's relying
party talks to it over HTTP exactly as it talks to the national login, so the
demo and the tests exercise the production code path, including PKCE, client
authentication and ID-token signatures.

Codes live in this process's memory: the demo runs one process, and a code
outlives a restart by at most a minute anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus, urlencode

from jose import jwt
from jose.exceptions import JWTError

from adapters.demo_people import DEMO_PEOPLE, DemoPerson
from portal.auth.client_auth import ASSERTION_TYPE
from portal.auth.keys import SigningKey

CODE_LIFETIME_SECONDS = 60
ID_TOKEN_LIFETIME_SECONDS = 300
AUTH_METHOD = "dev-login"
_PKCE_VALUE = re.compile(r"[A-Za-z0-9._~-]{43,128}")


@dataclass(frozen=True, slots=True)
class RegisteredClient:
    client_id: str
    redirect_uri: str
    post_logout_redirect_uri: str
    auth_method: str
    secret: str
    public_jwk: dict[str, Any]


class InvalidAuthorizationRequest(Exception):
    """Unknown client or redirect URI: shown as a page, never redirected (RFC 6749 §4.1.2.1)."""


class TokenError(Exception):
    def __init__(self, error: str, status_code: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status_code = status_code


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    client_id: str
    redirect_uri: str
    state: str
    nonce: str
    code_challenge: str
    scope: str
    issuer: str

    def redirect(self, **params: str) -> str:
        # RFC 9207: the `iss` parameter tells the client which provider answered.
        query = urlencode({**params, "state": self.state, "iss": self.issuer})
        return f"{self.redirect_uri}?{query}"

    def hidden_fields(self) -> dict[str, str]:
        return {"client_id": self.client_id, "redirect_uri": self.redirect_uri,
                "state": self.state, "nonce": self.nonce, "code_challenge": self.code_challenge,
                "code_challenge_method": "S256", "scope": self.scope, "response_type": "code"}


class AuthorizationError(Exception):
    """A valid client asked wrongly: the error goes back to its redirect URI."""

    def __init__(self, request: AuthorizationRequest, error: str) -> None:
        super().__init__(error)
        self.location = request.redirect(error=error)


@dataclass(slots=True)
class _IssuedCode:
    request: AuthorizationRequest
    personal_code: str
    expires_at: float


@dataclass
class DevProvider:
    issuer: str
    client: RegisteredClient
    key: SigningKey
    personal_code_claim: str
    clock: Callable[[], float] = time.time
    _codes: dict[str, _IssuedCode] = field(default_factory=dict)
    _used_assertions: dict[str, float] = field(default_factory=dict)

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/token"

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": self.token_endpoint,
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": [self.key.algorithm],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": [self.client.auth_method],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
            "scopes_supported": ["openid", "profile"],
            "claims_supported": ["sub", "given_name", "family_name", "name",
                                 self.personal_code_claim, "amr", "acr"],
            "authorization_response_iss_parameter_supported": True,
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.public_jwk]}

    @staticmethod
    def people() -> tuple[DemoPerson, ...]:
        return DEMO_PEOPLE

    def authorization_request(self, params: Mapping[str, str]) -> AuthorizationRequest:
        if params.get("client_id") != self.client.client_id:
            raise InvalidAuthorizationRequest("unknown client_id")
        if params.get("redirect_uri") != self.client.redirect_uri:
            raise InvalidAuthorizationRequest("redirect_uri is not registered")
        request = AuthorizationRequest(
            client_id=self.client.client_id, redirect_uri=self.client.redirect_uri,
            state=params.get("state", ""), nonce=params.get("nonce", ""),
            code_challenge=params.get("code_challenge", ""), scope=params.get("scope", ""),
            issuer=self.issuer,
        )
        if params.get("response_type") != "code":
            raise AuthorizationError(request, "unsupported_response_type")
        if "openid" not in request.scope.split():
            raise AuthorizationError(request, "invalid_scope")
        # PKCE is required, and only S256: "plain" would hand the verifier to anyone
        # who can read the authorization request.
        if (params.get("code_challenge_method") != "S256"
                or not _PKCE_VALUE.fullmatch(request.code_challenge)):
            raise AuthorizationError(request, "invalid_request")
        if not request.nonce or not request.state:
            raise AuthorizationError(request, "invalid_request")
        return request

    def issue_code(self, request: AuthorizationRequest, person: DemoPerson) -> str:
        now = self.clock()
        self._codes = {code: issued for code, issued in self._codes.items()
                       if issued.expires_at > now}
        code = secrets.token_urlsafe(32)
        self._codes[code] = _IssuedCode(request, person.personal_code,
                                        now + CODE_LIFETIME_SECONDS)
        return code

    def redeem(self, form: Mapping[str, str], authorization: str | None) -> dict[str, Any]:
        """The token endpoint: check client, code, redirect URI and PKCE; issue the ID token."""
        now = self.clock()
        self._authenticate_client(form, authorization, now)
        if form.get("grant_type") != "authorization_code":
            raise TokenError("unsupported_grant_type")
        # Popped before any other check: a code is single-use even when redeemed wrongly.
        issued = self._codes.pop(form.get("code", ""), None)
        if issued is None or issued.expires_at <= now:
            raise TokenError("invalid_grant")
        if form.get("redirect_uri") != issued.request.redirect_uri:
            raise TokenError("invalid_grant")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode("ascii", "replace")).digest()).rstrip(b"=").decode()
        if not _PKCE_VALUE.fullmatch(verifier) or not hmac.compare_digest(
                challenge, issued.request.code_challenge):
            raise TokenError("invalid_grant")
        person = next(p for p in DEMO_PEOPLE if p.personal_code == issued.personal_code)
        access_token = secrets.token_urlsafe(32)
        claims = {
            "iss": self.issuer,
            "sub": self.subject(person.personal_code),
            "aud": self.client.client_id,
            "iat": int(now),
            "exp": int(now) + ID_TOKEN_LIFETIME_SECONDS,
            "auth_time": int(now),
            "nonce": issued.request.nonce,
            "amr": [AUTH_METHOD],
            self.personal_code_claim: person.personal_code,
            "given_name": person.given_name,
            "family_name": person.family_name,
        }
        id_token = jwt.encode(claims, self.key.private_pem, algorithm=self.key.algorithm,
                              headers={"kid": self.key.kid}, access_token=access_token)
        return {"access_token": access_token, "token_type": "Bearer",
                "expires_in": ID_TOKEN_LIFETIME_SECONDS, "id_token": id_token}

    def subject(self, personal_code: str) -> str:
        # Pairwise, as national providers do: the personal code travels in its own claim.
        digest = hashlib.sha256(f"{self.client.client_id}:{personal_code}".encode()).digest()
        return base64.urlsafe_b64encode(digest[:18]).decode()

    def logout_redirect(self, params: Mapping[str, str]) -> str | None:
        target = params.get("post_logout_redirect_uri")
        if target != self.client.post_logout_redirect_uri:
            return None
        state = params.get("state")
        return f"{target}?{urlencode({'state': state})}" if state else target

    def _authenticate_client(self, form: Mapping[str, str], authorization: str | None,
                             now: float) -> None:
        if self.client.auth_method == "client_secret_basic":
            client_id, secret = _basic_credentials(authorization)
            if not (hmac.compare_digest(client_id.encode(), self.client.client_id.encode())
                    and hmac.compare_digest(secret.encode(), self.client.secret.encode())):
                raise TokenError("invalid_client", 401)
            return
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            raise TokenError("invalid_client", 401)
        try:
            claims = jwt.decode(
                form.get("client_assertion", ""), self.client.public_jwk,
                algorithms=[self.client.public_jwk["alg"]], audience=self.token_endpoint,
                issuer=self.client.client_id,
                options={"require_exp": True, "require_jti": True, "leeway": 30},
            )
        except JWTError:
            raise TokenError("invalid_client", 401) from None
        if claims.get("sub") != self.client.client_id:
            raise TokenError("invalid_client", 401)
        self._used_assertions = {jti: exp for jti, exp in self._used_assertions.items()
                                 if exp > now}
        if claims["jti"] in self._used_assertions:
            raise TokenError("invalid_client", 401)
        self._used_assertions[str(claims["jti"])] = float(claims["exp"])


def _basic_credentials(authorization: str | None) -> tuple[str, str]:
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = base64.b64decode(encoded, validate=True).decode()
    except ValueError:
        return "", ""
    client_id, _, secret = decoded.partition(":")
    return unquote_plus(client_id), unquote_plus(secret)
