"""The provider's discovery document and key set, fetched with httpx and cached.

Both are cached per web process. A cached copy keeps serving while the provider
cannot be reached: a national login that is down for a minute should not also
make the portal unable to check the tokens it already receives. An ID token
signed with a key we do not know triggers one refresh of the key set (the
provider may have rotated its keys), at most once per `min_refresh_seconds`, so
tokens with made-up key ids cannot make us hammer the provider.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from portal.auth.failures import LoginFailed, Reason

logger = logging.getLogger(__name__)

# Key types that can carry each family of allowed algorithms.
KEY_TYPE_FOR_ALGORITHM = {"RS": "RSA", "PS": "RSA", "ES": "EC"}


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None

    @classmethod
    def from_document(cls, document: Any, expected_issuer: str) -> ProviderMetadata:
        if not isinstance(document, dict):
            raise LoginFailed(Reason.UNREACHABLE, "discovery document is not a JSON object")
        # OpenID Connect Discovery 1.0, §4.3: the issuer must be exactly the one asked for.
        if document.get("issuer") != expected_issuer:
            raise LoginFailed(Reason.UNREACHABLE, "discovery document names another issuer")
        # An issuer served over HTTPS must not send tokens or keys over plain HTTP.
        schemes: tuple[str, ...] = ("https://",)
        if not expected_issuer.startswith("https://"):
            schemes += ("http://",)  # the development provider, tests on loopback
        values: dict[str, str] = {}
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            value = document.get(name)
            if not isinstance(value, str) or not value.startswith(schemes):
                raise LoginFailed(Reason.UNREACHABLE, f"discovery document lacks {name}")
            values[name] = value
        end_session = document.get("end_session_endpoint")
        if isinstance(end_session, str) and not end_session.startswith(schemes):
            end_session = None
        return cls(issuer=expected_issuer,
                   end_session_endpoint=end_session if isinstance(end_session, str) else None,
                   **values)


def key_matches(jwk: dict[str, Any], kid: str | None, algorithm: str) -> bool:
    if jwk.get("use", "sig") != "sig":
        return False
    if jwk.get("alg") not in (None, algorithm):
        return False
    if jwk.get("kty") != KEY_TYPE_FOR_ALGORITHM.get(algorithm[:2]):
        return False
    return kid is None or jwk.get("kid") == kid


class ProviderDirectory:
    def __init__(self, issuer: str, http_client: httpx.AsyncClient, *,
                 max_age_seconds: int, min_refresh_seconds: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.issuer = issuer
        self.http_client = http_client
        self.max_age_seconds = max_age_seconds
        self.min_refresh_seconds = min_refresh_seconds
        self.clock = clock
        self._metadata: ProviderMetadata | None = None
        self._metadata_fetched_at = 0.0
        self._metadata_attempted_at = 0.0
        self._keys: list[dict[str, Any]] | None = None
        self._keys_fetched_at = 0.0
        self._keys_attempted_at: float | None = None
        # One fetch at a time: a burst of logins after a restart makes one request.
        self._lock = anyio.Lock()

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    async def metadata(self) -> ProviderMetadata:
        async with self._lock:
            now = self.clock()
            if self._metadata and (
                now - self._metadata_fetched_at < self.max_age_seconds
                or now - self._metadata_attempted_at < self.min_refresh_seconds
            ):
                return self._metadata
            self._metadata_attempted_at = now
            try:
                document = await self._get_json(self.discovery_url)
                self._metadata = ProviderMetadata.from_document(document, self.issuer)
                self._metadata_fetched_at = self.clock()
            except LoginFailed:
                if self._metadata is None:
                    raise
                logger.warning("login: discovery refresh failed; using the cached document")
            return self._metadata

    def cached_metadata(self) -> ProviderMetadata | None:
        return self._metadata

    async def signing_key(self, kid: str | None, algorithm: str) -> dict[str, Any]:
        """The provider's public key for a token header, refreshing the key set if needed."""
        metadata = await self.metadata()
        async with self._lock:
            stale = self.clock() - self._keys_fetched_at >= self.max_age_seconds
            if self._keys is None or (stale and self._may_refresh()):
                await self._refresh_keys(metadata, keep_cached=True)
            found = self._find(kid, algorithm)
            if found is None and self._may_refresh():
                logger.info("login: token signed with an unknown key; refreshing the key set")
                await self._refresh_keys(metadata, keep_cached=False)
                found = self._find(kid, algorithm)
        if found is None:
            raise LoginFailed(Reason.VERIFICATION_FAILED,
                              "no provider key for the token's kid and alg")
        return found

    def _may_refresh(self) -> bool:
        attempted = self._keys_attempted_at
        return attempted is None or self.clock() - attempted >= self.min_refresh_seconds

    def _find(self, kid: str | None, algorithm: str) -> dict[str, Any] | None:
        candidates = [jwk for jwk in self._keys or [] if key_matches(jwk, kid, algorithm)]
        # Without a kid the key must be unambiguous (OpenID Connect Core, §10.1).
        if len(candidates) == 1 or (kid is not None and candidates):
            return candidates[0]
        return None

    async def _refresh_keys(self, metadata: ProviderMetadata, *, keep_cached: bool) -> None:
        self._keys_attempted_at = self.clock()
        try:
            document = await self._get_json(metadata.jwks_uri)
        except LoginFailed:
            if self._keys is None or not keep_cached:
                raise
            logger.warning("login: key set refresh failed; using the cached keys")
            return
        keys = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(keys, list):
            if self._keys is not None:
                return
            raise LoginFailed(Reason.UNREACHABLE, "key set has no 'keys' list")
        self._keys = [key for key in keys if isinstance(key, dict)]
        self._keys_fetched_at = self.clock()

    async def _get_json(self, url: str) -> Any:
        try:
            response = await self.http_client.get(url, headers={"accept": "application/json"})
        except httpx.HTTPError as error:
            detail = f"{type(error).__name__} fetching {url}"
            raise LoginFailed(Reason.UNREACHABLE, detail) from None
        if response.status_code != 200:
            raise LoginFailed(Reason.UNREACHABLE, f"HTTP {response.status_code} from {url}")
        try:
            return response.json()
        except ValueError:
            raise LoginFailed(Reason.UNREACHABLE, f"invalid JSON from {url}") from None
