"""Entry point for ASGI servers: `uvicorn --factory portal.asgi:app_from_env`."""

from __future__ import annotations

from starlette.applications import Starlette

from portal.app import create_app
from portal.settings import Settings


def app_from_env() -> Starlette:
    return create_app(Settings.from_env())
