"""The official electronic address ("e-adrese"): `base` holds the interface, `http`
the gateway client, `fake` an in-memory mailbox."""

from adapters.e_address.base import EAddress, EAddressMessage, RecipientKind

__all__ = ["EAddress", "EAddressMessage", "RecipientKind"]
