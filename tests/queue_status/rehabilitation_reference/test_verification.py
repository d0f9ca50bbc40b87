"""The public check: a genuine code without login, forged codes, and the rate limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from adapters.demo_people import JANIS_OZOLS
from queue_status.rehabilitation_reference import codes
from queue_status.rehabilitation_reference.models import ReferenceVerificationFailure
from queue_status.rehabilitation_reference.rate_limit import VerificationRateLimit
from queue_status.rehabilitation_reference.verification import STATE_KEY
from tests.conftest import BASE_URL, check_page_invariants
from tests.portal.representation.signing_in import in_english, sign_in
from tests.queue_status.rehabilitation_reference.helpers import issued_reference, references

pytestmark = pytest.mark.anyio

FORGED = "4F8J-2MWX-Q9RT-6ZNB-H3KD"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(app: Starlette) -> Clock:
    """The rate limit's clock, moved by hand instead of waiting."""
    moved = Clock()
    setattr(app.state, STATE_KEY, VerificationRateLimit(
        app.state.sessionmaker, app.state.settings.secret_key, clock=moved))
    return moved


def visitor(app: Starlette, address: str) -> httpx.AsyncClient:
    """A browser with no session, from `address`."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 50000)),
                             base_url=BASE_URL,
                             event_hooks={"response": [check_page_invariants]})


@pytest.fixture
async def stranger(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with visitor(app, "192.0.2.10") as http:
        yield http


async def genuine_code(app: Starlette, client: httpx.AsyncClient) -> str:
    await sign_in(app, client, JANIS_OZOLS)
    await issued_reference(client, "SR-2026-00412")
    [stored] = await references(app)
    return codes.grouped(stored.code)


async def test_the_form(stranger: httpx.AsyncClient) -> None:
    page = await stranger.get("/verify")
    assert page.status_code == 200
    assert 'method="get" action="/verify"' in page.text and 'name="code"' in page.text
    assert 'name="csrf_token"' not in page.text  # nothing changes: no token needed


async def test_a_genuine_code_without_signing_in(
    app: Starlette, client: httpx.AsyncClient, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    code = await genuine_code(app, client)
    page = await stranger.get("/verify", params={"code": code})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    text = page.text
    assert "E-izziņa ir īsta" in text
    assert JANIS_OZOLS.full_name in text
    assert "031158-*****" in text and JANIS_OZOLS.personal_code not in text
    assert "Sociālā rehabilitācija institūcijā" in text and "143 no 612" in text
    assert "Ģimenes ārsta izziņa" in text  # missing on that day, and said so
    assert code in text


async def test_codes_are_read_as_people_type_them(
    app: Starlette, client: httpx.AsyncClient, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    code = await genuine_code(app, client)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert (await stranger.get("/verify", params={"code": typed})).status_code == 200
    # The address form, as a link or a QR code carries it.
    in_english(stranger)
    linked = await stranger.get(f"/verify/{code}")
    assert linked.status_code == 200 and "The e-reference is genuine" in linked.text
    assert "Social rehabilitation in an institution" in linked.text


@pytest.mark.parametrize("typed", [FORGED, "not a code", "7KQ2-M9XH"])
async def test_a_forged_or_mistyped_code_is_not_found(
    app: Starlette, stranger: httpx.AsyncClient, clock: Clock, typed: str
) -> None:
    page = await stranger.get("/verify", params={"code": typed})
    assert page.status_code == 404
    assert "e-izziņa netika atrasta" in page.text
    assert 'href="#code"' in page.text  # the error summary points at the field
    assert "E-izziņa ir īsta" not in page.text


async def test_a_code_one_symbol_off_tells_nothing_more(
    app: Starlette, client: httpx.AsyncClient, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    code = await genuine_code(app, client)
    near = code[:-1] + ("X" if code[-1] != "X" else "Y")
    near_page = await stranger.get("/verify", params={"code": near})
    far_page = await stranger.get("/verify", params={"code": FORGED})
    assert near_page.status_code == far_page.status_code == 404
    assert near_page.text.replace(near, "") == far_page.text.replace(FORGED, "")


async def test_an_empty_code_asks_for_one_and_counts_nothing(
    app: Starlette, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    page = await stranger.get("/verify", params={"code": " "})
    assert page.status_code == 400 and "Ievadiet pārbaudes kodu" in page.text
    assert await failures(app) == 0


async def failures(app: Starlette) -> int:
    async with app.state.sessionmaker() as db:
        return int(await db.scalar(
            select(func.count()).select_from(ReferenceVerificationFailure)) or 0)


async def test_ten_failures_in_ten_minutes_and_the_address_must_wait(
    app: Starlette, client: httpx.AsyncClient, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    code = await genuine_code(app, client)
    # A genuine check is no failure.
    assert (await stranger.get(f"/verify/{code}")).status_code == 200
    first_failure = clock.now
    for attempt in range(10):
        forged = FORGED[:-1] + codes.ALPHABET[attempt]
        assert (await stranger.get("/verify", params={"code": forged})).status_code == 404
        clock.now += timedelta(seconds=30)
    assert await failures(app) == 10

    refused = await stranger.get("/verify", params={"code": FORGED})
    assert refused.status_code == 429
    assert "Pārbaudīts pārāk daudz kodu" in refused.text
    # The first failure leaves the window ten minutes after it was made: 10:10 Riga is 12:10.
    assert "12:10" in refused.text
    assert refused.headers["retry-after"] == str(int(
        (first_failure + timedelta(minutes=10) - clock.now).total_seconds()))
    # Past the limit even the genuine code is refused, in both forms of the address,
    # and refused checks do not push the wait further out.
    assert (await stranger.get(f"/verify/{code}")).status_code == 429
    assert (await stranger.get("/verify", params={"code": code})).status_code == 429
    assert await failures(app) == 10

    # Another address is not held back by this one.
    async with visitor(app, "198.51.100.7") as other:
        assert (await other.get(f"/verify/{code}")).status_code == 200

    clock.now = first_failure + timedelta(minutes=10)
    assert (await stranger.get(f"/verify/{code}")).status_code == 200
    # One failure has left the window, nine remain: one more is allowed, then none.
    assert (await stranger.get("/verify", params={"code": FORGED})).status_code == 404
    assert (await stranger.get("/verify", params={"code": FORGED})).status_code == 429

    clock.now += timedelta(minutes=10)
    assert (await stranger.get(f"/verify/{code}")).status_code == 200
    assert await failures(app) == 1  # the old ones were cleared away as new ones came


async def test_the_limit_page_in_english(
    app: Starlette, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    for attempt in range(10):
        await stranger.get("/verify", params={"code": FORGED[:-1] + codes.ALPHABET[attempt]})
    in_english(stranger)
    refused = await stranger.get("/verify", params={"code": FORGED})
    assert refused.status_code == 429
    assert "Too many codes checked" in refused.text
    assert "in about 10 minutes" in refused.text


async def test_the_limit_holds_across_processes(
    app: Starlette, stranger: httpx.AsyncClient, clock: Clock
) -> None:
    """Another web process has its own limiter object but the same database."""
    for attempt in range(10):
        await stranger.get("/verify", params={"code": FORGED[:-1] + codes.ALPHABET[attempt]})
    setattr(app.state, STATE_KEY, VerificationRateLimit(
        app.state.sessionmaker, app.state.settings.secret_key, clock=clock))
    assert (await stranger.get("/verify", params={"code": FORGED})).status_code == 429


async def test_no_address_is_stored(app: Starlette, stranger: httpx.AsyncClient,
                                    clock: Clock) -> None:
    await stranger.get("/verify", params={"code": FORGED})
    async with app.state.sessionmaker() as db:
        [row] = (await db.scalars(select(ReferenceVerificationFailure))).all()
    assert "192.0.2.10" not in row.client_key and len(row.client_key) == 64
