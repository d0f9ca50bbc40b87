"""Answers the first request after a signed-in session timed out with the
"You were signed out" page, instead of silently showing the page as to a
stranger or losing a form that was being sent.

Placed inside `DatabaseSessionMiddleware`: the page is a 200 so that whatever a
hook writes (a draft) and the audit entry are committed.

Hook for drafts: `ExpiredSessionMiddleware(app, keep_drafts=[...])` calls each
`async hook(request, expired_data)` before the page is shown. `expired_data` is
the timed-out session's data (also on `request.session.expired_data`) and the
request still carries the form that was being sent, so an e-service can keep it
as a draft of the person in `expired_data["person"]`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from portal.audit import AuditAction, record
from portal.database import db, utcnow
from portal.representation.subjects import signed_in_person
from portal.settings import Settings
from portal.templating import render
from portal.web_sessions import WebSession

ExpiredSessionHook = Callable[[Request, dict[str, Any]], Awaitable[None]]

SECONDS_LEFT_KEY = "session_seconds_left"  # request scope, read by the layout's warning
# Not pages a person reads: JSON, files, machine-to-machine calls. The extend
# endpoint answers a timed-out session itself, in JSON.
SKIPPED_PREFIXES = ("/static/", "/healthz", "/readyz", "/api/", "/dev-idp/", "/session/extend")


def signed_out_page(request: Request, next_url: str) -> Response:
    """"You were signed out", with a way back to `next_url` after signing in again."""
    settings: Settings = request.app.state.settings
    return render(request, "session/signed_out.html", {
        "return_url": next_url,
        "idle_minutes": settings.session_idle_timeout_seconds // 60,
        "absolute_hours": settings.session_absolute_timeout_seconds // 3600,
    }, headers={"cache-control": "no-store"})


class ExpiredSessionMiddleware:
    def __init__(self, app: ASGIApp, keep_drafts: Sequence[ExpiredSessionHook] = ()) -> None:
        self.app = app
        self.keep_drafts = tuple(keep_drafts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(SKIPPED_PREFIXES):
            await self.app(scope, receive, send)
            return
        session: WebSession = scope["session"]
        settings: Settings = scope["app"].state.settings
        timed_out = signed_in_person(session.expired_data) if session.expired else None
        if timed_out is None:
            if signed_in_person(session) is not None:
                scope[SECONDS_LEFT_KEY] = session.seconds_left(settings, utcnow())
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        for keep_draft in self.keep_drafts:
            await keep_draft(request, session.expired_data)
        await record(db(request), actor=str(timed_out["personal_code"]), subject=None,
                     action=AuditAction.LOGOUT, detail="session timed out")
        # After signing in again the person comes back to the page (a form that was
        # being posted is shown again empty, or filled from the draft a hook kept).
        query = "?" + request.url.query if request.url.query and request.method == "GET" else ""
        response = signed_out_page(request, request.url.path + query)
        await response(scope, receive, send)
