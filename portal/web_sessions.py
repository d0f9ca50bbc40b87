"""Server-side sessions kept in the database.

The browser holds only a random token; the database holds its SHA-256, so a copy
of the table cannot be replayed as cookies. Sessions exist only once something
needs them (a login, a draft): anonymous page views never touch the database.
Idle and absolute time-outs are enforced here; the id is rotated by `rotate()`
(at login) to defeat session fixation.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie
from typing import Any

from sqlalchemy import JSON, String, delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.database import Base, UTCDateTime, utcnow
from portal.response_headers import raw_headers, set_header
from portal.settings import Settings

# Touch `last_seen_at` at most this often, so reading pages is not a write each time.
TOUCH_INTERVAL = timedelta(seconds=15)


class WebSessionRecord(Base):
    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class WebSession(dict[str, Any]):
    """A dict that knows whether it changed, and its place in the database."""

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        *,
        record_hash: str | None = None,
        created_at: datetime | None = None,
        last_seen_at: datetime | None = None,
    ) -> None:
        super().__init__(data or {})
        self.record_hash = record_hash
        self.created_at = created_at
        self.last_seen_at = last_seen_at
        self.modified = False
        self.rotated = False
        self.expired = False  # a session existed but timed out before this request
        self.expired_data: dict[str, Any] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.modified = True

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.modified = True

    def pop(self, key: str, *default: Any) -> Any:
        self.modified = self.modified or key in self
        return super().pop(key, *default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self.modified = True

    def clear(self) -> None:
        super().clear()
        self.modified = True

    def rotate(self) -> None:
        """Give the session a new id (keeping its data); call at every login."""
        self.rotated = True
        self.modified = True

    def seconds_left(self, settings: Settings, now: datetime) -> int:
        """Seconds until the idle or absolute time-out, whichever is sooner."""
        if self.created_at is None or self.last_seen_at is None:
            return settings.session_idle_timeout_seconds
        idle_end = self.last_seen_at + timedelta(seconds=settings.session_idle_timeout_seconds)
        absolute_end = self.created_at + timedelta(
            seconds=settings.session_absolute_timeout_seconds
        )
        return max(0, int((min(idle_end, absolute_end) - now).total_seconds()))


class WebSessionStore:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings

    async def load(self, token: str, now: datetime) -> WebSession:
        token_hash = hash_token(token)
        async with self.sessionmaker() as db:
            record = await db.get(WebSessionRecord, token_hash)
            if record is None:
                return WebSession()
            session = WebSession(
                record.data,
                record_hash=token_hash,
                created_at=record.created_at,
                last_seen_at=record.last_seen_at,
            )
            if session.seconds_left(self.settings, now) <= 0:
                await db.delete(record)
                await db.commit()
                expired = WebSession()
                expired.expired = True
                # Not the live session: only so an unfinished form can be kept as a draft.
                expired.expired_data = dict(record.data)
                return expired
            return session

    async def save(self, session: WebSession, now: datetime) -> str | None:
        """Store the session; return a new cookie token when one must be sent."""
        async with self.sessionmaker() as db:
            new_token: str | None = None
            if session.record_hash is not None and (session.rotated or not session):
                await db.execute(
                    delete(WebSessionRecord).where(
                        WebSessionRecord.token_hash == session.record_hash
                    )
                )
                session.record_hash = None
            if not session:
                await db.commit()
                return None
            if session.record_hash is None:
                new_token = secrets.token_urlsafe(32)
                session.record_hash = hash_token(new_token)
                session.created_at = (
                    session.created_at if session.rotated and session.created_at else now
                )
                db.add(
                    WebSessionRecord(
                        token_hash=session.record_hash,
                        data=dict(session),
                        created_at=session.created_at,
                        last_seen_at=now,
                    )
                )
            else:
                record = await db.get(WebSessionRecord, session.record_hash)
                if record is None:  # deleted meanwhile, e.g. logged out in another tab
                    await db.commit()
                    return None
                record.data = dict(session)
                record.last_seen_at = now
            await db.commit()
            session.last_seen_at = now
            return new_token

    async def delete_expired(self, now: datetime) -> int:
        cutoff = now - timedelta(seconds=self.settings.session_idle_timeout_seconds)
        async with self.sessionmaker() as db:
            result = await db.execute(
                delete(WebSessionRecord).where(WebSessionRecord.last_seen_at < cutoff)
            )
            await db.commit()
            return int(getattr(result, "rowcount", 0) or 0)


def session_cookie_name(settings: Settings) -> str:
    # The __Host- prefix pins the cookie to this host, path / and HTTPS.
    return "__Host-portal-session" if settings.secure_cookies else "portal-session"


def read_cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except CookieError:
                continue
            if name in cookie:
                return cookie[name].value
    return None


def cookie_header(name: str, value: str, settings: Settings, *, max_age: int | None = None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if settings.secure_cookies:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


class WebSessionMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        settings: Settings = state.settings
        store: WebSessionStore = state.web_sessions
        name = session_cookie_name(settings)
        token = read_cookie(scope, name)
        now = utcnow()
        session = await store.load(token, now) if token else WebSession()
        scope["session"] = session

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._persist(session, store, settings, name, message, token is not None)
            await send(message)

        await self.app(scope, receive, send_with_session)

    @staticmethod
    async def _persist(
        session: WebSession,
        store: WebSessionStore,
        settings: Settings,
        name: str,
        message: Message,
        had_cookie: bool,
    ) -> None:
        now = utcnow()
        stale = session.last_seen_at is not None and now - session.last_seen_at > TOUCH_INTERVAL
        headers = raw_headers(message)
        cookie: str | None = None
        if session.modified or (session.record_hash and stale):
            new_token = await store.save(session, now)
            if new_token:
                cookie = cookie_header(name, new_token, settings)
            elif not session and had_cookie:
                cookie = cookie_header(name, "", settings, max_age=0)
        elif session.expired and had_cookie:
            cookie = cookie_header(name, "", settings, max_age=0)
        if cookie is not None:
            headers.append((b"set-cookie", cookie.encode("latin-1")))
        if session.record_hash:
            set_header(headers, b"cache-control", b"no-store")
