"""Who is calling: a back office with a valid, unused bearer token, or nobody.

Signature and claims are checked by `tokens.verify_request_token`; here the
`jti` is remembered so that a captured token cannot be sent again. It is written
in its own short transaction, committed before the request is processed: a
request that later fails must not free its token for a replay, and the primary
key lets exactly one of two simultaneous copies through.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from portal.database import transaction, utcnow
from portal.inbound_api.keys import api_audience, load_public_keys
from portal.inbound_api.models import UsedTokenId
from portal.inbound_api.problems import ApiProblem
from portal.inbound_api.tokens import TokenRefused, VerifiedToken, verify_request_token
from portal.settings import Settings

logger = logging.getLogger(__name__)


class Authenticator:
    def __init__(self, settings: Settings) -> None:
        self.keys = load_public_keys(settings)
        self.audience = api_audience(settings)
        self.max_lifetime = settings.inbound_api_token_max_lifetime_seconds
        self.leeway = settings.inbound_api_clock_leeway_seconds

    async def authenticate(self, request: Request) -> str:
        """The calling back office's name; `ApiProblem` (401) otherwise."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise ApiProblem("unauthenticated", "a bearer token is required")
        now = utcnow()
        try:
            verified = verify_request_token(
                token, self.keys, audience=self.audience, now=now,
                max_lifetime_seconds=self.max_lifetime, leeway_seconds=self.leeway,
            )
        except TokenRefused as refused:
            # The reason is ours and short; the token itself is never logged.
            logger.info("inbound API: token refused: %s", refused)
            detail = f"the bearer token was refused: {refused}"
            raise ApiProblem("unauthenticated", detail) from None
        if not await self._first_use(request.app.state.sessionmaker, verified, now):
            logger.warning("inbound API: replayed token id from %s", verified.issuer)
            raise ApiProblem("unauthenticated", "the bearer token was refused: already used")
        return verified.issuer

    async def _first_use(
        self, sessionmaker: async_sessionmaker[AsyncSession], token: VerifiedToken, now: datetime
    ) -> bool:
        # Kept until no clock within the leeway could still accept the token.
        keep_until = token.expires_at + timedelta(seconds=self.leeway)
        try:
            async with transaction(sessionmaker) as db:
                # Expired ids are dropped as new ones arrive: the table stays as small
                # as the number of tokens alive at once, with no cleanup job to run.
                await db.execute(delete(UsedTokenId).where(UsedTokenId.expires_at < now))
                db.add(UsedTokenId(issuer=token.issuer, jti=token.jti, expires_at=keep_until))
        except IntegrityError:
            return False
        return True
