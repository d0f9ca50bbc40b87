"""Delivery of submissions to the back offices: VDI, SPOLIS and SIVA.

The three systems accept submissions through one contract (documented in
`http`), so one adapter serves all of them with the system's name as a
parameter: `base` holds the interface and result types, `http` the real
implementation, `multipart` the streamed request body, `fake` an in-memory one.
"""

from adapters.back_office.base import BackOfficeDelivery, DeliveryReceipt, OutgoingFile

__all__ = ["BackOfficeDelivery", "DeliveryReceipt", "OutgoingFile"]
