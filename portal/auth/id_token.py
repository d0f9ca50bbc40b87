"""Verifying the ID token: only then do we believe who the person is.

The algorithm is checked against our allow-list *before* a key is chosen, so a
token with `alg: none`, or HS256 "signed" with the provider's public key, is
refused however the key set looks. python-jose then checks the signature and
`exp`, `iss`, `aud`, `at_hash`; we add what it leaves out: `iat` not in the
future and not too old, `azp` when there are several audiences, and `nonce`.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from jose import jwt
from jose.exceptions import ExpiredSignatureError, JWTClaimsError, JWTError

from portal.auth.discovery import ProviderDirectory
from portal.auth.failures import LoginFailed, Reason

# Never acceptable for an ID token from a national provider, whatever the settings say.
FORBIDDEN_ALGORITHMS = frozenset({"none", "HS256", "HS384", "HS512"})


def parse_algorithms(setting: str) -> tuple[str, ...]:
    algorithms = tuple(part.strip() for part in setting.split(",") if part.strip())
    refused = [alg for alg in algorithms if alg in FORBIDDEN_ALGORITHMS or alg.lower() == "none"]
    if refused or not algorithms:
        raise ValueError(
            "PORTAL_OIDC_ALLOWED_ALGORITHMS must list asymmetric algorithms "
            f"(RS256, PS256, ES256, ...); refused: {', '.join(refused) or '(empty)'}"
        )
    return algorithms


@dataclass(frozen=True, slots=True)
class Expectations:
    issuer: str
    client_id: str
    nonce: str
    allowed_algorithms: Collection[str]
    leeway_seconds: int
    max_age_seconds: int
    """How long after its issue an ID token is still accepted (plus leeway)."""


async def verify_id_token(token: str, expected: Expectations, directory: ProviderDirectory, *,
                          access_token: str | None, now: float) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except JWTError:
        raise LoginFailed(Reason.VERIFICATION_FAILED, "ID token is not a JWS") from None
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in expected.allowed_algorithms:
        raise LoginFailed(Reason.VERIFICATION_FAILED,
                          f"algorithm not allowed: {str(algorithm)[:10]}")
    kid = header.get("kid")
    key = await directory.signing_key(kid if isinstance(kid, str) else None, algorithm)
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=[algorithm], audience=expected.client_id,
            issuer=expected.issuer, access_token=access_token,
            options={"leeway": expected.leeway_seconds, "require_exp": True,
                     "require_iat": True, "require_aud": True, "require_iss": True,
                     "require_sub": True},
        )
    except ExpiredSignatureError:
        raise LoginFailed(Reason.VERIFICATION_FAILED, "ID token has expired") from None
    except JWTClaimsError as error:
        # python-jose's claim messages are fixed texts ("Invalid audience"), safe to log.
        raise LoginFailed(Reason.VERIFICATION_FAILED, f"claims: {error}") from None
    except JWTError as error:
        detail = f"signature: {type(error).__name__}"
        raise LoginFailed(Reason.VERIFICATION_FAILED, detail) from None

    issued_at = claims["iat"]
    if issued_at > now + expected.leeway_seconds:
        raise LoginFailed(Reason.VERIFICATION_FAILED, "iat is in the future")
    if issued_at < now - expected.max_age_seconds - expected.leeway_seconds:
        raise LoginFailed(Reason.VERIFICATION_FAILED, "iat is too old")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != expected.client_id:
        raise LoginFailed(Reason.VERIFICATION_FAILED, "azp is not our client id")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce.encode(),
                                                              expected.nonce.encode()):
        raise LoginFailed(Reason.VERIFICATION_FAILED, "nonce does not match")
    return claims
