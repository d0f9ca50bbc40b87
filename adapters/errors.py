"""The errors an adapter may raise; nothing lower-level crosses the adapter boundary.

    AdapterError
    ├── Unavailable        the system did not answer, timed out or answered 5xx;
    │                      worth retrying later
    ├── Rejected           the system answered and refused the request (4xx);
    │                      retrying the same request will not help
    └── NotFound           the system has no such record (a Rejected with a
                           clear meaning: unknown personal code, company, ...)

httpx errors, JSON decoding errors and unexpected payloads are translated into
these at the edge of each `http.py`, so e-services and the delivery worker never
import httpx.
"""

from __future__ import annotations


class AdapterError(Exception):
    def __init__(self, system: str, message: str) -> None:
        super().__init__(f"{system}: {message}")
        self.system = system
        self.message = message


class Unavailable(AdapterError):
    """The system could not be reached or failed; try again later."""


class Rejected(AdapterError):
    """The system refused the request; retrying it unchanged will not help."""


class NotFound(Rejected):
    """The system has no record of what was asked for."""
