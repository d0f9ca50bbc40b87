"""Logins that were started and not yet finished, kept in the server-side session.

Each has its own `state`, `nonce` and PKCE verifier, so a person may start a
login in two tabs and finish either. A pending login is used at most once and
expires after a few minutes; only the newest few are kept, so a page that
redirects to /login in a loop cannot grow the session without bound.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from portal.web_sessions import WebSession

SESSION_KEY = "login_pending"
MAX_PENDING = 5


@dataclass(frozen=True, slots=True)
class PendingLogin:
    state: str
    nonce: str
    code_verifier: str
    return_to: str
    expires_at: float

    @classmethod
    def new(cls, return_to: str, *, now: float, lifetime_seconds: int) -> PendingLogin:
        # RFC 7636 §4.1: 32 random octets give a 43-character verifier.
        return cls(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                   code_verifier=secrets.token_urlsafe(32), return_to=return_to,
                   expires_at=now + lifetime_seconds)

    @property
    def code_challenge(self) -> str:
        digest = hashlib.sha256(self.code_verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _live(session: WebSession, now: float) -> dict[str, dict[str, Any]]:
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    return {state: values for state, values in stored.items()
            if isinstance(values, dict) and values.get("expires_at", 0) > now}


def _store(session: WebSession, pending: dict[str, dict[str, Any]]) -> None:
    # Reassigned rather than mutated in place: WebSession notices only top-level writes.
    if pending:
        session[SESSION_KEY] = pending
    elif SESSION_KEY in session:
        del session[SESSION_KEY]


def remember(session: WebSession, login: PendingLogin, *, now: float) -> None:
    pending = _live(session, now)
    pending[login.state] = {key: value for key, value in asdict(login).items() if key != "state"}
    newest = sorted(pending.items(), key=lambda item: item[1]["expires_at"])[-MAX_PENDING:]
    _store(session, dict(newest))


def take(session: WebSession, state: str | None, *, now: float) -> PendingLogin | None:
    """The pending login for `state`, removed from the session; None if unknown or expired."""
    if not state:
        return None
    pending = _live(session, now)
    values = pending.pop(state, None)
    _store(session, pending)  # also drops the expired ones
    if values is None:
        return None
    try:
        return PendingLogin(state=state, nonce=str(values["nonce"]),
                            code_verifier=str(values["code_verifier"]),
                            return_to=str(values["return_to"]),
                            expires_at=float(values["expires_at"]))
    except (KeyError, TypeError, ValueError):
        return None
