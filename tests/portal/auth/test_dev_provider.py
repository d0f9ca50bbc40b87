"""The development provider on its own: what its authorize and token endpoints refuse."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from jose import jwt

from adapters.demo_people import DEMO_PEOPLE, ILZE_KALNINA
from portal.auth.client_auth import ClientSecretBasic, PrivateKeyJwt
from portal.auth.dev_provider import (
    AuthorizationError,
    DevProvider,
    InvalidAuthorizationRequest,
    RegisteredClient,
    TokenError,
)
from portal.auth.keys import SigningKey
from tests.portal.auth.browser import AUTHORIZE_PATH, post_form, submit

pytestmark = pytest.mark.anyio

ISSUER = "http://portal.test/dev-idp"
REDIRECT_URI = "http://portal.test/login/callback"
VERIFIER = "v" * 43
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(
    b"=").decode()
CLIENT_KEY = SigningKey.generate()


def provider(auth_method: str = "private_key_jwt") -> DevProvider:
    client = RegisteredClient(client_id="portal", redirect_uri=REDIRECT_URI,
                              post_logout_redirect_uri="http://portal.test/signed-out",
                              auth_method=auth_method, secret="s3cret",
                              public_jwk=CLIENT_KEY.public_jwk)
    return DevProvider(issuer=ISSUER, client=client, key=SigningKey.generate(),
                       personal_code_claim="personal_code")


def authorization_params(**changes: str) -> dict[str, str]:
    params = {"client_id": "portal", "redirect_uri": REDIRECT_URI, "response_type": "code",
              "scope": "openid profile", "state": "st", "nonce": "no",
              "code_challenge": CHALLENGE, "code_challenge_method": "S256"}
    params.update(changes)
    return params


def code_for(dev: DevProvider) -> str:
    return dev.issue_code(dev.authorization_request(authorization_params()), ILZE_KALNINA)


def token_form(dev: DevProvider, issued_code: str, **changes: str) -> dict[str, str]:
    _, fields = PrivateKeyJwt("portal", CLIENT_KEY).credentials(dev.token_endpoint, now=dev.clock())
    form = {"grant_type": "authorization_code", "code": issued_code, "redirect_uri": REDIRECT_URI,
            "code_verifier": VERIFIER, **fields}
    form.update(changes)
    return form


def error_of(dev: DevProvider, form: dict[str, str], authorization: str | None = None) -> str:
    with pytest.raises(TokenError) as caught:
        dev.redeem(form, authorization)
    return caught.value.error


def test_a_code_gives_a_signed_id_token_once() -> None:
    dev = provider()
    code = code_for(dev)
    body = dev.redeem(token_form(dev, code), None)
    claims = jwt.decode(body["id_token"], dev.key.public_jwk, algorithms=["RS256"],
                        audience="portal", issuer=ISSUER, access_token=body["access_token"])
    assert claims["personal_code"] == ILZE_KALNINA.personal_code
    assert claims["nonce"] == "no"
    assert claims["sub"] != ILZE_KALNINA.personal_code  # pairwise, not the code itself
    assert error_of(dev, token_form(dev, code)) == "invalid_grant"


@pytest.mark.parametrize("changes", [
    {"code_verifier": "w" * 43},
    {"code_verifier": ""},
    {"redirect_uri": "http://evil.example/callback"},
    {"code": "made-up"},
])
def test_a_wrong_verifier_redirect_uri_or_code_is_refused(changes: dict[str, str]) -> None:
    dev = provider()
    assert error_of(dev, token_form(dev, code_for(dev), **changes)) == "invalid_grant"


def test_a_code_is_short_lived() -> None:
    dev = provider()
    code = code_for(dev)
    start = dev.clock()
    dev.clock = lambda: start + 61
    assert error_of(dev, token_form(dev, code)) == "invalid_grant"


def test_a_failed_attempt_uses_up_the_code() -> None:
    dev = provider()
    code = code_for(dev)
    assert error_of(dev, token_form(dev, code, code_verifier="w" * 43)) == "invalid_grant"
    assert error_of(dev, token_form(dev, code)) == "invalid_grant"


def test_client_assertions_are_checked_and_single_use() -> None:
    dev = provider()
    form = token_form(dev, code_for(dev))
    dev.redeem(form, None)
    replay = dict(form, code=code_for(dev))
    assert error_of(dev, replay) == "invalid_client"

    other_key = SigningKey.generate()
    _, fields = PrivateKeyJwt("portal", other_key).credentials(dev.token_endpoint, now=dev.clock())
    assert error_of(dev, token_form(dev, code_for(dev), **fields)) == "invalid_client"

    _, fields = PrivateKeyJwt("portal", CLIENT_KEY).credentials("http://elsewhere/token",
                                                                 now=dev.clock())
    assert error_of(dev, token_form(dev, code_for(dev), **fields)) == "invalid_client"
    assert error_of(dev, token_form(dev, code_for(dev), client_assertion="")) == "invalid_client"


def test_client_secret_basic_is_checked() -> None:
    dev = provider("client_secret_basic")
    form = {"grant_type": "authorization_code", "code": code_for(dev),
            "redirect_uri": REDIRECT_URI, "code_verifier": VERIFIER}
    wrong, _ = ClientSecretBasic("portal", "guess").credentials(dev.token_endpoint, now=0)
    assert error_of(dev, form, wrong["authorization"]) == "invalid_client"
    assert error_of(dev, form, None) == "invalid_client"
    right, _ = ClientSecretBasic("portal", "s3cret").credentials(dev.token_endpoint, now=0)
    assert "id_token" in dev.redeem(form, right["authorization"])


@pytest.mark.parametrize("changes", [
    {"client_id": "someone-else"},
    {"redirect_uri": "http://evil.example/callback"},
])
def test_an_unknown_client_or_redirect_uri_is_never_redirected_to(
        changes: dict[str, str]) -> None:
    with pytest.raises(InvalidAuthorizationRequest):
        provider().authorization_request(authorization_params(**changes))


@pytest.mark.parametrize(("changes", "error"), [
    ({"code_challenge_method": "plain"}, "invalid_request"),
    ({"code_challenge": ""}, "invalid_request"),
    ({"nonce": ""}, "invalid_request"),
    ({"scope": "profile"}, "invalid_scope"),
    ({"response_type": "token"}, "unsupported_response_type"),
])
def test_a_request_without_pkce_or_nonce_is_sent_back(changes: dict[str, str],
                                                      error: str) -> None:
    with pytest.raises(AuthorizationError) as caught:
        provider().authorization_request(authorization_params(**changes))
    query = parse_qs(urlsplit(caught.value.location).query)
    assert query["error"] == [error]
    assert query["state"] == ["st"]


async def test_the_discovery_document_and_keys_are_served(client: httpx.AsyncClient) -> None:
    discovery = (await client.get("/dev-idp/.well-known/openid-configuration")).json()
    assert discovery["issuer"] == "http://testserver/dev-idp"
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    keys = (await client.get(discovery["jwks_uri"])).json()["keys"]
    assert [key["kty"] for key in keys] == ["RSA"]
    assert all("d" not in key for key in keys)  # never the private part


async def test_the_token_endpoint_answers_in_json_without_a_csrf_token(
        client: httpx.AsyncClient) -> None:
    answer = await client.post("/dev-idp/token", data={"grant_type": "authorization_code"})
    assert answer.status_code == 401
    assert answer.json() == {"error": "invalid_client"}
    assert answer.headers["cache-control"] == "no-store"


async def test_the_authorize_page_lists_every_demo_person_and_asks_again_without_a_choice(
        client: httpx.AsyncClient) -> None:
    started = await client.get("/login")
    page = await client.get(started.headers["location"])
    assert "Development sign-in" in page.text
    for person in DEMO_PEOPLE:
        assert person.full_name in page.text
    again = await submit(client, page, post_form(page, AUTHORIZE_PATH))
    assert again.status_code == 400
    assert "Choose who to sign in as" in again.text
    assert 'href="#person-0"' in again.text  # the error summary links to the first radio


async def test_an_unregistered_redirect_uri_gets_a_page_not_a_redirect(
        client: httpx.AsyncClient) -> None:
    answer = await client.get("/dev-idp/authorize", params=authorization_params(
        client_id="portal", redirect_uri="http://evil.example/callback"))
    assert answer.status_code == 400
    assert "location" not in answer.headers


async def test_end_session_returns_only_to_the_registered_address(
        client: httpx.AsyncClient) -> None:
    known = await client.get("/dev-idp/logout",
                             params={"post_logout_redirect_uri": "http://testserver/signed-out"})
    assert known.status_code == 303
    assert known.headers["location"] == "http://testserver/signed-out"
    unknown = await client.get("/dev-idp/logout",
                               params={"post_logout_redirect_uri": "http://evil.example/"})
    assert unknown.status_code == 200
    assert "Signed out of the development sign-in" in unknown.text

