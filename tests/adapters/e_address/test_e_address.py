"""One contract for the e-address, run against the fake and against the http client
talking to a gateway played by `httpx.MockTransport`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from adapters.e_address.base import EAddress, EAddressMessage, RecipientKind
from adapters.e_address.fake import FakeEAddress
from adapters.e_address.http import HttpEAddress
from adapters.errors import NotFound, Rejected, Unavailable

pytestmark = pytest.mark.anyio

REGISTERED = "329954-31870"
BASE = "http://gateway.test/e-adrese"


def _message(code: str = REGISTERED, key: str = "answer-1") -> EAddressMessage:
    return EAddressMessage(
        recipient_kind=RecipientKind.PERSON, recipient_code=code,
        subject="Atbilde uz jūsu iesniegumu VDS-7KQ2-M9XH", body="Labdien!\n",
        reference="VDS-7KQ2-M9XH", idempotency_key=key)


class Gateway:
    """The gateway's side of the documented interface, in memory."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.ids: dict[str, str] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = json.loads(request.content)
        if request.url.path == "/e-adrese/recipients/lookup":
            return httpx.Response(200, json={"active": body["recipient"]["code"] == REGISTERED})
        assert request.method == "POST" and request.url.path == "/e-adrese/messages"
        if body["recipient"]["code"] != REGISTERED:
            return httpx.Response(404, json={"error": "no e-address"})
        key = request.headers["idempotency-key"]
        created = key not in self.ids
        self.ids.setdefault(key, f"M{len(self.ids) + 1}")
        return httpx.Response(201 if created else 200, json={"message_id": self.ids[key]})


@pytest.fixture
def gateway() -> Gateway:
    return Gateway()


@pytest.fixture(params=["fake", "http"])
async def e_address(request: pytest.FixtureRequest, gateway: Gateway) -> AsyncIterator[EAddress]:
    if request.param == "fake":
        yield FakeEAddress(registered=[REGISTERED])
        return
    async with httpx.AsyncClient(transport=httpx.MockTransport(gateway)) as client:
        yield HttpEAddress(client, BASE)


async def test_a_message_is_delivered_once_per_idempotency_key(e_address: EAddress) -> None:
    first = await e_address.send(_message(key="answer-7"))
    again = await e_address.send(_message(key="answer-7"))
    other = await e_address.send(_message(key="answer-8"))
    assert first == again != other


async def test_a_recipient_without_an_e_address_is_not_found(e_address: EAddress) -> None:
    with pytest.raises(NotFound) as error:
        await e_address.send(_message(code="010101-10000"))
    assert "010101" not in str(error.value)


async def test_whether_a_recipient_has_an_e_address(e_address: EAddress) -> None:
    assert await e_address.has_e_address(RecipientKind.PERSON, REGISTERED) is True
    assert await e_address.has_e_address(RecipientKind.PERSON, "010101-10000") is False


async def test_the_lookup_keeps_the_code_out_of_the_url(gateway: Gateway) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(gateway)) as client:
        await HttpEAddress(client, BASE).has_e_address(RecipientKind.COMPANY, "40003528712")
    [request] = gateway.requests
    assert request.method == "POST" and "40003528712" not in str(request.url)
    assert json.loads(request.content) == {
        "recipient": {"kind": "company", "code": "40003528712"}}


async def test_the_request_keeps_the_code_out_of_the_url(gateway: Gateway) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(gateway)) as client:
        await HttpEAddress(client, BASE + "/").send(_message())
    [request] = gateway.requests
    assert REGISTERED not in str(request.url)
    assert json.loads(request.content) == {
        "recipient": {"kind": "person", "code": REGISTERED},
        "subject": "Atbilde uz jūsu iesniegumu VDS-7KQ2-M9XH", "body": "Labdien!\n",
        "reference": "VDS-7KQ2-M9XH", "language": "lv"}
    assert request.headers["idempotency-key"] == "answer-1"


def _answering(response: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: response


def _failing(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


@pytest.mark.parametrize(("handler", "error"), [
    (_answering(httpx.Response(400, json={})), Rejected),
    (_answering(httpx.Response(403)), Rejected),
    (_answering(httpx.Response(429)), Unavailable),
    (_answering(httpx.Response(503)), Unavailable),
    (_answering(httpx.Response(201, text="<html>proxy</html>")), Unavailable),
    (_answering(httpx.Response(201, json={"message_id": ""})), Unavailable),
    (_failing, Unavailable),
])
async def test_failures_are_translated(
    handler: Callable[[httpx.Request], httpx.Response], error: type[Exception],
) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(error) as raised:
            await HttpEAddress(client, BASE).send(_message())
    assert REGISTERED not in str(raised.value)


@pytest.mark.parametrize(("handler", "error"), [
    (_answering(httpx.Response(400, json={})), Rejected),
    (_answering(httpx.Response(429)), Unavailable),
    (_answering(httpx.Response(502)), Unavailable),
    (_answering(httpx.Response(200, text="<html>proxy</html>")), Unavailable),
    (_answering(httpx.Response(200, json={"active": "yes"})), Unavailable),
    (_failing, Unavailable),
])
async def test_lookup_failures_are_translated(
    handler: Callable[[httpx.Request], httpx.Response], error: type[Exception],
) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(error):
            await HttpEAddress(client, BASE).has_e_address(RecipientKind.PERSON, REGISTERED)


async def test_the_fake_fails_when_told() -> None:
    fake = FakeEAddress()
    assert await fake.send(_message(code="any")) == "EA-000001"
    fake.fail_with()
    with pytest.raises(Unavailable):
        await fake.send(_message())
    with pytest.raises(Unavailable):
        await fake.has_e_address(RecipientKind.PERSON, REGISTERED)
