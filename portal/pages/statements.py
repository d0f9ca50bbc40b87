"""The accessibility statement and the privacy notice."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from portal.templating import render

# When the statement was prepared and last reviewed (EU model statement fields).
STATEMENT_PREPARED = date(2026, 11, 20)
STATEMENT_REVIEWED = date(2026, 11, 20)


async def accessibility_statement(request: Request) -> Response:
    return render(request, "pages/accessibility.html", {
        "prepared": STATEMENT_PREPARED,
        "reviewed": STATEMENT_REVIEWED,
        "contact_email": request.app.state.settings.accessibility_contact_email,
    })


async def privacy_notice(request: Request) -> Response:
    days = request.app.state.settings.submission_retention_days
    return render(request, "pages/privacy.html", {"retention_days": days})
