"""Building the login from the settings, once per process, in the app's lifespan.

Which provider: `oidc_issuer` when set; otherwise, with `dev_login_enabled`,
the built-in development provider at `{base_url}/dev-idp`; otherwise none, and
/login explains that signing in is not available.

Client credentials: a configured key file or secret. With the development
provider, whatever is not configured is generated at start-up and registered
with it in-process, so the demo needs no key material at all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import httpx

from portal.auth.client_auth import ClientAuthentication, ClientSecretBasic, PrivateKeyJwt
from portal.auth.dev_provider import DevProvider, RegisteredClient
from portal.auth.discovery import ProviderDirectory
from portal.auth.id_token import parse_algorithms
from portal.auth.keys import SigningKey
from portal.auth.relying_party import RelyingParty, RelyingPartyConfig
from portal.settings import Settings, SettingsError

DEV_PROVIDER_PATH = "/dev-idp"
CALLBACK_PATH = "/login/callback"
SIGNED_OUT_PATH = "/signed-out"


@dataclass(frozen=True, slots=True)
class LoginServices:
    relying_party: RelyingParty | None
    dev_provider: DevProvider | None


def issuer_for(settings: Settings) -> str:
    if settings.oidc_issuer:
        return settings.oidc_issuer
    if settings.dev_login_enabled:
        return settings.base_url.rstrip("/") + DEV_PROVIDER_PATH
    return ""


def _client_key(settings: Settings, generate: bool) -> SigningKey | None:
    if settings.oidc_client_key_file:
        try:
            return SigningKey.from_pem_file(Path(settings.oidc_client_key_file))
        except (OSError, ValueError) as error:
            raise SettingsError(f"PORTAL_OIDC_CLIENT_KEY_FILE: {error}") from None
    return SigningKey.generate() if generate else None


def _client_authentication(settings: Settings, key: SigningKey | None,
                           secret: str) -> ClientAuthentication:
    if settings.oidc_client_auth == "private_key_jwt":
        if key is None:
            raise SettingsError("PORTAL_OIDC_CLIENT_KEY_FILE is required for private_key_jwt")
        return PrivateKeyJwt(settings.oidc_client_id, key)
    if not secret:
        raise SettingsError("PORTAL_OIDC_CLIENT_SECRET is required for client_secret_basic")
    return ClientSecretBasic(settings.oidc_client_id, secret)


def build_login_services(settings: Settings, http_client: httpx.AsyncClient) -> LoginServices:
    issuer = issuer_for(settings)
    base_url = settings.base_url.rstrip("/")
    dev = settings.dev_login_enabled
    key = _client_key(settings, generate=dev)
    secret = settings.oidc_client_secret or (secrets.token_urlsafe(32) if dev else "")

    dev_provider = None
    if dev:
        dev_provider = DevProvider(
            issuer=base_url + DEV_PROVIDER_PATH,
            client=RegisteredClient(
                client_id=settings.oidc_client_id,
                redirect_uri=base_url + CALLBACK_PATH,
                post_logout_redirect_uri=base_url + SIGNED_OUT_PATH,
                auth_method=settings.oidc_client_auth,
                secret=secret,
                public_jwk=key.public_jwk if key else {},
            ),
            key=SigningKey.generate(),
            personal_code_claim=settings.oidc_personal_code_claim,
        )
    if not issuer:
        return LoginServices(relying_party=None, dev_provider=dev_provider)

    try:
        algorithms = parse_algorithms(settings.oidc_allowed_algorithms)
    except ValueError as error:
        raise SettingsError(str(error)) from None
    config = RelyingPartyConfig(
        issuer=issuer,
        client_id=settings.oidc_client_id,
        redirect_uri=base_url + CALLBACK_PATH,
        post_logout_redirect_uri=base_url + SIGNED_OUT_PATH,
        scopes=settings.oidc_scopes,
        allowed_algorithms=algorithms,
        personal_code_claim=settings.oidc_personal_code_claim,
        leeway_seconds=settings.oidc_clock_leeway_seconds,
        login_timeout_seconds=settings.oidc_login_timeout_seconds,
    )
    directory = ProviderDirectory(
        issuer, http_client,
        max_age_seconds=settings.oidc_metadata_max_age_seconds,
        min_refresh_seconds=settings.oidc_jwks_min_refresh_seconds,
    )
    client_auth = _client_authentication(settings, key, secret)
    relying_party = RelyingParty(config, directory, client_auth, http_client)
    return LoginServices(relying_party=relying_party, dev_provider=dev_provider)
