"""The fake CKAN on a loopback port: real HTTP, as the open-data portal is reached."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from adapters.open_data_portal.fake import FakeOpenDataPortal
from adapters.open_data_portal.served import create_fake_ckan


@contextmanager
def served_ckan(portal: FakeOpenDataPortal, *, token: str) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    origin = f"http://127.0.0.1:{port}"
    portal.base_url = origin
    server = uvicorn.Server(uvicorn.Config(create_fake_ckan(portal, token=token),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the fake CKAN did not start"
        time.sleep(0.02)
    try:
        yield origin
    finally:
        server.should_exit = True
        thread.join(timeout=10)
