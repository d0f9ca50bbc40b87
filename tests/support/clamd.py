"""A throwaway ClamAV daemon for tests: own config, own tiny database, own port.

No virus database is downloaded: the only signature is one we write ourselves,
matching the EICAR test string anywhere in a stream (an `.ndb` body-based
signature: `Name:TargetType:Offset:HexSignature`, target 0 = any file, offset
`*` = anywhere). With one signature clamd starts in about a second.

Needs Debian's `clamav-daemon` package (it provides /usr/sbin/clamd). When clamd
is missing, tests that need it fail with a one-line explanation: a virus
scanner that is silently not tested is worse than a red test run.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.virus_scan.fake import EICAR
from tests.support.ports import free_port

TEST_SIGNATURE = "Portal-Test-Eicar"
STARTUP_TIMEOUT = 60.0
MISSING_CLAMD = (
    "clamd not found: install the Debian package clamav-daemon "
    "(apt-get install -y clamav-daemon) to run the virus-scan tests"
)


@dataclass(frozen=True)
class Clamd:
    host: str
    port: int
    directory: Path


def find_clamd() -> str | None:
    return shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(path).exists()),
        None,
    )


def write_config(directory: Path, port: int) -> Path:
    database = directory / "db"
    database.mkdir(exist_ok=True)
    (database / "portal-test.ndb").write_text(f"{TEST_SIGNATURE}:0:*:{EICAR.hex()}\n")
    config = directory / "clamd.conf"
    # No `User` line: as root clamd then keeps running as root, which is fine
    # for a loopback-only test daemon; as any other user it runs as that user.
    # No `LocalSocket`: only the TCP socket on loopback is opened. The size
    # limits are above the portal's 100 MB per-file limit so large uploads are
    # really scanned, not skipped.
    config.write_text(
        "\n".join(
            [
                "Foreground yes",
                "TCPAddr 127.0.0.1",
                f"TCPSocket {port}",
                f"DatabaseDirectory {database}",
                f"LogFile {directory / 'clamd.log'}",
                "LogTime yes",
                "Bytecode no",
                "MaxThreads 4",
                "StreamMaxLength 200M",
                "MaxFileSize 200M",
                "MaxScanSize 200M",
                "",
            ]
        )
    )
    return config


def answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as connection:
            connection.sendall(b"zPING\0")
            return connection.recv(16) == b"PONG\0"
    except OSError:
        return False


@contextmanager
def running_clamd(directory: Path) -> Iterator[Clamd]:
    """Start clamd in `directory`, wait until it answers PING, stop it afterwards.

    Equivalent to `clamd --config-file=<directory>/clamd.conf` with the config
    written by `write_config`.
    """
    executable = find_clamd()
    if executable is None:
        pytest.fail(MISSING_CLAMD, pytrace=False)
    port = free_port()
    config = write_config(directory, port)
    output = (directory / "clamd.out").open("wb")
    process = subprocess.Popen(
        [executable, f"--config-file={config}"], stdout=output, stderr=subprocess.STDOUT
    )
    try:
        _wait_until_ready(process, port, directory)
        yield Clamd("127.0.0.1", port, directory)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.close()


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, directory: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"clamd exited with {process.returncode}: {_tail(directory)}", pytrace=False
            )
        if answers_ping(port):
            return
        time.sleep(0.1)
    pytest.fail(
        f"clamd did not answer PING within {STARTUP_TIMEOUT}s: {_tail(directory)}", pytrace=False
    )


def _tail(directory: Path) -> str:
    lines: list[str] = []
    for name in ("clamd.out", "clamd.log"):
        path = directory / name
        if path.exists():
            lines += path.read_text(errors="replace").splitlines()[-3:]
    return " | ".join(lines)
