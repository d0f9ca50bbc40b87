"""Private signing keys: the portal's client-assertion key, the development provider's key.

A key is kept as PEM (what python-jose signs with) next to its public JWK. The
key id is the RFC 7638 thumbprint of the public key, so the same key always has
the same `kid` on every web process without anyone having to configure one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jose import jwt


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_bytes(value: int, length: int | None = None) -> bytes:
    return value.to_bytes(length or (value.bit_length() + 7) // 8, "big")


def thumbprint(public_jwk: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 over the required members, sorted, without whitespace."""
    required = ("crv", "kty", "x", "y") if public_jwk["kty"] == "EC" else ("e", "kty", "n")
    canonical = json.dumps({name: public_jwk[name] for name in required},
                           separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


@dataclass(frozen=True, slots=True)
class SigningKey:
    private_pem: str
    algorithm: str
    public_jwk: dict[str, Any]

    @property
    def kid(self) -> str:
        return str(self.public_jwk["kid"])

    @classmethod
    def generate(cls) -> SigningKey:
        """A fresh RSA key, for the development provider and a demo without configured keys."""
        return cls.from_private_key(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @classmethod
    def from_pem_file(cls, path: Path) -> SigningKey:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise ValueError(f"{path}: only RSA and EC P-256 keys can sign client assertions")
        return cls.from_private_key(key)

    @classmethod
    def from_private_key(cls, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> SigningKey:
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
        jwk: dict[str, Any]
        if isinstance(key, rsa.RSAPrivateKey):
            numbers = key.public_key().public_numbers()
            jwk = {"kty": "RSA", "n": b64url(_int_bytes(numbers.n)),
                   "e": b64url(_int_bytes(numbers.e))}
            algorithm = "RS256"
        else:
            if not isinstance(key.curve, ec.SECP256R1):
                raise ValueError("only the P-256 curve is supported for EC keys")
            point = key.public_key().public_numbers()
            jwk = {"kty": "EC", "crv": "P-256", "x": b64url(_int_bytes(point.x, 32)),
                   "y": b64url(_int_bytes(point.y, 32))}
            algorithm = "ES256"
        jwk.update(kid=thumbprint(jwk), use="sig", alg=algorithm)
        return cls(private_pem=pem, algorithm=algorithm, public_jwk=jwk)

    def sign(self, claims: dict[str, Any], *, headers: dict[str, Any] | None = None) -> str:
        return str(jwt.encode(claims, self.private_pem, algorithm=self.algorithm,
                              headers={"kid": self.kid, **(headers or {})}))
