"""ID-token verification and the cached key set, against a provider served by MockTransport."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from portal.auth.discovery import ProviderDirectory
from portal.auth.failures import LoginFailed, Reason
from portal.auth.id_token import Expectations, parse_algorithms, verify_id_token
from portal.auth.keys import SigningKey, b64url

pytestmark = pytest.mark.anyio

ISSUER = "https://idp.example"
CLIENT_ID = "portal"
NONCE = "nonce-123"
KEY = SigningKey.generate()


class FakeProvider:
    """Discovery and JWKS over httpx.MockTransport; counts fetches and can go down."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys = list(keys)
        self.down = False
        self.jwks_fetches = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("provider down", request=request)
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(200, json={
                "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/auth",
                "token_endpoint": f"{ISSUER}/token", "jwks_uri": f"{ISSUER}/jwks"})
        if request.url.path == "/jwks":
            self.jwks_fetches += 1
            return httpx.Response(200, json={"keys": [key.public_jwk for key in self.keys]})
        return httpx.Response(404)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider(KEY)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def directory(provider: FakeProvider, clock: Clock) -> Any:
    async with httpx.AsyncClient(transport=httpx.MockTransport(provider.handle)) as http:
        yield ProviderDirectory(ISSUER, http, max_age_seconds=3600, min_refresh_seconds=60,
                                clock=clock)


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    values: dict[str, Any] = {"iss": ISSUER, "sub": "abc", "aud": CLIENT_ID, "iat": now,
                              "exp": now + 300, "nonce": NONCE, "personal_code": "325781-40219"}
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


EXPECTED = Expectations(issuer=ISSUER, client_id=CLIENT_ID, nonce=NONCE,
                        allowed_algorithms=("RS256", "ES256", "PS256"), leeway_seconds=60,
                        max_age_seconds=600)


async def verify(token: str, directory: ProviderDirectory) -> dict[str, Any]:
    return await verify_id_token(token, EXPECTED, directory, access_token=None, now=time.time())


async def refused(token: str, directory: ProviderDirectory) -> str:
    with pytest.raises(LoginFailed) as caught:
        await verify(token, directory)
    assert caught.value.reason is Reason.VERIFICATION_FAILED
    return caught.value.detail


def unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return b64url(json.dumps(value).encode())
    return f"{part(header)}.{part(payload)}."


async def test_a_good_token_gives_its_claims(directory: ProviderDirectory) -> None:
    verified = await verify(KEY.sign(claims()), directory)
    assert verified["personal_code"] == "325781-40219"


async def test_an_es256_token_is_accepted(provider: FakeProvider,
                                          directory: ProviderDirectory) -> None:
    ec_key = SigningKey.from_private_key(ec.generate_private_key(ec.SECP256R1()))
    provider.keys.append(ec_key)
    assert (await verify(ec_key.sign(claims()), directory))["sub"] == "abc"


@pytest.mark.parametrize(("changes", "detail"), [
    ({"nonce": "another"}, "nonce does not match"),
    ({"nonce": None}, "nonce does not match"),
    ({"aud": "someone-else"}, "Invalid audience"),
    ({"iss": "https://evil.example"}, "Invalid issuer"),
    ({"exp": int(time.time()) - 3600}, "expired"),
    ({"iat": int(time.time()) + 3600}, "iat is in the future"),
    ({"iat": int(time.time()) - 3600}, "iat is too old"),
    ({"aud": [CLIENT_ID, "other"]}, "azp"),
])
async def test_claims_are_checked(directory: ProviderDirectory, changes: dict[str, Any],
                                  detail: str) -> None:
    assert detail in await refused(KEY.sign(claims(**changes)), directory)


async def test_small_clock_skew_is_tolerated(directory: ProviderDirectory) -> None:
    now = int(time.time())
    token = KEY.sign(claims(exp=now - 30, iat=now + 30))
    assert (await verify(token, directory))["sub"] == "abc"


async def test_several_audiences_need_azp(directory: ProviderDirectory) -> None:
    token = KEY.sign(claims(aud=[CLIENT_ID, "other"], azp=CLIENT_ID))
    assert (await verify(token, directory))["sub"] == "abc"


