"""The `portal` command: demo, serve, db, worker, fake-backoffice, i18n."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from portal.settings import Settings, SettingsError

T = TypeVar("T")

WORKER_HELP = (
    "deliver queued submissions to the back offices, retrying with back-off "
    "(settings from PORTAL_* environment variables)"
)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _demo(args: argparse.Namespace) -> int:
    import uvicorn

    from adapters.fake_backoffice.keys import inbound_api_keys_setting
    from portal.app import create_app
    from portal.migrations import upgrade

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    backoffice_url = f"http://{args.host}:{args.backoffice_port or _free_port(args.host)}"
    # The fake back offices sign their calls to the inbound API; the portal trusts their keys.
    keys = inbound_api_keys_setting(data_dir / "backoffice-keys")
    settings = Settings.demo(data_dir, base_url=f"http://{args.host}:{args.port}",
                             back_office_adapters="http", back_office_url=backoffice_url,
                             inbound_api_keys=keys)
    upgrade(settings.database_url)
    _recompute_demo_statistics(settings)
    children = _start_demo_children(settings, data_dir, quiet=args.quiet)
    print(f"Portal running at http://{args.host}:{args.port}", flush=True)
    print(
        f"  demo data and files in {data_dir}; development login enabled; "
        "fake Population and Enterprise Registers in-process. Stop with Ctrl+C.",
        flush=True,
    )
    print(f"  fake back offices (VDI, SPOLIS, SIVA) at {backoffice_url}, fed by a delivery worker.",
          flush=True)
    # uvicorn stops on SIGTERM and then raises the signal again for the handler it
    # found; this one turns that into an ordinary exit, so the children are stopped.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        uvicorn.run(
            create_app(settings),
            host=args.host,
            port=args.port,
            log_level="warning" if args.quiet else "info",
            access_log=not args.quiet,
        )
    except KeyboardInterrupt:  # Ctrl+C, re-raised by uvicorn the same way
        pass
    finally:
        _stop_children(children)
    return 0


def _recompute_demo_statistics(settings: Settings) -> None:
    """The public queue statistics have figures from the first page view on."""
    import anyio

    from queue_status.statistics.command import run_recompute

    anyio.run(run_recompute, settings)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _start_demo_children(
    settings: Settings, data_dir: Path, *, quiet: bool
) -> list[subprocess.Popen[bytes]]:
    """The fake back office and a delivery worker, as the separate processes they are
    in production; they get the demo's settings through the environment."""
    host, port = settings.back_office_url.removeprefix("http://").rsplit(":", 1)
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")},
        "PORTAL_ENVIRONMENT": "demo",
        "PORTAL_DATABASE_URL": settings.database_url,
        "PORTAL_STORAGE_DIR": str(settings.storage_dir),
        "PORTAL_ADAPTERS": settings.adapters,
        "PORTAL_BACK_OFFICE_ADAPTERS": settings.back_office_adapters,
        "PORTAL_BACK_OFFICE_URL": settings.back_office_url,
        # A demo back office that is restarted should not keep people waiting long.
        "PORTAL_DELIVERY_RETRY_BASE_SECONDS": "2",
        "PORTAL_DELIVERY_RETRY_CAP_SECONDS": "60",
        # Queue changes the demo makes show in the public statistics within minutes.
        "PORTAL_QUEUE_STATISTICS_INTERVAL_SECONDS": "120",
        "PORTAL_LOG_LEVEL": "WARNING" if quiet else "INFO",
    }
    backoffice = [sys.executable, "-m", "portal", "fake-backoffice", "--host", host,
                  "--port", port, "--data-dir", str(data_dir / "backoffice"),
                  "--portal-url", settings.base_url,
                  "--keys-dir", str(data_dir / "backoffice-keys"), *(["--quiet"] if quiet else [])]
    worker = [sys.executable, "-m", "portal", "worker"]
    return [subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL,
                             preexec_fn=_die_with_parent)
            for command in (backoffice, worker)]


