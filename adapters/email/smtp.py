"""E-mail over SMTP with the standard library's `smtplib`, run in a worker thread.

Why not an asyncio SMTP client: notifications are a few messages a minute sent
by the worker, never on a request's path, so a thread per message costs nothing
that matters, and `smtplib` is the client every mail server is tested against —
one dependency fewer in production. A new connection per message keeps the
sender stateless; SMTP servers expect exactly that from low-volume senders.

Replies are translated into `adapters.errors` here, and no message names the
recipient: error texts end up in logs and on the operators' page.
"""

from __future__ import annotations

import email.utils
import smtplib
import ssl
from email.message import EmailMessage as MimeMessage
from typing import Literal

import anyio.to_thread

from adapters.email.base import SYSTEM, EmailMessage
from adapters.errors import Rejected, Unavailable

Security = Literal["starttls", "tls", "none"]


class SmtpEmailSender:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        security: Security = "starttls",
        username: str = "",
        password: str = "",
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.security = security
        self.username = username
        self.password = password
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()

    async def send(self, message: EmailMessage) -> None:
        mime = self._mime(message)
        await anyio.to_thread.run_sync(self._send_blocking, mime)

    def _mime(self, message: EmailMessage) -> MimeMessage:
        mime = MimeMessage()
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Date"] = email.utils.formatdate(localtime=False)
        domain = email.utils.parseaddr(self.sender)[1].rpartition("@")[2] or None
        mime["Message-ID"] = email.utils.make_msgid(domain=domain)
        # Tells vacation responders and mailing lists not to answer a machine (RFC 3834).
        mime["Auto-Submitted"] = "auto-generated"
        mime.set_content(message.body, charset="utf-8")
        # After set_content, which clears every Content-* header.
        mime["Content-Language"] = message.language
        return mime

    def _send_blocking(self, mime: MimeMessage) -> None:
        try:
            client: smtplib.SMTP
            if self.security == "tls":
                client = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=self.ssl_context
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.security == "starttls":
                    client.starttls(context=self.ssl_context)
                if self.username:
                    client.login(self.username, self.password)
                client.send_message(mime)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise _by_code(min(codes, default=550), "recipient refused") from None
        except smtplib.SMTPResponseException as error:
            raise _by_code(error.smtp_code, f"SMTP {error.smtp_code}") from None
        except smtplib.SMTPNotSupportedError:
            raise Rejected(SYSTEM, "the server does not offer STARTTLS") from None
        except (smtplib.SMTPException, OSError) as error:
            # Connection refused, reset, timed out, TLS failures: try again later.
            what = type(error).__name__
            raise Unavailable(SYSTEM, f"{what} talking to the SMTP server") from None


def _by_code(code: int, what: str) -> Rejected | Unavailable:
    # 4xx replies are temporary by definition (RFC 5321 §4.2.1); 5xx are permanent.
    if 400 <= code < 500:
        return Unavailable(SYSTEM, f"{what} (temporary, {code})")
    return Rejected(SYSTEM, f"{what} ({code})")
