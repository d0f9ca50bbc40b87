"""The login's routes; the development provider's exist only when it is enabled."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route

from portal.auth import dev_provider_views as dev
from portal.auth import views
from portal.auth.services import CALLBACK_PATH, DEV_PROVIDER_PATH, SIGNED_OUT_PATH
from portal.settings import Settings

# Called server-to-server by the relying party, authenticated by client credentials.
DEV_TOKEN_PATH = DEV_PROVIDER_PATH + "/token"


def login_routes(settings: Settings) -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Route("/login", views.login, name="login"),
        Route(CALLBACK_PATH, views.login_callback, name="login_callback"),
        Route("/logout", views.logout, methods=["GET", "POST"], name="logout"),
        Route(SIGNED_OUT_PATH, views.signed_out, name="signed_out"),
    ]
    if settings.dev_login_enabled:
        routes.append(Mount(DEV_PROVIDER_PATH, name="dev_idp", routes=[
            Route("/.well-known/openid-configuration", dev.discovery, name="discovery"),
            Route("/authorize", dev.authorize, methods=["GET", "POST"], name="authorize"),
            Route("/token", dev.token, methods=["POST"], name="token"),
            Route("/jwks", dev.jwks, name="jwks"),
            Route("/logout", dev.end_session, name="end_session"),
        ]))
    return routes