def _die_with_parent() -> None:
    # Linux's PR_SET_PDEATHSIG: should the demo be killed outright, its children get
    # SIGTERM too instead of lingering on their ports.
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def _stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"portal serve: {error}", file=sys.stderr)
        return 2
    problems = settings.production_problems()
    if problems:
        print("portal serve refuses to start:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    uvicorn.run(
        "portal.asgi:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=settings.log_level.lower(),
    )
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from portal.migrations import upgrade

    settings = Settings.from_env()
    upgrade(settings.database_url, args.revision)
    print(f"database is at revision {args.revision}")
    return 0


def _worker(args: argparse.Namespace) -> int:
    import importlib.util
    import logging
    from functools import partial

    import anyio

    from adapters.delivery.process import run_worker

    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"portal worker: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    # One line per delivery comes from the worker itself; httpx's per-request lines
    # would only repeat it.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # uvloop (installed with uvicorn[standard]) when present, as the web processes use it.
    use_uvloop = importlib.util.find_spec("uvloop") is not None
    anyio.run(partial(run_worker, settings, concurrency=args.concurrency, once=args.once),
              backend_options={"use_uvloop": use_uvloop})
    return 0


def _fake_backoffice(args: argparse.Namespace) -> int:
    import uvicorn

    from adapters.fake_backoffice import create_fake_backoffice

    data_dir = Path(args.data_dir).resolve() if args.data_dir else None
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
    keys_dir = Path(args.keys_dir).resolve() if args.keys_dir else None
    app = create_fake_backoffice(data_dir, portal_url=args.portal_url or None,
                                 keys_dir=keys_dir)
    print(f"Fake back offices (VDI, SPOLIS, SIVA) at http://{args.host}:{args.port}", flush=True)
    uvicorn.run(app, host=args.host, port=args.port,
                log_level="warning" if args.quiet else "info", access_log=not args.quiet)
    return 0


def _one_shot(command: str, run: Callable[[Settings], Awaitable[T]],
              report: Callable[[T, Settings], tuple[str, int]]) -> int:
    """A command that runs one round of a job with settings from the environment:
    prints the job's report and exits with its code (2 when the settings are wrong)."""
    import logging

    import anyio

    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"portal {command}: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    text, code = report(anyio.run(run, settings), settings)
    print(text)
    return code


def _publish_metrics(args: argparse.Namespace) -> int:
    from portal.usage_metrics.command import run_publish, summary

    return _one_shot("publish-metrics", run_publish,
                     lambda result, _: (summary(result), 0 if result.ok else 1))


def _sync_technical_aids(args: argparse.Namespace) -> int:
    from queue_status.sync import run_sync_command

    return _one_shot("sync-technical-aids", run_sync_command,
                     lambda result, _: (result.summary(), 1 if result.error else 0))


def _recompute_queue_statistics(args: argparse.Namespace) -> int:
    from queue_status.statistics.command import run_recompute

    return _one_shot("recompute-queue-statistics", run_recompute,
                     lambda result, _: (str(result), 0))


def _publish_open_data(args: argparse.Namespace) -> int:
    from queue_status.open_data.command import run_publish_open_data
    from queue_status.open_data.publishing import summary

    return _one_shot("publish-open-data", run_publish_open_data,
                     lambda outcome, settings: (
                         summary(outcome, settings.open_data_dataset_name),
                         0 if outcome.ok else 1))


def _housekeeping(args: argparse.Namespace) -> int:
    from portal.housekeeping.command import run_housekeeping

    return _one_shot("housekeeping", run_housekeeping,
                     lambda report, _: (report.summary(), 1 if report.files_failed else 0))


