"""The portal's processes, started as an operator would: `python -m portal ...` on loopback.

`Stack` starts the fake back office, delivery workers and the portal web
process as separate processes, each with its own log file under the test's
directory, and stops whatever is still running at the end. Tests kill and
restart them at will.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from adapters.fake_backoffice.keys import inbound_api_keys_setting
from tests.support.ports import free_port

REPOSITORY = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0
SECRET_KEY = "integration-secret-key-that-is-long-enough-0123456789"


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything, as when a machine dies."""
        self.popen.kill()
        self.popen.wait()

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, then wait for the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.name} ignored SIGTERM:\n{self.log()[-3000:]}") from None

    @property
    def running(self) -> bool:
        return self.popen.poll() is None


@dataclass
class Stack:
    directory: Path
    database_url: str
    backoffice_port: int = field(default_factory=free_port)
    processes: list[Process] = field(default_factory=list)
    # Settings of the worker, on top of `worker_environment()`'s.
    worker_settings: dict[str, str] = field(default_factory=dict)

    @property
    def storage_dir(self) -> Path:
        return self.directory / "files"

    @property
    def backoffice_url(self) -> str:
        return f"http://{HOST}:{self.backoffice_port}"

    def environment(self, **settings: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
        env.update({"PYTHONUNBUFFERED": "1", "PORTAL_DATABASE_URL": self.database_url,
                    "PORTAL_STORAGE_DIR": str(self.storage_dir)})
        env.update({f"PORTAL_{name.upper()}": value for name, value in settings.items()})
        return env

    def worker_environment(self) -> dict[str, str]:
        return self.environment(**{
            "adapters": "fake",  # the in-memory scanner knows EICAR; registers are unused
            "back_office_adapters": "http",
            "back_office_url": self.backoffice_url,
            "back_office_timeout_seconds": "5",
            "delivery_retry_base_seconds": "1",
            "delivery_retry_cap_seconds": "2",
            "delivery_claim_seconds": "3",
            "delivery_poll_milliseconds": "100",
            "log_level": "INFO",
            **self.worker_settings,
        })

    def start(self, name: str, *args: str, env: dict[str, str]) -> Process:
        log_path = self.directory / f"{name}.log"
        with log_path.open("ab") as log:
            popen = subprocess.Popen([sys.executable, "-m", "portal", *args], cwd=REPOSITORY,
                                     env=env, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT)
        process = Process(name, popen, log_path)
        self.processes.append(process)
        return process

    @property
    def keys_dir(self) -> Path:
        """The fake back offices' signing keys, trusted by the portal started here."""
        return self.directory / "backoffice-keys"

    def start_backoffice(self, *, portal_url: str = "") -> Process:
        process = self.start(
            "backoffice", "fake-backoffice", "--host", HOST, "--port", str(self.backoffice_port),
            "--data-dir", str(self.directory / "backoffice"), "--quiet",
            "--portal-url", portal_url, "--keys-dir", str(self.keys_dir),
            env=self.environment(),
        )
        wait_until_healthy(process, f"{self.backoffice_url}/healthz")
        return process

    def start_worker(self, name: str = "worker", *, concurrency: int = 1) -> Process:
        return self.start(name, "worker", "--concurrency", str(concurrency),
                          env=self.worker_environment())

    def start_portal(self, **settings: str) -> tuple[Process, str]:
        port = free_port()
        env = self.environment(**{"secret_key": SECRET_KEY, "adapters": "fake",
                                  "allow_sqlite": "true", "base_url": f"http://{HOST}:{port}",
                                  "inbound_api_keys": inbound_api_keys_setting(self.keys_dir),
                                  **settings})
        process = self.start("portal", "serve", "--host", HOST, "--port", str(port),
                             "--workers", "1", env=env)
        url = f"http://{HOST}:{port}"
        wait_until_healthy(process, f"{url}/healthz")
        return process, url

    def stop_all(self) -> None:
        for process in self.processes:
            if process.running:
                process.popen.terminate()
        for process in self.processes:
            try:
                process.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} ---\n{p.log()[-4000:]}" for p in self.processes)


def wait_until_healthy(process: Process, url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if not process.running:
            raise AssertionError(f"{process.name} exited with {process.popen.returncode}:\n"
                                 f"{process.log()[-3000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{process.name} did not answer {url}:\n{process.log()[-3000:]}")