async def test_alg_none_is_refused(directory: ProviderDirectory) -> None:
    token = unsigned({"alg": "none", "kid": KEY.kid}, claims())
    assert "algorithm not allowed" in await refused(token, directory)


async def test_hs256_signed_with_the_public_key_is_refused(directory: ProviderDirectory) -> None:
    # The classic key-confusion attack: the public key (known to all) used as an HMAC secret.
    header = b64url(json.dumps({"alg": "HS256", "kid": KEY.kid}).encode())
    payload = b64url(json.dumps(claims()).encode())
    secret = json.dumps(KEY.public_jwk).encode()
    signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    token = f"{header}.{payload}.{b64url(signature)}"
    assert "algorithm not allowed" in await refused(token, directory)


async def test_a_forged_signature_is_refused(directory: ProviderDirectory) -> None:
    impostor = SigningKey(SigningKey.generate().private_pem, "RS256", KEY.public_jwk)
    assert "signature" in await refused(impostor.sign(claims()), directory)


async def test_a_tampered_payload_is_refused(directory: ProviderDirectory) -> None:
    header, _payload, signature = KEY.sign(claims()).split(".")
    forged = base64.urlsafe_b64encode(json.dumps(claims(sub="someone")).encode()).decode()
    assert "signature" in await refused(f"{header}.{forged.rstrip('=')}.{signature}", directory)


async def test_an_unknown_kid_triggers_one_rate_limited_refresh(
        provider: FakeProvider, directory: ProviderDirectory, clock: Clock) -> None:
    await verify(KEY.sign(claims()), directory)
    assert provider.jwks_fetches == 1

    rotated = SigningKey.generate()
    provider.keys = [rotated]
    clock.now += 61
    assert (await verify(rotated.sign(claims()), directory))["sub"] == "abc"
    assert provider.jwks_fetches == 2

    # Made-up key ids right after a refresh do not make us fetch again.
    stranger = SigningKey.generate()
    for _ in range(3):
        assert "no provider key" in await refused(stranger.sign(claims()), directory)
    assert provider.jwks_fetches == 2
    clock.now += 61
    await refused(stranger.sign(claims()), directory)
    assert provider.jwks_fetches == 3


async def test_cached_keys_keep_working_while_the_provider_is_down(
        provider: FakeProvider, directory: ProviderDirectory, clock: Clock) -> None:
    await verify(KEY.sign(claims()), directory)
    provider.down = True
    clock.now += 7200  # both the document and the keys are due for a refresh
    assert (await verify(KEY.sign(claims()), directory))["sub"] == "abc"


async def test_without_cached_keys_an_unreachable_provider_is_reported(
        provider: FakeProvider, directory: ProviderDirectory) -> None:
    provider.down = True
    with pytest.raises(LoginFailed) as caught:
        await verify(KEY.sign(claims()), directory)
    assert caught.value.reason is Reason.UNREACHABLE


async def test_a_discovery_document_for_another_issuer_is_refused(clock: Clock) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"issuer": "https://evil.example"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as http:
        directory = ProviderDirectory(ISSUER, http, max_age_seconds=60, min_refresh_seconds=60,
                                      clock=clock)
        with pytest.raises(LoginFailed) as caught:
            await directory.metadata()
    assert caught.value.reason is Reason.UNREACHABLE


@pytest.mark.parametrize("setting", ["RS256,none", "HS256", "RS256, HS512", "", "NONE"])
def test_symmetric_or_no_algorithms_cannot_be_allowed(setting: str) -> None:
    with pytest.raises(ValueError, match="asymmetric"):
        parse_algorithms(setting)


def test_the_default_algorithms_are_allowed() -> None:
    assert parse_algorithms("RS256,ES256,PS256") == ("RS256", "ES256", "PS256")


async def test_an_https_issuer_may_not_send_tokens_over_plain_http(clock: Clock) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={
            "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/auth",
            "token_endpoint": "http://idp.example/token", "jwks_uri": f"{ISSUER}/jwks"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as http:
        directory = ProviderDirectory(ISSUER, http, max_age_seconds=60, min_refresh_seconds=60,
                                      clock=clock)
        with pytest.raises(LoginFailed, match="token_endpoint"):
            await directory.metadata()
