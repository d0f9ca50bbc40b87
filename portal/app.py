"""The application factory: `create_app(settings)` builds the whole portal.

Nothing is created at import time. The lifespan opens the database engine, the
HTTP client that adapters share, and the adapters chosen by the settings; tests
build the app from explicit settings and drive it over ASGI.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from portal.auth.loopback import self_call_mounts
from portal.auth.routes import DEV_TOKEN_PATH, login_routes
from portal.auth.services import build_login_services
from portal.backends import build_adapters
from portal.database import DatabaseSessionMiddleware, create_engine, create_sessionmaker
from portal.feedback.views import feedback_form, feedback_sent
from portal.locale import LocaleMiddleware
from portal.pages import errors
from portal.pages.health import healthz, readyz
from portal.pages.home import home, switch_language
from portal.pages.statements import accessibility_statement, privacy_notice
from portal.security.csrf import CsrfMiddleware
from portal.security.headers import SecurityHeadersMiddleware
from portal.settings import Settings
from portal.templating import Templates
from portal.web_sessions import WebSessionMiddleware, WebSessionStore

STATIC_DIR = Path(__file__).parent / "static"
# Machine-to-machine endpoints authenticate with signed tokens, not cookies.
CSRF_EXEMPT_PREFIXES = ("/api/", DEV_TOKEN_PATH)


def routes() -> list[Route | Mount]:
    return [
        Route("/", home, name="home"),
        Route("/language/{locale}", switch_language, name="switch_language"),
        Route("/accessibility", accessibility_statement, name="accessibility_statement"),
        Route("/accessibility/feedback", feedback_form, methods=["GET", "POST"],
              name="accessibility_feedback"),
        Route("/accessibility/feedback/sent", feedback_sent, name="accessibility_feedback_sent"),
        Route("/privacy", privacy_notice, name="privacy_notice"),
        Route("/healthz", healthz, name="healthz"),
        Route("/readyz", readyz, name="readyz"),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(settings: Settings) -> Starlette:
    logging.basicConfig(level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        sessionmaker = create_sessionmaker(engine)
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker
        app.state.web_sessions = WebSessionStore(sessionmaker, settings)
        async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0),
                                     mounts=self_call_mounts(app, settings)) as http_client:
            app.state.http_client = http_client
            app.state.adapters = build_adapters(settings, http_client)
            app.state.login = build_login_services(settings, http_client)
            try:
                yield
            finally:
                await engine.dispose()

    app = Starlette(
        routes=[*routes(), *login_routes(settings)],
        middleware=[
            Middleware(SecurityHeadersMiddleware, hsts=settings.hsts),
            Middleware(LocaleMiddleware),
            Middleware(WebSessionMiddleware),
            Middleware(CsrfMiddleware, exempt_prefixes=CSRF_EXEMPT_PREFIXES),
            Middleware(DatabaseSessionMiddleware),
        ],
        exception_handlers={
            404: errors.http_exception,
            405: errors.http_exception,
            400: errors.http_exception,
            413: errors.http_exception,
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
    # Available before the lifespan runs, so error pages render even during start-up.
    app.state.settings = settings
    app.state.templates = Templates()
    return app