def _i18n_update(args: argparse.Namespace) -> int:
    from i18n.maintenance import update_catalogs

    changed = update_catalogs()
    for locale, missing in changed.items():
        print(f"{locale}: {missing} message(s) without a translation")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="Welfare e-services portal")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo",
        help="run the embedded demo (SQLite, local files, "
        "development login, fake back offices, demo data)",
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--data-dir", default="var/demo", help="where the demo keeps its data")
    demo.add_argument("--quiet", action="store_true", help="no access log")
    demo.add_argument("--backoffice-port", type=int, default=0,
                      help="port of the fake back office (default: a free one)")
    demo.set_defaults(handler=_demo)

    serve = commands.add_parser(
        "serve", help="run with production settings from PORTAL_* environment variables"
    )
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - behind the load balancer
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1")
    serve.set_defaults(handler=_serve)

    database = commands.add_parser("db", help="database schema")
    db_commands = database.add_subparsers(dest="db_command", required=True)
    db_up = db_commands.add_parser("upgrade", help="apply migrations (PORTAL_DATABASE_URL)")
    db_up.add_argument("revision", nargs="?", default="head")
    db_up.set_defaults(handler=_db_upgrade)

    worker = commands.add_parser("worker", help=WORKER_HELP)
    worker.add_argument("--once", action="store_true",
                        help="deliver what is due now and send the messages due, then "
                             "exit (the SPOLIS sync, statistics and housekeeping have "
                             "their own commands)")
    worker.add_argument("--concurrency", type=int, default=1,
                        help="deliveries made at the same time (default 1)")
    worker.set_defaults(handler=_worker)

    fake = commands.add_parser(
        "fake-backoffice",
        help="run the fake VDI, SPOLIS and SIVA back offices (for the demo and tests)",
    )
    fake.add_argument("--host", default="127.0.0.1")
    fake.add_argument("--port", type=int, default=8101)
    fake.add_argument("--data-dir", default="",
                      help="keep received submissions here (default: in memory)")
    fake.add_argument("--portal-url", default="http://127.0.0.1:8000",
                      help="the portal whose inbound API gets statuses and answers")
    fake.add_argument("--keys-dir", default="",
                      help="signing keys, one per system (<system>.pem; missing ones are "
                      "generated with <system>.pub.pem for PORTAL_INBOUND_API_KEYS)")
    fake.add_argument("--quiet", action="store_true", help="no access log")
    fake.set_defaults(handler=_fake_backoffice)

    publish = commands.add_parser(
        "publish-metrics",
        help="send the usage figures of each finished day to the national service platform "
        "(again only when they changed); exits 1 if some could not be sent",
    )
    publish.set_defaults(handler=_publish_metrics)

    sync_aids = commands.add_parser(
        "sync-technical-aids",
        help="refresh SPOLIS' technical-aid catalogue and read its queue changes once "
        "(portal worker does it every few minutes); exits 1 if SPOLIS did not answer",
    )
    sync_aids.set_defaults(handler=_sync_technical_aids)

    recompute = commands.add_parser(
        "recompute-queue-statistics",
        help="recompute the public technical-aid queue statistics now "
        "(portal worker does it every queue_statistics_interval_seconds)",
    )
    recompute.set_defaults(handler=_recompute_queue_statistics)

    open_data = commands.add_parser(
        "publish-open-data",
        help="publish this period's queue statistics (CSV, JSON) to the open-data portal "
        "(CKAN); a second run in the same period changes nothing; exits 1 on failure",
    )
    open_data.set_defaults(handler=_publish_open_data)

    housekeeping = commands.add_parser(
        "housekeeping",
        help="delete expired sessions, token ids and drafts, and remove the details of "
        "submissions delivered more than submission_retention_days ago, once "
        "(portal worker does it every housekeeping_interval_seconds)",
    )
    housekeeping.set_defaults(handler=_housekeeping)

    i18n = commands.add_parser("i18n", help="translation catalogs")
    i18n_commands = i18n.add_subparsers(dest="i18n_command", required=True)
    i18n_update = i18n_commands.add_parser("update", help="extract messages and update lv/en")
    i18n_update.set_defaults(handler=_i18n_update)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = args.handler
    result: int = handler(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
