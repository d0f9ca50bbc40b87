"""Benchmark: a 200 MB attachment uploaded through the portal vs through a raw ASGI handler.

Run from the repository root (see bench/README.md):

    .venv/bin/python bench/uploads.py [--size-mb 200] [--rounds 3]

Two uvicorn processes are started on loopback, with the same server settings:

- the portal: the real app from `create_app()` (demo settings, a migrated
  throwaway SQLite database, every middleware), plus one route added here, not
  in production code: POST /api/bench/upload calls `receive_upload` and keeps
  the file in a `LocalDirectoryStorage` (multipart parsing, type sniffing,
  SHA-256, fsync and rename, as for a real attachment);
- raw: a bare ASGI callable that writes the request body to a file as it
  arrives and fsyncs it — the ceiling for one streamed upload on this machine.

The same multipart body (a PDF-looking 200 MB file) is sent to both, rounds
interleaved, from this process with httpx, streamed from a file on disk. It
prints each target's best throughput, the ratio portal/raw (target >= 0.8) and
the growth of the portal process's peak resident memory, VmHWM in
/proc/<pid>/status, from after a warm-up upload to the end (target < 32 MB).

This is a benchmark, not a test: nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MiB = 1024 * 1024
HOST = "127.0.0.1"
BOUNDARY = "bench" + secrets.token_hex(12)
SERVER_OPTIONS: dict[str, Any] = {"host": HOST, "log_level": "warning", "access_log": False}


# --- the two servers (run as child processes of this script) -----------------------


def serve_portal(port: int, data_dir: Path) -> None:
    from starlette.background import BackgroundTask
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from eservices.attachments import LocalDirectoryStorage, UploadLimits, receive_upload
    from portal.app import create_app
    from portal.migrations import upgrade
    from portal.settings import Settings

    settings = Settings.demo(data_dir, log_level="WARNING")
    upgrade(settings.database_url)
    app = create_app(settings)
    storage = LocalDirectoryStorage(data_dir / "bench-files")
    limits = UploadLimits(max_file_size=1024 * MiB, max_total_size=1024 * MiB)

    async def bench_upload(request: Request) -> JSONResponse:
        result = await receive_upload(request, storage, limits=limits)
        stored = result.stored
        if len(stored) != 1:
            return JSONResponse({"rejected": [r.reason for r in result.rejected]}, 400)
        # Deleted after the answer, so disk space does not run out over the rounds.
        return JSONResponse(
            {"size": stored[0].size, "type": stored[0].content_type.value},
            background=BackgroundTask(storage.delete, stored[0].key),
        )

    # Under /api/ so that the CSRF check, meant for browsers, does not apply.
    app.router.routes.insert(0, Route("/api/bench/upload", bench_upload, methods=["POST"]))
    import uvicorn

    uvicorn.run(app, port=port, **SERVER_OPTIONS)


def serve_raw(port: int, data_dir: Path) -> None:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        path = data_dir / f"raw-{secrets.token_hex(8)}"
        size = 0
        with path.open("wb") as target:
            more = True
            while more:
                message = await receive()
                body = message.get("body", b"")
                target.write(body)
                size += len(body)
                more = message.get("more_body", False)
            target.flush()
            os.fsync(target.fileno())
        path.unlink()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"size": %d}' % size})

    import uvicorn

    uvicorn.run(app, port=port, **SERVER_OPTIONS)


# --- the client ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def make_file(path: Path, size: int) -> None:
    """A file the portal accepts as a PDF: the magic number, then incompressible bytes."""
    with path.open("wb") as target:
        target.write(b"%PDF-1.7\n")
        written = 9
        block = os.urandom(MiB)
        while written < size:
            chunk = block[: size - written]
            target.write(chunk)
            written += len(chunk)


def multipart(path: Path) -> tuple[int, Iterator[bytes]]:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachment\"; "
            f"filename=\"lemums.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def chunks() -> Iterator[bytes]:
        yield head
        with path.open("rb") as source:
            while block := source.read(MiB):
                yield block
        yield tail

    return len(head) + path.stat().st_size + len(tail), chunks()


def upload(client: httpx.Client, url: str, path: Path) -> float:
    length, body = multipart(path)
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}",
               "content-length": str(length)}
    started = time.perf_counter()
    response = client.post(url, content=body, headers=headers)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
    return elapsed


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_memory_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit("no VmHWM in /proc: this benchmark needs Linux")


class Server:
    def __init__(self, kind: str, data_dir: Path) -> None:
        self.port = free_port()
        data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", kind, "--port", str(self.port),
             "--dir", str(data_dir)],
            cwd=ROOT, start_new_session=True)
        self.url = f"http://{HOST}:{self.port}"

    def wait_until_up(self, client: httpx.Client, path: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server on port {self.port} exited ({self.process.returncode})")
            try:
                client.get(self.url + path, timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise SystemExit(f"server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def run(size_mb: int, rounds: int) -> None:
    size = size_mb * MiB
    with tempfile.TemporaryDirectory(prefix="bench-uploads-", dir=ROOT / "var") as tmp:
        work = Path(tmp)
        big, small = work / "big.pdf", work / "small.pdf"
        make_file(big, size)
        make_file(small, MiB)
        portal = Server("portal", work / "portal")
        raw = Server("raw", work / "raw")
        try:
            with httpx.Client(timeout=httpx.Timeout(600, connect=5)) as client:
                portal.wait_until_up(client, "/healthz")
                raw.wait_until_up(client, "/")
                # Warm-up: imports, the database connection, first-request caches.
                for server in (portal, raw):
                    upload(client, server.url + "/api/bench/upload", small)
                peak_before = peak_memory_kib(portal.process.pid)
                times: dict[str, list[float]] = {"portal": [], "raw": []}
                cpu: dict[str, list[float]] = {"portal": [], "raw": []}
                for number in range(1, rounds + 1):
                    for name, server in (("raw", raw), ("portal", portal)):
                        cpu_before = cpu_seconds(server.process.pid)
                        elapsed = upload(client, server.url + "/api/bench/upload", big)
                        used = cpu_seconds(server.process.pid) - cpu_before
                        times[name].append(elapsed)
                        cpu[name].append(used)
                        print(f"round {number}: {name:6} {size / MiB / elapsed:8.1f} MiB/s "
                              f"({elapsed:.2f} s, server CPU {used:.2f} s)", flush=True)
                peak_after = peak_memory_kib(portal.process.pid)
        finally:
            portal.stop()
            raw.stop()
    report(size, times, cpu, peak_before, peak_after)


def report(size: int, times: dict[str, list[float]], cpu: dict[str, list[float]],
           before_kib: int, after_kib: int) -> None:
    best = {name: size / MiB / min(values) for name, values in times.items()}
    least_cpu = {name: min(values) for name, values in cpu.items()}
    ratio = best["portal"] / best["raw"]
    growth_mib = (after_kib - before_kib) / 1024
    print()
    print(f"upload of {size / MiB:.0f} MiB, best of {len(times['portal'])} rounds")
    print(f"  raw ASGI handler to disk  {best['raw']:8.1f} MiB/s   "
          f"server CPU {least_cpu['raw']:.2f} s")
    print(f"  portal, receive_upload    {best['portal']:8.1f} MiB/s   "
          f"server CPU {least_cpu['portal']:.2f} s")
    verdict = "target met" if ratio >= 0.8 else "target missed"
    print(f"  portal / raw              {ratio:8.2f}   (target >= 0.8: {verdict})")
    verdict = "target met" if growth_mib < 32 else "target missed"
    print(f"  portal peak RSS growth    {growth_mib:8.1f} MiB (VmHWM {before_kib // 1024} -> "
          f"{after_kib // 1024} MiB; target < 32: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", choices=["portal", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve == "portal":
        serve_portal(args.port, args.dir)
    elif args.serve == "raw":
        serve_raw(args.port, args.dir)
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        run(args.size_mb, args.rounds)


if __name__ == "__main__":
    main()
