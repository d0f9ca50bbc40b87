"""The local directory storage backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from eservices.attachments.storage import AttachmentNotFound, LocalDirectoryStorage, new_key


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def storage(tmp_path: Path) -> LocalDirectoryStorage:
    return LocalDirectoryStorage(tmp_path)


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


async def read_all(storage: LocalDirectoryStorage, key: str) -> bytes:
    return b"".join([chunk async for chunk in storage.open_reader(key)])


@pytest.mark.anyio
async def test_written_bytes_appear_only_on_commit(storage: LocalDirectoryStorage) -> None:
    key = new_key()
    data = bytes(range(256)) * 5000  # over the write buffer: several thread hops

    writer = await storage.open_writer(key)
    for start in range(0, len(data), 10_000):
        await writer.write(data[start : start + 10_000])
    assert not await storage.exists(key)

    await writer.commit()

    assert await storage.exists(key)
    assert await read_all(storage, key) == data
    assert files_under(storage.root) == [storage.path_for(key)]


@pytest.mark.anyio
async def test_abort_leaves_nothing(storage: LocalDirectoryStorage) -> None:
    key = new_key()
    writer = await storage.open_writer(key)
    await writer.write(b"x" * 1_000_000)

    await writer.abort()
    await writer.abort()

    assert not await storage.exists(key)
    assert files_under(storage.root) == []


@pytest.mark.anyio
async def test_delete_and_missing_keys(storage: LocalDirectoryStorage) -> None:
    key = new_key()
    writer = await storage.open_writer(key)
    await writer.write(b"data")
    await writer.commit()

    await storage.delete(key)
    await storage.delete(key)

    assert not await storage.exists(key)
    with pytest.raises(AttachmentNotFound):
        await read_all(storage, key)


@pytest.mark.anyio
async def test_writing_after_commit_is_refused(storage: LocalDirectoryStorage) -> None:
    writer = await storage.open_writer(new_key())
    await writer.commit()

    with pytest.raises(RuntimeError):
        await writer.write(b"late")


@pytest.mark.parametrize("key", ["../../etc/passwd", "", "A" * 32, "0" * 31, "0" * 32 + "/x"])
def test_only_generated_keys_are_accepted(storage: LocalDirectoryStorage, key: str) -> None:
    with pytest.raises(ValueError, match="storage key"):
        storage.path_for(key)


def test_keys_are_random_and_sharded(storage: LocalDirectoryStorage) -> None:
    first, second = new_key(), new_key()

    assert first != second
    assert storage.path_for(first) == storage.root / first[:2] / first[2:4] / first
