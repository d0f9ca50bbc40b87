"""The application factory: `create_app(settings)` builds the whole portal.

Nothing is created at import time. The lifespan opens the database engine, the
HTTP client that adapters share, and the adapters chosen by the settings; tests
build the app from explicit settings and drive it over ASGI.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from eservices.attachments import LocalDirectoryStorage
from eservices.foster_parent_training.routes import training_routes
from eservices.registry import REGISTRY, EService
from eservices.specialist_appointment.routes import appointment_routes
from eservices.submissions.expired import keep_unsent_step
from eservices.submissions.presentation import file_size, status_label
from eservices.submissions.routes import TEMPLATES as SUBMISSION_TEMPLATES
from eservices.submissions.routes import submission_routes
from portal.address_field.config import address_field_config, tile_origin
from portal.address_field.views import address_field_routes
from portal.audit.views import audit_log
from portal.auth.loopback import self_call_mounts
from portal.auth.routes import DEV_TOKEN_PATH, login_routes
from portal.auth.services import build_login_services
from portal.backends import build_adapters
from portal.database import DatabaseSessionMiddleware, create_engine, create_sessionmaker
from portal.feedback.views import feedback_form, feedback_sent
from portal.inbound_api.views import inbound_api_routes
from portal.locale import LocaleMiddleware
from portal.mandates.views import mandate_detail, mandate_list, mandate_new, mandate_revoke
from portal.operational_metrics import OperationalMetrics, RequestMetricsMiddleware
from portal.operational_metrics.views import metrics
from portal.operator.views import operator_routes
from portal.pages import errors
from portal.pages.health import healthz, readyz
from portal.pages.home import home, switch_language
from portal.pages.statements import accessibility_statement, privacy_notice
from portal.representation.guard import SubjectRefused, subject_refused
from portal.representation.middleware import RepresentationMiddleware
from portal.representation.views import acting_for
from portal.security.csrf import CsrfMiddleware
from portal.security.headers import SecurityHeadersMiddleware
from portal.session_timeout.middleware import ExpiredSessionMiddleware
from portal.session_timeout.views import extend as extend_session
from portal.session_timeout.views import timed_out as session_timed_out
from portal.settings import Settings
from portal.templating import Templates
from portal.usage_metrics.routes import usage_metrics_routes
from portal.web_sessions import WebSessionMiddleware, WebSessionStore
from queue_status.my_queue.routes import my_queue_routes
from queue_status.rehabilitation_reference.routes import rehabilitation_reference_routes
from queue_status.statistics.routes import TEMPLATES as STATISTICS_TEMPLATES
from queue_status.statistics.routes import statistics_routes

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
        Route("/acting-for", acting_for, methods=["GET", "POST"], name="acting_for"),
        Route("/mandates", mandate_list, name="mandates"),
        Route("/mandates/new", mandate_new, methods=["GET", "POST"], name="mandate_new"),
        Route("/mandates/{mandate_id:int}", mandate_detail, name="mandate_detail"),
        Route("/mandates/{mandate_id:int}/revoke", mandate_revoke, methods=["POST"],
              name="mandate_revoke"),
        Route("/operator/audit", audit_log, name="operator_audit"),
        Route("/session/extend", extend_session, methods=["POST"], name="session_extend"),
        Route("/session/timed-out", session_timed_out, name="session_timed_out"),
        Route("/healthz", healthz, name="healthz"),
        Route("/readyz", readyz, name="readyz"),
        Route("/metrics", metrics, name="metrics"),
        *usage_metrics_routes(),
        *training_routes(),
        *appointment_routes(),
        *address_field_routes(),
        *rehabilitation_reference_routes(),
        *my_queue_routes(),
        *statistics_routes(),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(settings: Settings, registry: Sequence[EService] = REGISTRY) -> Starlette:
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
        routes=[
            *routes(),
            *login_routes(settings),
            *inbound_api_routes(settings),
            *operator_routes(),
            *submission_routes(),
        ],
        middleware=[
            # Outermost: request counts and latencies include every other layer.
            Middleware(RequestMetricsMiddleware),
            Middleware(SecurityHeadersMiddleware, hsts=settings.hsts,
                       extra_img_src=tile_origin(settings.map_tile_url)),
            Middleware(LocaleMiddleware),
            Middleware(WebSessionMiddleware),
            Middleware(CsrfMiddleware, exempt_prefixes=CSRF_EXEMPT_PREFIXES),
            Middleware(DatabaseSessionMiddleware),
            # Both need the web session and the request's database session.
            Middleware(ExpiredSessionMiddleware, keep_drafts=[keep_unsent_step]),
            Middleware(RepresentationMiddleware),
        ],
        exception_handlers={
            404: errors.http_exception,
            405: errors.http_exception,
            400: errors.http_exception,
            413: errors.http_exception,
            SubjectRefused: subject_refused,
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
    # Available before the lifespan runs, so error pages render even during start-up.
    app.state.settings = settings
    app.state.registry = registry
    app.state.storage = LocalDirectoryStorage(settings.storage_dir)
    templates = Templates([SUBMISSION_TEMPLATES, STATISTICS_TEMPLATES,
                           *service_template_dirs(registry)])
    templates.env.globals.update(file_size=file_size, status_label=status_label)
    templates.env.globals["address_field_config"] = address_field_config(app, settings)
    app.state.templates = templates
    app.state.operational_metrics = OperationalMetrics()
    return app


def service_template_dirs(registry: Sequence[EService]) -> list[Path]:
    """Each built e-service package may bring `templates/<slug>/...`."""
    dirs = []
    for service in registry:
        if service.package:
            module = importlib.import_module(service.package)
            dirs.append(Path(module.__file__ or "").parent / "templates")
    return [d for d in dirs if d.is_dir()]
