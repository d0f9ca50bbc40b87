"""What the fake back office has received, in memory or under a data directory.

With a data directory each submission lives in `<dir>/<system>/<key>/`:
`attachment.N` files and `record.json` (the envelope, checksums and counts) written last (through a
rename), so a process killed halfway leaves a directory without a record, which
is ignored on start and overwritten when the delivery is repeated. Restarting
with the same directory restores everything, receive counts included, which is
what lets a test stop the back office for a while and still count deliveries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread

SYSTEMS = ("vdi", "spolis", "siva")
# Keys become directory names; anything else is refused before it gets that far.
KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass
class StoredFile:
    file_name: str
    field_name: str
    content_type: str
    size: int
    sha256: str


@dataclass
class Received:
    system: str
    back_office_id: str
    idempotency_key: str
    reference: str
    received_at: str
    envelope: dict[str, Any]
    files: list[StoredFile]
    receive_count: int = 1
    # Most requests with this key the back office was handling at one moment.
    peak_concurrency: int = 1
    statuses_sent: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        del data["envelope"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Received:
        files = [StoredFile(**item) for item in data.pop("files")]
        return cls(files=files, **data)


class ReceivedStore:
    def __init__(self, data_dir: Path | None) -> None:
        self.data_dir = data_dir
        self._by_key: dict[tuple[str, str], Received] = {}
        self._counters: dict[str, int] = {}
        if data_dir is not None:
            self._load(data_dir)

    def _load(self, data_dir: Path) -> None:
        for record in sorted(data_dir.glob("*/*/record.json")):
            received = Received.from_json(json.loads(record.read_text(encoding="utf-8")))
            self._remember(received)

    def _remember(self, received: Received) -> None:
        self._by_key[(received.system, received.idempotency_key)] = received
        self._counters[received.system] = self._counters.get(received.system, 0) + 1

    def next_id(self, system: str) -> str:
        return f"{system.upper()}-{self._counters.get(system, 0) + 1:06d}"

    def get(self, system: str, key: str) -> Received | None:
        return self._by_key.get((system, key))

    def by_reference(self, system: str, reference: str) -> Received | None:
        # The portal's key is the reference; look it up directly before searching.
        found = self.get(system, reference)
        if found is not None and found.reference == reference:
            return found
        return next((r for r in self.all(system) if r.reference == reference), None)

    def all(self, system: str) -> list[Received]:
        return [r for (s, _), r in self._by_key.items() if s == system]

    def file_path(self, system: str, key: str, index: int) -> Path | None:
        """Where `attachment.index` is written; None when only checksums are kept."""
        if self.data_dir is None:
            return None
        return self.data_dir / system / key / f"attachment.{index}"

    async def add(self, received: Received) -> None:
        self._remember(received)
        await self.save(received)

    async def save(self, received: Received) -> None:
        if self.data_dir is not None:
            await anyio.to_thread.run_sync(self._write, self.data_dir, received)

    @staticmethod
    def _write(data_dir: Path, received: Received) -> None:
        directory = data_dir / received.system / received.idempotency_key
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / "record.json.partial"
        partial.write_text(json.dumps(asdict(received), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, directory / "record.json")

    def reset(self) -> None:
        self._by_key.clear()
        self._counters.clear()
        if self.data_dir is not None:
            for child in self.data_dir.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
