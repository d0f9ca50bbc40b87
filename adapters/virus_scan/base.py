"""What the portal needs from a virus scanner: a verdict on a stream of bytes.

The scanner gets chunks, not a file path, so it works the same whatever the
storage backend is and never needs the whole file in memory. A scanner that
cannot give a verdict raises `adapters.errors.Unavailable`; it never answers
"clean" for a file it did not scan.
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ScanResult:
    """A verdict: clean, or infected with the signature the scanner matched."""

    infected: bool
    signature: str | None = None

    @classmethod
    def clean(cls) -> ScanResult:
        return cls(infected=False)

    @classmethod
    def found(cls, signature: str) -> ScanResult:
        return cls(infected=True, signature=signature)


class VirusScanner(Protocol):
    async def scan(self, chunks: AsyncIterable[bytes]) -> ScanResult:
        """Scan the concatenation of `chunks`; raises `Unavailable` on failure."""
        ...
