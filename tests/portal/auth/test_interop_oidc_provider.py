"""Interoperability: signing in against an OpenID Provider that nobody here wrote.

panva/oidc-provider (OpenID Certified) runs as `node server.js <port>` on
loopback (tests/support/oidc_provider). The portal runs over ASGI; its relying
party reaches the provider over real HTTP, and the test plays the browser:
it follows the redirects and submits the provider's own login and consent forms.
Node.js is required: without it this test fails, it never skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from portal.auth.keys import SigningKey
from portal.settings import Settings
from tests.portal.auth.browser import follow, post_form
from tests.support.html import invariant_problems
from tests.support.ports import free_port

pytestmark = pytest.mark.anyio

PROVIDER_DIR = Path(__file__).resolve().parents[2] / "support" / "oidc_provider"
PORTAL = "http://testserver"
CLIENT_SECRET = "interop-secret-0123456789"
TEST_PERSON = {"personal_code": "328112-40576", "given_name": "Līga", "family_name": "Krūze"}


def _install_provider() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("Node.js and npm are required for the OpenID interoperability test "
                    "(apt-get install nodejs npm)", pytrace=False)
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    installed = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR,
                               capture_output=True, text=True, timeout=300, check=False)
    if installed.returncode != 0:
        pytest.fail(f"npm ci in {PROVIDER_DIR} failed: {installed.stderr.strip()[-500:]}",
                    pytrace=False)


@pytest.fixture(scope="module")
def client_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[SigningKey, Path]:
    key = SigningKey.generate()
    path = tmp_path_factory.mktemp("interop") / "client-key.pem"
    path.write_text(key.private_pem)
    return key, path


@pytest.fixture(scope="module")
def oidc_provider(client_key: tuple[SigningKey, Path]) -> Iterator[str]:
    _install_provider()
    port = free_port()
    environment = dict(
        os.environ,
        PORTAL_REDIRECT_URI=f"{PORTAL}/login/callback",
        PORTAL_POST_LOGOUT_REDIRECT_URI=f"{PORTAL}/signed-out",
        PORTAL_CLIENT_JWKS=json.dumps({"keys": [client_key[0].public_jwk]}),
        PORTAL_CLIENT_SECRET=CLIENT_SECRET,
        TEST_PERSON=json.dumps(TEST_PERSON),
    )
    process = subprocess.Popen(["node", "server.js", str(port)], cwd=PROVIDER_DIR,
                               env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"node server.js exited: {process.stderr.read()[-500:]}",
                            pytrace=False)
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oidc-provider did not start within 30 seconds", pytrace=False)
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(params=["private_key_jwt", "client_secret_basic"])
def settings(settings: Settings, oidc_provider: str, client_key: tuple[SigningKey, Path],
             request: pytest.FixtureRequest) -> Settings:
    jwt_client = request.param == "private_key_jwt"
    return settings.replace(
        oidc_issuer=oidc_provider,
        oidc_client_id="portal-jwt" if jwt_client else "portal-basic",
        oidc_client_auth=request.param,
        oidc_client_key_file=str(client_key[1]),
        oidc_client_secret=CLIENT_SECRET,
    )


async def _portal_invariants(response: httpx.Response) -> None:
    if response.url.host == "testserver" and response.headers.get(
            "content-type", "").startswith("text/html"):
        await response.aread()
        assert not invariant_problems(response.text), response.url


@pytest.fixture
async def browser(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    # Portal requests go to the app in-process; the provider's over the loopback network.
    async with httpx.AsyncClient(
        mounts={PORTAL: httpx.ASGITransport(app=app)}, base_url=PORTAL, trust_env=False,
        headers={"accept-language": "en"},
        event_hooks={"response": [_portal_invariants]},
    ) as http:
        yield http


async def test_a_person_signs_in_through_oidc_provider(app: Starlette,
                                                        browser: httpx.AsyncClient,
                                                        oidc_provider: str) -> None:
    response = await follow(browser, await browser.get("/login", params={"next": "/privacy"}))
    for _step in range(5):  # the provider's login page, then its consent page
        if response.url.host == "testserver":
            break
        assert response.status_code == 200, response.text
        form = post_form(response)
        values = dict(form.fields)
        if "login" in values:
            values.update(login="liga", password="any")
        answer = await browser.post(urljoin(str(response.url), form.action), data=values)
        response = await follow(browser, answer)

    assert response.status_code == 200, response.text
    assert response.url.path == "/privacy"
    assert "Signed in as Līga Krūze" in response.text

    # Signing out sends the browser to the provider's end-session endpoint.
    logout_page = await browser.get("/logout")
    answer = await browser.post("/logout", data=post_form(logout_page, "/logout").fields)
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == oidc_provider
    assert "id_token_hint=" in location.query
    assert "Signed in as" not in (await browser.get("/")).text
