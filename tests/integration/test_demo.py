"""`portal demo` brings its fake back office and a delivery worker, and takes them down."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from tests.integration.processes import HOST, Stack, wait_until_healthy
from tests.support.ports import free_port


def accepts_connections(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def test_the_demo_runs_the_fake_back_office_and_a_worker_and_stops_them(tmp_path: Path) -> None:
    stack = Stack(tmp_path, database_url="")
    port, backoffice_port = free_port(), free_port()
    demo = stack.start("demo", "demo", "--host", HOST, "--port", str(port),
                       "--backoffice-port", str(backoffice_port),
                       "--data-dir", str(tmp_path / "data"), env=stack.environment())
    try:
        wait_until_healthy(demo, f"http://{HOST}:{port}/healthz")
        # The worker starts beside the portal, not before it; its first line says so.
        deadline = time.monotonic() + 30
        while "lane(s)" not in demo.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "lane(s)" in demo.log(), demo.log()
        wait_until_healthy(demo, f"http://{HOST}:{backoffice_port}/healthz")
        assert (tmp_path / "data" / "backoffice-keys" / "vdi.pub.pem").exists()
    finally:
        exit_code = demo.stop()
    assert exit_code == 0, demo.log()
    assert not accepts_connections(backoffice_port)
    assert "stopped: nothing delivered" in demo.log()  # the worker's last line
