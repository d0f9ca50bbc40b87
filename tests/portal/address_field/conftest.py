from __future__ import annotations

import pytest
from starlette.applications import Starlette

from tests.portal.address_field.page import add_address_page


@pytest.fixture
def database_url(sqlite_database_url: str) -> str:
    # The field keeps nothing in the database; one backend is enough.
    return sqlite_database_url


@pytest.fixture
def app(app: Starlette) -> Starlette:
    add_address_page(app)
    return app
