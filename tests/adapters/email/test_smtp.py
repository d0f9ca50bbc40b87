"""The SMTP sender against a real SMTP server on loopback, and the fake beside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.email.base import EmailMessage
from adapters.email.fake import FakeEmailSender
from adapters.email.smtp import SmtpEmailSender
from adapters.errors import Rejected, Unavailable
from tests.support.ports import free_port
from tests.support.smtp_server import HOST, SmtpServer

pytestmark = pytest.mark.anyio

SENDER = "Labklājības e-pakalpojumi <no-reply@portals.example.lv>"
MESSAGE = EmailMessage(to="dace.abele@example.lv", subject="Atbilde uz jūsu iesniegumu",
                       body="Labdien!\n\nPiesakieties portālā.\n", language="lv")


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path) as server:
        yield server


@pytest.fixture
def tls_smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path, tls=True) as server:
        yield server


async def test_a_message_arrives_whole_in_utf8(smtp_server: SmtpServer) -> None:
    sender = SmtpEmailSender(HOST, smtp_server.port, SENDER, security="none")
    await sender.send(MESSAGE)
    [received] = smtp_server.messages
    assert received["Subject"] == "Atbilde uz jūsu iesniegumu"
    assert received["To"] == "dace.abele@example.lv"
    assert "no-reply@portals.example.lv" in received["From"]
    assert received["Content-Language"] == "lv"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Message-ID"].endswith("@portals.example.lv>")
    assert received.get_content().replace("\r\n", "\n") == "Labdien!\n\nPiesakieties portālā.\n"
    assert smtp_server.handler.envelopes == [("no-reply@portals.example.lv",
                                              ["dace.abele@example.lv"])]


async def test_starttls_is_used_when_asked(tls_smtp_server: SmtpServer) -> None:
    sender = SmtpEmailSender(HOST, tls_smtp_server.port, SENDER, security="starttls",
                             ssl_context=tls_smtp_server.client_context)
    await sender.send(MESSAGE)
    assert len(tls_smtp_server.messages) == 1
    # Without TLS the server (which requires it) refuses for good.
    plain = SmtpEmailSender(HOST, tls_smtp_server.port, SENDER, security="none")
    with pytest.raises(Rejected):
        await plain.send(MESSAGE)


async def test_refusals_are_translated_without_the_address(smtp_server: SmtpServer) -> None:
    sender = SmtpEmailSender(HOST, smtp_server.port, SENDER, security="none")
    smtp_server.refuse("550 5.1.1 <dace.abele@example.lv>: no such user")
    with pytest.raises(Rejected) as refused:
        await sender.send(MESSAGE)
    smtp_server.refuse("451 4.3.0 <dace.abele@example.lv>: try again later")
    with pytest.raises(Unavailable) as later:
        await sender.send(MESSAGE)
    for error in (refused.value, later.value):
        assert "dace" not in str(error) and error.system == "email"
    assert smtp_server.messages == []


async def test_a_server_that_is_down_is_unavailable() -> None:
    sender = SmtpEmailSender(HOST, free_port(), SENDER, security="none", timeout=2)
    with pytest.raises(Unavailable):
        await sender.send(MESSAGE)


async def test_the_fake_keeps_messages_and_fails_when_told() -> None:
    fake = FakeEmailSender()
    await fake.send(MESSAGE)
    assert fake.sent == [MESSAGE]
    fake.fail_with()
    with pytest.raises(Unavailable):
        await fake.send(MESSAGE)
