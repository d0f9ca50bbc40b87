"""An in-memory scanner for tests and the demo: it knows the EICAR test file.

EICAR is the industry's agreed harmless "virus" that every scanner reports, so
the same test bytes are caught by this fake and by a real ClamAV.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping

from adapters.errors import Unavailable
from adapters.virus_scan.base import ScanResult

# Built from two halves so that the source file itself is not the test string:
# scanners on developers' machines would otherwise quarantine this module.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

EICAR_SIGNATURE = "Eicar-Test-Signature"


class FakeVirusScanner:
    """Reports any stream containing one of `signatures` (by default EICAR).

    Set `available = False` to behave like a scanner that is down.
    """

    system = "virus-scan"

    def __init__(self, signatures: Mapping[str, bytes] | None = None) -> None:
        self.signatures = dict(signatures or {EICAR_SIGNATURE: EICAR})
        self.available = True
        self.scanned_bytes = 0

    async def scan(self, chunks: AsyncIterable[bytes]) -> ScanResult:
        if not self.available:
            raise Unavailable(self.system, "scanner is down (fake)")
        # Keep only a tail as long as the longest signature minus one, so that
        # a signature split across chunks is found without holding the stream.
        overlap = max((len(pattern) for pattern in self.signatures.values()), default=1) - 1
        window = b""
        found: str | None = None
        async for chunk in chunks:
            self.scanned_bytes += len(chunk)
            window = window[-overlap:] + chunk if overlap else chunk
            if found is None:
                found = self._match(window)
        return ScanResult.found(found) if found else ScanResult.clean()

    def _match(self, data: bytes) -> str | None:
        for name, pattern in self.signatures.items():
            if pattern in data:
                return name
        return None
