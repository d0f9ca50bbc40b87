"""Sending e-mail: `base` holds the interface, `smtp` the real sender, `fake` an in-memory one."""

from adapters.email.base import EmailMessage, EmailSender

__all__ = ["EmailMessage", "EmailSender"]
