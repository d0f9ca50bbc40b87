"""Streaming reception of multipart uploads, end to end through a Starlette app."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
import unicodedata
from collections.abc import AsyncIterator, Iterable

import httpx
import pytest
from starlette.requests import Request
from starlette.types import Message
from wtforms import Form, SelectMultipleField, StringField

from adapters.virus_scan.fake import EICAR, FakeVirusScanner
from eservices.attachments import (
    FileType,
    MalformedUpload,
    RejectedAttachment,
    RejectionReason,
    ScanStatus,
    StoredAttachment,
    UploadLimits,
    receive_multipart,
    receive_upload,
)
from tests.eservices.attachments.samples import (
    PDF,
    REFUSED,
    SAMPLES,
    TXT,
    Part,
    body,
    closing,
    headers,
    png,
)
from tests.eservices.attachments.upload_app import UploadSetup

MiB = 1024 * 1024


async def post(client: httpx.AsyncClient, content: bytes | AsyncIterator[bytes]) -> httpx.Response:
    return await client.post("/upload", content=content, headers=headers())


def stored(item: StoredAttachment | RejectedAttachment) -> StoredAttachment:
    assert isinstance(item, StoredAttachment), item
    return item


def rejected(item: StoredAttachment | RejectedAttachment) -> RejectedAttachment:
    assert isinstance(item, RejectedAttachment), item
    return item


def pdf_of(size: int) -> bytes:
    return PDF + b"%" * (size - len(PDF))


@pytest.mark.anyio
async def test_fields_and_a_file_are_received(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    response = await post(
        upload_client,
        body(
            Part("description", "Alga nav izmaksāta"),
            Part("evidence", PDF, filename="līgums.pdf", content_type="application/pdf"),
            Part("category", "salary"),
            Part("category", "hours"),
        ),
    )

    assert response.status_code == 200
    result = setup.last()
    assert result.fields.getlist("category") == ["salary", "hours"]
    assert result.fields["description"] == "Alga nav izmaksāta"
    (attachment,) = result.stored
    assert attachment.field_name == "evidence"
    assert attachment.filename == "līgums.pdf"
    assert attachment.content_type is FileType.PDF
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert setup.storage.path_for(attachment.key).read_bytes() == PDF
    assert setup.files_on_disk() == [setup.storage.path_for(attachment.key)]


@pytest.mark.anyio
async def test_fields_feed_a_wtforms_form(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    class ComplaintForm(Form):  # type: ignore[misc]  # wtforms has no type hints
        description = StringField()
        category = SelectMultipleField(choices=["salary", "hours"])

    await post(
        upload_client,
        body(Part("description", "Teksts"), Part("category", "salary"), Part("category", "hours")),
    )

    form = ComplaintForm(formdata=setup.last().fields)
    assert form.description.data == "Teksts"
    assert form.category.data == ["salary", "hours"]


@pytest.mark.anyio
async def test_a_20_mb_file_streams_with_bounded_memory(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    size = 20 * MiB
    expected = hashlib.sha256()

    async def stream() -> AsyncIterator[bytes]:
        yield Part("evidence", b"", filename="scan.pdf").head()
        expected.update(PDF)
        yield PDF
        remaining = size - len(PDF)
        while remaining:
            chunk = os.urandom(min(64 * 1024, remaining))
            remaining -= len(chunk)
            expected.update(chunk)
            yield chunk
        yield b"\r\n" + closing()

    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        response = await post(upload_client, stream())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    attachment = stored(setup.last().files[0])
    assert attachment.size == size
    assert attachment.sha256 == expected.hexdigest()
    on_disk = hashlib.sha256(setup.storage.path_for(attachment.key).read_bytes()).hexdigest()
    assert on_disk == expected.hexdigest()
    # A few chunks and buffers at most, not the file.
    assert peak - baseline < 4 * MiB, f"peak grew by {(peak - baseline) / MiB:.1f} MiB"


@pytest.mark.anyio
@pytest.mark.parametrize("file_type", list(SAMPLES), ids=lambda file_type: file_type.name)
async def test_each_allowed_type_is_recognised(
    upload_client: httpx.AsyncClient, setup: UploadSetup, file_type: FileType
) -> None:
    # Name and declared type say nothing useful: only the bytes decide.
    await post(
        upload_client,
        body(Part("evidence", SAMPLES[file_type], filename="fails", content_type="text/html")),
    )

    attachment = stored(setup.last().files[0])
    assert attachment.content_type is file_type
    assert attachment.filename == f"fails{file_type.extension}"


@pytest.mark.anyio
@pytest.mark.parametrize("kind", list(REFUSED))
async def test_other_content_is_refused_and_not_stored(
    upload_client: httpx.AsyncClient, setup: UploadSetup, kind: str
) -> None:
    await post(
        upload_client,
        body(
            Part("evidence", REFUSED[kind], filename="document.pdf", content_type="application/pdf")
        ),
    )

    assert rejected(setup.last().files[0]).reason is RejectionReason.TYPE_NOT_ALLOWED
    assert setup.files_on_disk() == []


@pytest.mark.anyio
async def test_a_pdf_declared_as_png_is_a_pdf(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    await post(
        upload_client, body(Part("evidence", PDF, filename="scan.png", content_type="image/png"))
    )

    attachment = stored(setup.last().files[0])
    assert attachment.content_type is FileType.PDF
    assert attachment.filename == "scan.pdf"


@pytest.mark.anyio
async def test_allowed_types_can_be_narrowed(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.allowed_types = {FileType.PDF}

    await post(
        upload_client,
        body(Part("a", PDF, filename="a.pdf"), Part("b", png(), filename="b.png")),
    )

    first, second = setup.last().files
    assert stored(first).content_type is FileType.PDF
    assert rejected(second).reason is RejectionReason.TYPE_NOT_ALLOWED


@pytest.mark.anyio
async def test_text_that_turns_binary_after_the_sniffed_window_is_refused(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    fine = ("Līgums ārā. " * 20_000).encode()  # about 280 KB, multi-byte letters cut by chunks
    broken = fine[:150_000] + b"\x00" + fine[150_000:]

    await post(
        upload_client,
        body(Part("a", fine, filename="a.txt"), Part("b", broken, filename="b.txt")),
    )

    first, second = setup.last().files
    assert stored(first).content_type is FileType.TXT
    assert rejected(second).reason is RejectionReason.TYPE_NOT_ALLOWED
    assert setup.files_on_disk() == [setup.storage.path_for(stored(first).key)]


@pytest.mark.anyio
async def test_too_large_file_is_refused_and_its_bytes_deleted_while_the_rest_is_kept(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.limits = UploadLimits(max_file_size=1 * MiB)

    response = await post(
        upload_client,
        body(
            Part("description", "pirms"),
            Part("evidence", pdf_of(3 * MiB), filename="big.pdf"),
            Part("evidence", png(), filename="photo.png"),
            Part("period", "2024"),
        ),
    )

    assert response.status_code == 200
    result = setup.last()
    assert result.fields["description"] == "pirms"
    assert result.fields["period"] == "2024"
    big, photo = result.files
    assert rejected(big).reason is RejectionReason.TOO_LARGE
    assert rejected(big).filename == "big.pdf"
    assert stored(photo).content_type is FileType.PNG
    assert setup.files_on_disk() == [setup.storage.path_for(stored(photo).key)]


@pytest.mark.anyio
async def test_files_beyond_the_total_are_refused_but_smaller_ones_still_fit(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.limits = UploadLimits(max_file_size=1 * MiB, max_total_size=3 * MiB // 2)
    eight_tenths = pdf_of(8 * MiB // 10)

    await post(
        upload_client,
        body(
            Part("f", eight_tenths, filename="1.pdf"),
            Part("f", eight_tenths, filename="2.pdf"),
            Part("f", pdf_of(MiB // 2), filename="3.pdf"),
        ),
    )

    first, second, third = setup.last().files
    assert stored(first).size == len(eight_tenths)
    assert rejected(second).reason is RejectionReason.TOTAL_TOO_LARGE
    assert stored(third).size == MiB // 2
    assert len(setup.files_on_disk()) == 2


@pytest.mark.anyio
async def test_empty_file_inputs_are_ignored_and_empty_files_refused(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    await post(
        upload_client,
        body(
            Part("evidence", b"", filename=""),
            Part("other", b"", filename="tukšs.pdf"),
            Part("note", "x"),
        ),
    )

    result = setup.last()
    (only,) = result.files
    assert rejected(only).reason is RejectionReason.EMPTY
    assert result.fields["note"] == "x"


@pytest.mark.anyio
async def test_too_many_files_are_refused(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.limits = UploadLimits(max_files=2)

    await post(upload_client, body(*(Part("f", PDF, filename=f"{n}.pdf") for n in range(3))))

    reasons = [getattr(item, "reason", None) for item in setup.last().files]
    assert reasons == [None, None, RejectionReason.TOO_MANY_FILES]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd.txt"),
        ("CON.txt", "_CON.txt"),
        (unicodedata.normalize("NFD", "Līgums ārā.txt"), "Līgums ārā.txt"),
        ("C:\\Users\\Jānis\\Desktop\\iesniegums.txt", "iesniegums.txt"),
        ("run.bat", "run.txt"),
    ],
)
async def test_file_names_are_sanitised(
    upload_client: httpx.AsyncClient, setup: UploadSetup, raw: str, expected: str
) -> None:
    await post(upload_client, body(Part("evidence", TXT, filename=raw)))

    attachment = stored(setup.last().files[0])
    assert attachment.filename == expected
    # The name never reaches the file system: keys are random.
    assert setup.files_on_disk() == [setup.storage.path_for(attachment.key)]


@pytest.mark.anyio
async def test_an_infected_file_is_refused_and_deleted(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.scanner = FakeVirusScanner()

    await post(
        upload_client,
        body(Part("a", EICAR, filename="eicar.txt"), Part("b", PDF, filename="clean.pdf")),
    )

    infected, clean = setup.last().files
    assert rejected(infected).reason is RejectionReason.INFECTED
    assert stored(clean).scan is ScanStatus.CLEAN
    assert setup.files_on_disk() == [setup.storage.path_for(stored(clean).key)]


@pytest.mark.anyio
async def test_files_are_kept_unscanned_when_the_scanner_is_down(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    scanner = FakeVirusScanner()
    scanner.available = False
    setup.scanner = scanner

    await post(upload_client, body(Part("a", PDF, filename="a.pdf")))

    assert stored(setup.last().files[0]).scan is ScanStatus.NOT_SCANNED


@pytest.mark.anyio
async def test_a_truncated_body_is_malformed_and_leaves_nothing(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    complete = Part("a", PDF, filename="a.pdf").encode()
    cut = Part("b", pdf_of(300_000), filename="b.pdf").encode()[:200_000]

    response = await post(upload_client, complete + cut)

    assert response.status_code == 400
    assert response.json()["error"] == "malformed"
    assert setup.files_on_disk() == []


async def chunks(parts: Iterable[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("content_type", "raw"),
    [
        (headers()["content-type"], b"not a multipart body at all"),
        (headers()["content-type"], b"--wrong-boundary\r\n\r\nx"),
        ("multipart/form-data", body(Part("a", "b"))),
        ("application/x-www-form-urlencoded", b"a=b"),
        (headers()["content-type"], Part("a", PDF, filename="a.pdf").encode()),
    ],
    ids=["garbage", "wrong-boundary", "no-boundary", "not-multipart", "no-closing-boundary"],
)
async def test_broken_bodies_raise_malformed_upload(
    setup: UploadSetup, content_type: str, raw: bytes
) -> None:
    with pytest.raises(MalformedUpload):
        await receive_multipart({"content-type": content_type}, chunks([raw]), setup.storage)
    assert setup.files_on_disk() == []


@pytest.mark.anyio
async def test_a_client_that_disconnects_mid_file_leaves_nothing(setup: UploadSetup) -> None:
    raw = (
        Part("a", PDF, filename="a.pdf").encode()
        + Part("b", pdf_of(MiB), filename="b.pdf").encode()
    )
    messages: list[Message] = [
        {"type": "http.request", "body": raw[:700_000], "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Message:
        return messages.pop(0)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/upload",
        "headers": [(b"content-type", headers()["content-type"].encode())],
    }
    with pytest.raises(MalformedUpload):
        await receive_upload(Request(scope, receive), setup.storage)
    assert setup.files_on_disk() == []


@pytest.mark.anyio
async def test_oversized_text_fields_refuse_the_request_and_leave_nothing(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.limits = UploadLimits(max_fields_size=1000)

    response = await post(
        upload_client, body(Part("a", PDF, filename="a.pdf"), Part("text", "x" * 2000))
    )

    assert response.status_code == 413
    assert setup.files_on_disk() == []


@pytest.mark.anyio
async def test_a_body_beyond_the_request_limit_is_refused(
    upload_client: httpx.AsyncClient, setup: UploadSetup
) -> None:
    setup.limits = UploadLimits(max_file_size=MiB, max_body_size=2 * MiB)

    async def endless() -> AsyncIterator[bytes]:
        yield Part("a", b"", filename="a.pdf").head() + PDF
        for _ in range(64):
            yield b"%" * 64 * 1024

    response = await post(upload_client, endless())

    assert response.status_code == 413
    assert setup.files_on_disk() == []
