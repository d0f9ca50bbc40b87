"""How the portal proves to the provider's token endpoint that it is the registered client.

`private_key_jwt` (OpenID Connect Core §9) sends a short-lived assertion signed
with our private key, so no shared secret exists to leak; `client_secret_basic`
is there for providers that only offer a secret. A setting picks one.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote_plus

from portal.auth.keys import SigningKey

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME_SECONDS = 60


class ClientAuthentication(Protocol):
    @property
    def client_id(self) -> str: ...

    def credentials(self, token_endpoint: str, *, now: float) -> tuple[dict[str, str],
                                                                          dict[str, str]]:
        """Headers and form fields to add to a token request."""
        ...


@dataclass(frozen=True, slots=True)
class PrivateKeyJwt:
    client_id: str
    key: SigningKey

    def credentials(self, token_endpoint: str, *, now: float) -> tuple[dict[str, str],
                                                                          dict[str, str]]:
        assertion = self.key.sign({
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": token_endpoint,
            "jti": secrets.token_urlsafe(24),
            "iat": int(now),
            "exp": int(now) + ASSERTION_LIFETIME_SECONDS,
        })
        return {}, {"client_id": self.client_id, "client_assertion_type": ASSERTION_TYPE,
                    "client_assertion": assertion}


@dataclass(frozen=True, slots=True)
class ClientSecretBasic:
    client_id: str
    secret: str

    def credentials(self, token_endpoint: str, *, now: float) -> tuple[dict[str, str],
                                                                          dict[str, str]]:
        # RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
        pair = f"{quote_plus(self.client_id)}:{quote_plus(self.secret)}"
        encoded = base64.b64encode(pair.encode()).decode("ascii")
        return {"authorization": f"Basic {encoded}"}, {}
