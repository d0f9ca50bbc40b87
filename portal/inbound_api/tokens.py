"""Bearer tokens of the inbound API: how a back office signs them, how the portal checks them.

A back office holds one private key; the portal holds its public key under the
back office's name. Each request carries a fresh, short-lived JWT:

    header  {"alg": "RS256" | "ES256", "typ": "JWT"}
    claims  {"iss": "<back-office name>", "aud": "<the portal's API audience>",
             "iat": <now>, "exp": <now + at most 300 s>, "jti": "<random, unique>"}

Only asymmetric algorithms are accepted, and each key is bound to the one
algorithm its type allows, so neither `alg: none` nor the classic trick of an
HS256 token "signed" with the public key can pass. The algorithm is taken from
the key rather than from a setting, so a back office cannot be misconfigured
into a weaker one.

Signing needs only python-jose and cryptography, so a back office (or
`adapters/fake_backoffice`) can import `sign_request_token` without the portal:

    token = sign_request_token(private_pem, issuer="vdi", audience=audience)
    httpx.post(url, json=..., headers={"authorization": f"Bearer {token}"})
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jose import jws, jwt
from jose.exceptions import JOSEError

ALGORITHMS = ("RS256", "ES256")
MAX_LIFETIME_SECONDS = 300
DEFAULT_LIFETIME_SECONDS = 60
MAX_JTI_LENGTH = 200
_MIN_RSA_BITS = 2048


def _algorithm_of(key: object) -> str:
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        if key.key_size < _MIN_RSA_BITS:
            raise ValueError(f"RSA keys must have at least {_MIN_RSA_BITS} bits")
        return "RS256"
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        if not isinstance(key.curve, ec.SECP256R1):
            raise ValueError("EC keys must be on the P-256 curve (ES256)")
        return "ES256"
    raise ValueError("only RSA (RS256) and EC P-256 (ES256) keys are accepted")


def _pem_bytes(pem: str | bytes) -> bytes:
    return pem.encode("ascii") if isinstance(pem, str) else pem


def sign_request_token(
    private_key_pem: str | bytes,
    issuer: str,
    audience: str,
    *,
    lifetime_seconds: int = DEFAULT_LIFETIME_SECONDS,
    now: datetime | None = None,
    jti: str | None = None,
) -> str:
    """A bearer token for one request of back office `issuer` to the portal at `audience`.

    Make a new token for every request: the portal refuses a `jti` it has seen.
    `now` and `jti` are parameters for tests; leave them out otherwise.
    """
    try:
        key = serialization.load_pem_private_key(_pem_bytes(private_key_pem), password=None)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not an unencrypted PEM private key: {error}") from None
    algorithm = _algorithm_of(key)
    if not 0 < lifetime_seconds <= MAX_LIFETIME_SECONDS:
        raise ValueError(f"lifetime must be between 1 and {MAX_LIFETIME_SECONDS} seconds")
    issued = now or datetime.now(UTC)
    claims = {
        "iss": issuer,
        "aud": audience,
        "iat": int(issued.timestamp()),
        "exp": int(issued.timestamp()) + lifetime_seconds,
        "jti": jti or secrets.token_urlsafe(24),
    }
    pem = private_key_pem.decode("ascii") if isinstance(private_key_pem, bytes) else private_key_pem
    token: str = jwt.encode(claims, pem, algorithm=algorithm)
    return token


def generate_key_pair(algorithm: str = "ES256") -> tuple[str, str]:
    """A fresh (private PEM, public PEM) pair, for the demo and the tests."""
    private: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    if algorithm == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
    elif algorithm == "RS256":
        private = rsa.generate_private_key(public_exponent=65537, key_size=_MIN_RSA_BITS)
    else:
        raise ValueError(f"unsupported algorithm {algorithm!r}")
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem.decode("ascii"), public_pem.decode("ascii")


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A back office's verification key and the one algorithm it may sign with."""

    pem: str
    algorithm: str

    @classmethod
    def from_pem(cls, pem: str | bytes) -> PublicKey:
        try:
            key = serialization.load_pem_public_key(_pem_bytes(pem))
        except (ValueError, TypeError) as error:
            raise ValueError(f"not a PEM public key: {error}") from None
        text = pem.decode("ascii") if isinstance(pem, bytes) else pem
        return cls(pem=text, algorithm=_algorithm_of(key))


class TokenRefused(Exception):
    """The token does not authenticate the request. The message is for logs only:
    it names the check that failed, never the token."""


@dataclass(frozen=True, slots=True)
class VerifiedToken:
    issuer: str
    jti: str
    expires_at: datetime


def verify_request_token(
    token: str,
    keys: Mapping[str, PublicKey],
    *,
    audience: str,
    now: datetime,
    max_lifetime_seconds: int = MAX_LIFETIME_SECONDS,
    leeway_seconds: int = 30,
) -> VerifiedToken:
    """Check signature and claims; raise `TokenRefused` otherwise.

    Replay (a `jti` seen before) is checked by the caller, which owns the store.
    """
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.get_unverified_claims(token)
    except JOSEError:
        raise TokenRefused("not a JWT") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise TokenRefused(f"algorithm {str(algorithm)[:20]!r} not accepted")
    issuer = unverified.get("iss")
    if not isinstance(issuer, str) or issuer not in keys:
        raise TokenRefused("unknown issuer")
    key = keys[issuer]
    if algorithm != key.algorithm:
        raise TokenRefused("algorithm does not match the issuer's key")
    try:
        payload = jws.verify(token, key.pem, algorithms=[key.algorithm])
    except JOSEError:
        raise TokenRefused("bad signature") from None
    claims: Any = json.loads(payload)
    if not isinstance(claims, dict):
        raise TokenRefused("claims are not an object")
    return _check_claims(claims, issuer, audience, now, max_lifetime_seconds, leeway_seconds)


def _check_claims(
    claims: dict[str, Any],
    issuer: str,
    audience: str,
    now: datetime,
    max_lifetime: int,
    leeway: int,
) -> VerifiedToken:
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud
    if not isinstance(audiences, list) or audience not in audiences:
        raise TokenRefused("wrong audience")
    issued_at, expires = claims.get("iat"), claims.get("exp")
    # bool is an int in Python; a JSON `true` is not a time.
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (issued_at, expires)):
        raise TokenRefused("iat and exp must be whole seconds")
    assert isinstance(issued_at, int) and isinstance(expires, int)
    moment = int(now.timestamp())
    if expires <= moment - leeway:
        raise TokenRefused("expired")
    if issued_at > moment + leeway:
        raise TokenRefused("issued in the future")
    if not 0 < expires - issued_at <= max_lifetime:
        raise TokenRefused("lifetime longer than allowed")
    not_before = claims.get("nbf")
    if isinstance(not_before, int) and not_before > moment + leeway:
        raise TokenRefused("not yet valid")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not 0 < len(jti) <= MAX_JTI_LENGTH:
        raise TokenRefused("jti missing or too long")
    return VerifiedToken(issuer=issuer, jti=jti, expires_at=datetime.fromtimestamp(expires, UTC))
