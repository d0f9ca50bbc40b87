"""The portal as a real process: `portal demo` on a free loopback port, as a person runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class RunningPortal:
    url: str
    log_path: Path

    def log_text(self) -> str:
        """Everything the portal printed so far (warnings and errors: it runs --quiet)."""
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_portal(directory: Path) -> Iterator[RunningPortal]:
    """Start `portal demo` with its data in `directory`; stop it on exit."""
    log_path = directory / "portal.log"
    url = f"http://{HOST}:{_free_port()}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "portal", "demo", "--host", HOST,
             "--port", url.rsplit(":", 1)[1], "--data-dir", str(directory / "data"), "--quiet"],
            cwd=REPOSITORY, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        _wait_until_alive(process, url, log_path)
        yield RunningPortal(url=url, log_path=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def _wait_until_alive(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"portal demo exited with {process.returncode} before answering "
                        f"/healthz:\n{_tail(log_path)}", pytrace=False)
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"portal demo did not answer {url}/healthz within {STARTUP_TIMEOUT:.0f}s:\n"
                f"{_tail(log_path)}", pytrace=False)
