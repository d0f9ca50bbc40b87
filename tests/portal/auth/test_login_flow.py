"""The whole login over ASGI: the portal's relying party and its development provider."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.demo_people import ANDRIS_LIEPA, JANIS_OZOLS, DemoPerson
from portal.audit.models import AuditEvent
from portal.auth.dev_provider import DevProvider
from portal.auth.keys import SigningKey
from portal.database import utcnow
from portal.web_sessions import WebSessionStore
from tests.portal.auth.browser import (
    AUTHORIZE_PATH,
    choose_person,
    dev_login,
    follow,
    forms,
    open_dev_provider,
    post_form,
    submit,
)

pytestmark = pytest.mark.anyio

SESSION_COOKIE = "portal-session"
CSRF_COOKIE = "portal-csrf"


async def audit_trail(app: Starlette) -> list[tuple[str, str, str]]:
    async with app.state.sessionmaker() as db:
        events = await db.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.action, e.actor_personal_code, e.subject_kind) for e in events]


async def stored_session(app: Starlette, client: httpx.AsyncClient) -> dict[str, Any]:
    store: WebSessionStore = app.state.web_sessions
    token = client.cookies.get(SESSION_COOKIE)
    return dict(await store.load(token, utcnow())) if token else {}


def dev_provider(app: Starlette) -> DevProvider:
    provider = app.state.login.dev_provider
    assert isinstance(provider, DevProvider)
    return provider


@pytest.mark.parametrize("settings_changes", [
    {"oidc_client_auth": "private_key_jwt"},
    {"oidc_client_auth": "client_secret_basic"},
], ids=["private_key_jwt", "client_secret_basic"])
async def test_a_demo_person_signs_in_and_returns_where_they_were(
        app: Starlette, client: httpx.AsyncClient, demo_person: DemoPerson) -> None:
    page = await open_dev_provider(client, "/accessibility")
    cookies_before = (client.cookies.get(SESSION_COOKIE), client.cookies.get(CSRF_COOKIE))
    answer = await choose_person(client, page, demo_person.personal_code)

    assert answer.status_code == 303
    assert answer.headers["location"] == "/accessibility"
    # Session fixation and planted CSRF cookies are defeated by new values at login.
    assert client.cookies.get(SESSION_COOKIE) not in (None, cookies_before[0])
    assert client.cookies.get(CSRF_COOKIE) not in (None, cookies_before[1])
    session = await stored_session(app, client)
    assert session["person"] == {
        "personal_code": demo_person.personal_code,
        "given_name": demo_person.given_name,
        "family_name": demo_person.family_name,
        "name": demo_person.full_name,
        "auth_method": "dev-login",
    }
    assert "login_pending" not in session
    assert await audit_trail(app) == [("login", demo_person.personal_code, "self")]
    home = await client.get("/")
    assert f"Signed in as {demo_person.full_name}" in home.text
    assert 'href="/logout"' in home.text


@pytest.mark.parametrize(("language", "description"), [
    ("lv", "Annas Bērziņas aizgādnis; vecā formāta personas kods"),
    ("en", "Guardian of Anna Bērziņa; old-format personal code"),
])
async def test_the_demo_people_are_described_in_the_pages_language(
        client: httpx.AsyncClient, language: str, description: str) -> None:
    client.headers["accept-language"] = language
    page = await open_dev_provider(client)
    assert f"{JANIS_OZOLS.full_name} ({JANIS_OZOLS.personal_code}) – {description}" in page.text


async def test_only_a_local_path_is_returned_to(client: httpx.AsyncClient) -> None:
    answer = await dev_login(client, ANDRIS_LIEPA.personal_code, "https://evil.example/")
    assert answer.headers["location"] == "/"


async def test_two_logins_started_in_parallel_can_both_finish(client: httpx.AsyncClient,
                                                              demo_person: DemoPerson) -> None:
    callbacks = []
    for next_path in ("/privacy", "/accessibility"):
        page = await open_dev_provider(client, next_path)
        answer = await submit(client, page, post_form(page, AUTHORIZE_PATH),
                              person=demo_person.personal_code)
        callbacks.append(answer.headers["location"])
    # Finished in the other order, as with two browser tabs.
    assert (await client.get(callbacks[1])).headers["location"] == "/accessibility"
    assert (await client.get(callbacks[0])).headers["location"] == "/privacy"


async def test_cancelling_at_the_provider_is_explained(client: httpx.AsyncClient) -> None:
    page = await open_dev_provider(client, "/privacy")
    form = post_form(page, AUTHORIZE_PATH)
    answer = await submit(client, page, form, action="cancel")
    assert "error=access_denied" in answer.headers["location"]
    explained = await client.get(answer.headers["location"])
    assert explained.status_code == 400
    assert "You cancelled signing in" in explained.text
    assert 'href="/login?next=%2Fprivacy"' in explained.text  # try again, back to the same page
    assert 'href="/"' in explained.text
    assert "Signed in as" not in (await client.get("/")).text


async def test_an_error_from_the_provider_is_explained_and_logged_without_personal_data(
        client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    page = await open_dev_provider(client)
    state = post_form(page, AUTHORIZE_PATH).fields["state"]
    explained = await client.get("/login/callback", params={
        "error": "Ilze 325781-40219", "error_description": "Ilze 325781-40219", "state": state})
    assert explained.status_code == 502
    assert "The national login could not sign you in" in explained.text
    assert "login failed: provider_error" in caplog.text
    assert "325781" not in caplog.text
    assert state not in caplog.text


async def test_a_tampered_state_is_refused(client: httpx.AsyncClient,
                                           demo_person: DemoPerson) -> None:
    page = await open_dev_provider(client)
    state = post_form(page, AUTHORIZE_PATH).fields["state"]
    explained = await choose_person(client, page, demo_person.personal_code,
                                    state=state[:-2] + "xx")
    assert explained.status_code == 400
    assert "Your sign-in has expired" in explained.text
    assert "Signed in as" not in explained.text


async def test_an_expired_login_is_refused(app: Starlette, client: httpx.AsyncClient,
                                           demo_person: DemoPerson) -> None:
    page = await open_dev_provider(client)
    relying_party = app.state.login.relying_party
    real_clock = relying_party.clock
    relying_party.clock = lambda: real_clock() + 11 * 60
    explained = await choose_person(client, page, demo_person.personal_code)
    assert explained.status_code == 400
    assert "Your sign-in has expired" in explained.text


async def test_a_callback_replayed_or_with_a_used_code_is_refused(
        client: httpx.AsyncClient, demo_person: DemoPerson) -> None:
    page = await open_dev_provider(client)
    answer = await submit(client, page, post_form(page, AUTHORIZE_PATH),
                          person=demo_person.personal_code)
    callback = answer.headers["location"]
    assert (await client.get(callback)).status_code == 303

    replayed = await client.get(callback)
    assert replayed.status_code == 400
    assert "Your sign-in has expired" in replayed.text

    # A fresh state with the already redeemed code: the provider refuses the code.
    await client.post("/logout", data={"csrf_token": await csrf_token(client)})
    fresh_state = post_form(await open_dev_provider(client), AUTHORIZE_PATH).fields["state"]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    refused = await client.get("/login/callback", params={"code": code, "state": fresh_state})
    assert refused.status_code == 502
    assert "Your sign-in could not be completed" in refused.text


async def test_an_id_token_with_a_bad_signature_is_refused(
        app: Starlette, client: httpx.AsyncClient, demo_person: DemoPerson) -> None:
    page = await open_dev_provider(client)
    provider = dev_provider(app)
    # Signed by another key but announced under the provider's key id.
    impostor = SigningKey.generate()
    provider.key = SigningKey(impostor.private_pem, "RS256", provider.key.public_jwk)
    explained = await choose_person(client, page, demo_person.personal_code)
    assert explained.status_code == 502
    assert "Your sign-in could not be verified" in explained.text


async def test_a_rotated_provider_key_is_fetched_when_refreshing_is_allowed(
        app: Starlette, client: httpx.AsyncClient, demo_person: DemoPerson) -> None:
    await dev_login(client, demo_person.personal_code)  # the key set is now cached
    await client.post("/logout", data={"csrf_token": await csrf_token(client)})
    dev_provider(app).key = SigningKey.generate()

    # Within a minute of the last fetch, an unknown key id does not make us fetch again.
    refused = await dev_login(client, demo_person.personal_code)
    assert refused.status_code == 502

    directory = app.state.login.relying_party.directory
    real_clock = directory.clock
    directory.clock = lambda: real_clock() + 61
    answer = await dev_login(client, demo_person.personal_code)
    assert answer.status_code == 303


@pytest.mark.parametrize("settings_changes", [{"oidc_issuer": "http://127.0.0.1:9"}])
async def test_an_unreachable_provider_is_explained(client: httpx.AsyncClient) -> None:
    explained = await client.get("/login", params={"next": "/privacy"})
    assert explained.status_code == 502
    assert "The national login is not available" in explained.text
    assert 'href="/login?next=%2Fprivacy"' in explained.text


@pytest.mark.parametrize("settings_changes", [{"dev_login_enabled": False}])
async def test_without_a_provider_signing_in_is_explained(client: httpx.AsyncClient) -> None:
    explained = await client.get("/login")
    assert explained.status_code == 503
    assert "Signing in is not available" in explained.text
    assert "Try again" not in explained.text
    assert (await client.get("/dev-idp/.well-known/openid-configuration")).status_code == 404


async def test_the_failure_page_is_in_latvian_by_default(client: httpx.AsyncClient) -> None:
    del client.headers["accept-language"]
    explained = await client.get("/login/callback", params={"state": "unknown", "code": "x"})
    assert explained.status_code == 400
    assert '<html lang="lv">' in explained.text


async def csrf_token(client: httpx.AsyncClient) -> str:
    page = await client.get("/accessibility/feedback")  # any page with a form will do
    return next(form for form in forms(page.text) if form.method == "post").fields["csrf_token"]


async def test_signing_out_ends_both_sessions(app: Starlette, client: httpx.AsyncClient,
                                              demo_person: DemoPerson) -> None:
    await dev_login(client, demo_person.personal_code)
    id_token = (await stored_session(app, client))["login_provider"]["id_token"]
    confirm = await client.get("/logout")
    assert confirm.status_code == 200
    assert "Do you want to sign out?" in confirm.text

    without_token = await client.post("/logout")
    assert without_token.status_code == 403

    answer = await submit(client, confirm, post_form(confirm, "/logout"))
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.path == "/dev-idp/logout"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/signed-out"]
    assert await stored_session(app, client) == {}
    assert [action for action, _, _ in await audit_trail(app)] == ["login", "logout"]

    signed_out = await follow(client, answer)
    assert signed_out.url.path == "/signed-out"
    assert "You have signed out" in signed_out.text
    home = await client.get("/")
    assert "Signed in as" not in home.text
    assert 'href="/login"' in home.text
    assert (await client.get("/logout")).status_code == 303
