"""Benchmark: one delivery worker draining 5,000 queued submissions into the fake back office.

Run from the repository root (see bench/README.md):

    .venv/bin/python bench/deliveries.py [--count 5000] [--concurrency 1]

It starts a throwaway PostgreSQL cluster (tests/support/postgres.py), migrates a
database, queues `--count` submissions through `submit_draft` (a small envelope
and one 2 KiB attachment each, files in a temporary storage directory), starts
the fake back office (`portal fake-backoffice`, in memory) and then ONE worker
process (`portal worker --once --concurrency N`), which delivers everything
over HTTP on loopback and exits. It prints deliveries per second, both for the
worker's whole life (process start-up included) and for its steady state
(first to last delivery, from the outbox's `delivered_at`).

This is a benchmark, not a test: nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from eservices.attachments import LocalDirectoryStorage, ScanStatus  # noqa: E402
from eservices.registry import by_slug  # noqa: E402
from eservices.submissions.models import Attachment, Draft, OutboxEntry  # noqa: E402
from eservices.submissions.service import submit_draft  # noqa: E402
from portal.database import create_engine, create_sessionmaker, utcnow  # noqa: E402
from portal.migrations import upgrade  # noqa: E402
from tests.adapters.delivery.queued import ANSWERS, ILZE, store_file  # noqa: E402
from tests.integration.processes import Process as Child  # noqa: E402
from tests.integration.processes import free_port, wait_until_healthy  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402

ATTACHMENT = b"%PDF-1.7\n" + bytes(range(256)) * 8  # 2 KiB
BATCH = 250


async def queue(database_url: str, storage: LocalDirectoryStorage, count: int) -> None:
    """`count` submissions as the e-service pages leave them, in batches of one transaction."""
    service = by_slug("labour_complaint")
    assert service is not None
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    sha256 = __import__("hashlib").sha256(ATTACHMENT).hexdigest()
    try:
        for start in range(0, count, BATCH):
            keys = [await store_file(storage, ATTACHMENT)
                    for _ in range(min(BATCH, count - start))]
            async with sessionmaker() as db, db.begin():
                now = utcnow()
                for key in keys:
                    draft = Draft(id=str(uuid.uuid4()), service_slug=service.slug,
                                  subject_kind="self", subject_id=ILZE.subject_id,
                                  actor_personal_code=ILZE.actor_personal_code, answers=ANSWERS,
                                  last_step="details", created_at=now, updated_at=now,
                                  expires_at=now + timedelta(days=30))
                    db.add(draft)
                    db.add(Attachment(draft_id=draft.id, field_name="evidence", storage_key=key,
                                      filename="algas-lapina.pdf", size=len(ATTACHMENT),
                                      content_type="application/pdf", sha256=sha256,
                                      scan_status=ScanStatus.CLEAN, uploaded_at=now))
                    await db.flush()
                    await submit_draft(db, service=service, draft=draft, submitter=ILZE,
                                       locale="lv", now=now)
    finally:
        await engine.dispose()


async def delivered_span(database_url: str) -> tuple[int, float]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            row = (await connection.execute(
                select(func.count(), func.min(OutboxEntry.delivered_at),
                       func.max(OutboxEntry.delivered_at))
                .where(OutboxEntry.state == "delivered"))).one()
    finally:
        await engine.dispose()
    count, first, last = row
    return int(count), (last - first).total_seconds() if first and last else 0.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(directory: Path, name: str, args: Sequence[str], env: dict[str, str]) -> Child:
    log_path = directory / f"{name}.log"
    with log_path.open("wb") as log:
        popen = subprocess.Popen([sys.executable, "-m", "portal", *args], cwd=ROOT, env=env,
                                 stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    return Child(name, popen, log_path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=1,
                        help="lanes of the one worker process (default 1)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="portal-bench-deliveries-") as temporary:
        directory = Path(temporary)
        print("starting a throwaway PostgreSQL cluster ...", flush=True)
        cluster = PostgresCluster.start(directory)
        backoffice: Child | None = None
        try:
            database_url = cluster.create_database("bench_deliveries")
            upgrade(database_url)
            storage = LocalDirectoryStorage(directory / "files")
            started = time.monotonic()
            asyncio.run(queue(database_url, storage, args.count))
            print(f"queued {args.count} submissions in {time.monotonic() - started:.1f} s",
                  flush=True)

            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
            backoffice = start(directory, "backoffice", ["fake-backoffice", "--port", str(port),
                                                         "--quiet"], env)
            wait_until_healthy(backoffice, f"http://127.0.0.1:{port}/healthz")
            env.update({"PORTAL_DATABASE_URL": database_url,
                        "PORTAL_STORAGE_DIR": str(directory / "files"),
                        "PORTAL_ADAPTERS": "fake", "PORTAL_BACK_OFFICE_ADAPTERS": "http",
                        "PORTAL_BACK_OFFICE_URL": f"http://127.0.0.1:{port}",
                        "PORTAL_LOG_LEVEL": "WARNING"})
            started = time.monotonic()
            worker = start(directory, "worker", ["worker", "--once", "--concurrency",
                                                 str(args.concurrency)], env)
            # wait4 gives the worker's own CPU time: a measure that holds even when
            # other work shares the machine, unlike deliveries per second.
            _, status, usage = os.wait4(worker.popen.pid, 0)
            elapsed = time.monotonic() - started
            worker.popen.returncode = exit_code = os.waitstatus_to_exitcode(status)
            worker_cpu = usage.ru_utime + usage.ru_stime
            delivered, span = asyncio.run(delivered_span(database_url))
            backoffice_cpu = cpu_seconds(backoffice.popen.pid)
            if exit_code != 0 or delivered != args.count:
                print(f"worker exited with {exit_code} after {delivered} deliveries:\n"
                      f"{worker.log()[-3000:]}", file=sys.stderr)
                return 1
        finally:
            if backoffice is not None:
                backoffice.stop()
            cluster.stop()

    print()
    print(f"deliveries: {delivered} by one worker process, {args.concurrency} lane(s), "
          "PostgreSQL, fake back office over HTTP on loopback")
    print(f"  whole run (worker start-up included): {elapsed:6.1f} s  "
          f"{delivered / elapsed:7.1f} deliveries/s")
    if span > 0:
        print(f"  steady state (first to last):       {span:6.1f} s  "
              f"{(delivered - 1) / span:7.1f} deliveries/s")
    print(f"  worker CPU time:                    {worker_cpu:6.1f} s  "
          f"{worker_cpu / delivered * 1000:7.2f} ms per delivery")
    print(f"  fake back office CPU time:          {backoffice_cpu:6.1f} s  "
          f"{backoffice_cpu / delivered * 1000:7.2f} ms per delivery")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
