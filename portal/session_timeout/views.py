"""The time-out warning's two endpoints: stay signed in, and the end of time."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from portal.audit import AuditAction, record
from portal.database import db, utcnow
from portal.pages.home import safe_next
from portal.representation.subjects import signed_in_person
from portal.session_timeout.middleware import signed_out_page
from portal.settings import Settings
from portal.web_sessions import WebSession

PRIVATE = {"cache-control": "no-store"}
# The warning's clock can run up to the web session's touch interval ahead of the
# server's; a session this close to its end is ended rather than sent back to the page.
END_EARLY_SECONDS = 30


def seconds_left_after_touch(session: WebSession, settings: Settings) -> int:
    """What `seconds_left` will be once this request has saved the session."""
    idle = settings.session_idle_timeout_seconds
    if session.created_at is None:
        return idle
    absolute_end = session.created_at + timedelta(
        seconds=settings.session_absolute_timeout_seconds)
    return max(0, min(idle, int((absolute_end - utcnow()).total_seconds())))


async def extend(request: Request) -> Response:
    """POST /session/extend (CSRF token in the X-CSRF-Token header): stay signed in."""
    session: WebSession = request.scope["session"]
    if signed_in_person(session) is None:
        return JSONResponse({"signed_in": False, "seconds_left": 0}, status_code=401,
                            headers=PRIVATE)
    # Saving the session, even within the touch interval, moves `last_seen_at` to now.
    session.modified = True
    return JSONResponse({"signed_in": True,
                         "seconds_left": seconds_left_after_touch(session,
                                                                  request.app.state.settings)},
                        headers=PRIVATE)


async def timed_out(request: Request) -> Response:
    """GET /session/timed-out: where the warning sends the page when time is up.

    If the session was extended meanwhile (in another tab), back to the page;
    otherwise the session ends here and the signed-out page explains why.
    """
    session: WebSession = request.scope["session"]
    settings: Settings = request.app.state.settings
    person = signed_in_person(session)
    if person is not None:
        if session.seconds_left(settings, utcnow()) > END_EARLY_SECONDS:
            return RedirectResponse(safe_next(request.query_params.get("next")),
                                    status_code=303)
        await record(db(request), actor=str(person["personal_code"]), subject=None,
                     action=AuditAction.LOGOUT, detail="session timed out")
        session.clear()
        request.scope["csrf_rotate"] = True
    return signed_out_page(request, safe_next(request.query_params.get("next")))
