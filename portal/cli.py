"""The `portal` command: demo, serve, db, worker, i18n."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from portal.settings import Settings, SettingsError

WORKER_HELP = (
    "deliver queued submissions to back offices (placeholder: submissions and their "
    "delivery are not built yet, so there is nothing to deliver)"
)


def _demo(args: argparse.Namespace) -> int:
    import uvicorn

    from portal.app import create_app
    from portal.migrations import upgrade

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings.demo(data_dir, base_url=f"http://{args.host}:{args.port}")
    upgrade(settings.database_url)
    print(f"Portal running at http://{args.host}:{args.port}", flush=True)
    print(
        f"  demo data and files in {data_dir}; development login enabled; "
        "fake back offices in-process. Stop with Ctrl+C.",
        flush=True,
    )
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level="warning" if args.quiet else "info",
        access_log=not args.quiet,
    )
    return 0


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
    print("portal worker: " + WORKER_HELP)
    return 0


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
    worker.set_defaults(handler=_worker)

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
