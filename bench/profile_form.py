"""Where the time of one portal form-page request goes, measured in-process.

    .venv/bin/python bench/profile_form.py [--calls 200] [--rounds 15]

No server and no HTTP: the ASGI apps are called directly, so uvicorn's share
(the same for every app in bench/pages.py) is left out. It prints

1. per-request times in microseconds: the full portal app; the same routes
   with no middleware; the middleware added one at a time; the view's pieces
   (the WTForms form, the template render, and the render again with the URL
   helpers and then the lazy translations taken out); and bare Starlette +
   Jinja2 serving the same bytes, the ceiling bench/pages.py compares with.
   Times are the process's CPU time (so time the process spends descheduled by
   other work on a busy machine is not counted); every candidate runs once per
   round, rounds interleaved, and the best round counts;
2. a pyinstrument call tree of the full app serving the page (also written as
   HTML to var/bench-profile/form-page.html).

pyinstrument is installed only for this, into var/bench-deps (`pip --target`).
The portal is built by its own factory with demo settings on a throwaway SQLite
database; nothing in the portal is changed.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from pages import FORM_PATH, ROOT, ensure_bench_deps, page_template

PYINSTRUMENT_REQUIREMENT = "pyinstrument>=5,<6"
PROFILE_DIR = ROOT / "var" / "bench-profile"

AsgiApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
Candidate = Callable[[], Awaitable[object]]


def http_scope(path: str) -> dict[str, Any]:
    return {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8000),
    }


async def call(app: AsgiApp, path: str) -> tuple[int, bytes]:
    """One GET through the ASGI app, as a first-time visitor (no cookies)."""
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(http_scope(path), receive, send)
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return messages[0]["status"], body


def request_to(app: AsgiApp, path: str) -> Candidate:
    async def candidate() -> object:
        return await call(app, path)

    return candidate


def sync_call(function: Callable[[], object]) -> Candidate:
    async def candidate() -> object:
        return function()

    return candidate


async def best_times(candidates: dict[str, Candidate], calls: int, rounds: int) -> dict[str, float]:
    """CPU microseconds per call of each candidate: the best of `rounds` interleaved rounds."""
    best = dict.fromkeys(candidates, math.inf)
    for candidate in candidates.values():  # warm-up: template compilation, caches
        for _ in range(min(50, calls)):
            await candidate()
    for _ in range(rounds):
        for name, candidate in candidates.items():
            start = time.process_time()
            for _ in range(calls):
                await candidate()
            best[name] = min(best[name], (time.process_time() - start) / calls * 1e6)
    return best


def line(label: str, micros: float, total: float) -> None:
    print(f"  {label:<66} {micros:8.1f} µs  {micros / total * 100:5.1f} %")


async def measure(calls: int, rounds: int) -> None:
    import bare_starlette
    import jinja2
    from pyinstrument import Profiler
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import Request

    from portal import app as portal_app
    from portal.feedback.forms import FeedbackForm
    from portal.migrations import upgrade
    from portal.settings import Settings
    from portal.templating import Templates

    with tempfile.TemporaryDirectory(prefix="portal-profile-") as temp:
        work = Path(temp)
        settings = Settings.demo(work, base_url="http://127.0.0.1:8000")
        await asyncio.to_thread(upgrade, settings.database_url)
        full = portal_app.create_app(settings)
        async with full.router.lifespan_context(full):
            status, page = await call(full, FORM_PATH)
            if status != 200:
                raise SystemExit(f"{FORM_PATH} answered {status}, not 200")

            def without_middleware(middleware: Sequence[Middleware] = ()) -> Starlette:
                # The full app's routes and state, with only the middleware given.
                app = Starlette(routes=list(full.router.routes), middleware=list(middleware))
                app.state = full.state
                return app

            # The app's own middleware list, so the ladder follows create_app().
            stack = {getattr(m.cls, "__name__", repr(m.cls)): m for m in full.user_middleware}

            # The bare app on the same bytes, as bench/pages.py serves it.
            template, values = page_template(page.decode())
            (work / "page.html").write_text(template, encoding="utf-8")
            bare_starlette.PAGE_CONTEXT.update(values)
            bare = bare_starlette.create_app(str(work))
            if await call(bare, "/") != (200, page):
                raise SystemExit("the bare Starlette page differs from the portal's")

            # The view's pieces. A request like the one the view gets.
            templates: Templates = full.state.templates
            scope = http_scope(FORM_PATH)
            scope.update(app=full, router=full.router, locale="lv")
            request = Request(scope)
            form = FeedbackForm()

            # The same environment with memoised URL helpers: each distinct url_for()
            # or has_route() computed once, then a dict look-up. The difference is
            # what the helpers cost per render (Starlette builds an absolute URL per
            # call, and its router tries every route in turn, raising NoMatchFound
            # from each one that does not match).
            cheap = Templates()
            router = full.router
            paths: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}
            known: dict[str, bool] = {}

            @jinja2.pass_context
            def path_for(context: Any, name: str, /, **params: Any) -> str:
                key = (name, tuple(sorted(params.items())))
                if key not in paths:
                    paths[key] = str(router.url_path_for(name, **params))
                return paths[key]

            @jinja2.pass_context
            def no_route(context: Any, name: str) -> bool:
                if name not in known:
                    try:
                        router.url_path_for(name)
                    except Exception:  # as the portal's has_route()
                        known[name] = False
                    else:
                        known[name] = True
                return known[name]

            cheap.env.globals.update(url_for=path_for, has_route=no_route)
            # And a form whose labels and hints are already plain strings, not lazy ones.
            plain = FeedbackForm()
            for field in plain:
                field.label.text = str(field.label.text)
                field.description = str(field.description) if field.description else ""
            same = cheap.render_string(request, "pages/feedback.html", {"form": plain})
            normal = templates.render_string(request, "pages/feedback.html", {"form": form})
            if same != normal:
                print("note: the cheap-helper render differs from the normal one; "
                      "the split below is approximate")

            # The layout alone: a page that extends it with a one-word title and no content.
            layout_source = '{% extends "layout.html" %}{% block title %}x{% endblock %}'
            layout = templates.env.from_string(layout_source)
            cheap_layout = cheap.env.from_string(layout_source)

            sessionmaker = full.state.sessionmaker

            async def empty_db_session() -> object:
                # What DatabaseSessionMiddleware does on a page that runs no query.
                async with sessionmaker() as session:
                    await session.commit()
                return session

            candidates: dict[str, Candidate] = {
                "full": request_to(full, FORM_PATH),
                "none": request_to(without_middleware(), FORM_PATH),
                # The middleware added one at a time, outermost first (inner ones may
                # need what outer ones put in the scope): the k-th costs t(k) - t(k-1).
                **{name: request_to(without_middleware(list(stack.values())[:index + 1]),
                                    FORM_PATH)
                   for index, name in enumerate(stack)},
                "bare": request_to(bare, "/"),
                "db_session": empty_db_session,
                "form": sync_call(FeedbackForm),
                "render": sync_call(lambda: templates.render_string(
                    request, "pages/feedback.html", {"form": form})),
                "render_cheap_urls": sync_call(lambda: cheap.render_string(
                    request, "pages/feedback.html", {"form": form})),
                "render_cheap_urls_plain_form": sync_call(lambda: cheap.render_string(
                    request, "pages/feedback.html", {"form": plain})),
                "layout": sync_call(lambda: layout.render(
                    {"request": request, "form": None})),
                "layout_cheap_urls": sync_call(lambda: cheap_layout.render(
                    {"request": request, "form": None})),
            }
            print(f"Measuring GET {FORM_PATH} ({len(page)} bytes) in-process; the app has "
                  f"{len(full.router.routes)} routes and {len(stack)} middleware; {rounds} "
                  f"rounds of {calls} calls per candidate, best round ...\n", flush=True)
            times = await best_times(candidates, calls, rounds)

            total = times["full"]
            print(f"  {'':<66} {'per call':>11}  {'share of the full request'}")
            print("  (CPU time; lines that are differences carry the noise of both terms)")
            line(f"portal, full app: GET {FORM_PATH}, no cookies", total, total)
            line("bare Starlette + Jinja2, same bytes (the ceiling)", times["bare"], total)
            print("\n  the middleware:")
            line("portal routes with no middleware", times["none"], total)
            line(f"all {len(stack)} middleware (full - none)", total - times["none"], total)
            previous = times["none"]
            for name in stack:
                line(f"  + {name} adds", times[name] - previous, total)
                previous = times[name]
            line("    an AsyncSession opened, committed, closed with no query",
                 times["db_session"], total)
            print("\n  inside the view:")
            line("FeedbackForm() (WTForms form for a GET)", times["form"], total)
            line("Templates.render_string('pages/feedback.html')", times["render"], total)
            line("  of which url_for() + has_route() (render - render, helpers memoised)",
                 times["render"] - times["render_cheap_urls"], total)
            line("  of which lazy labels/hints (memoised helpers - also plain-str form)",
                 times["render_cheap_urls"] - times["render_cheap_urls_plain_form"], total)
            line("  the rest: Jinja2 layout + macros + _() (render with both removed)",
                 times["render_cheap_urls_plain_form"], total)
            print("\n  the layout alone (layout.html, empty content, no form):")
            line("layout render", times["layout"], total)
            line("  of which url_for() + has_route() (render - render, helpers memoised)",
                 times["layout"] - times["layout_cheap_urls"], total)
            print()
            line("routing, Starlette, the view's other work (none - form - render)",
                 times["none"] - times["form"] - times["render"], total)

            # A call tree of the full request.
            profiler = Profiler(interval=0.0001)
            profiler.start()
            for _ in range(calls):
                await call(full, FORM_PATH)
            profiler.stop()
            PROFILE_DIR.mkdir(parents=True, exist_ok=True)
            html_path = PROFILE_DIR / "form-page.html"
            html_path.write_text(profiler.output_html(), encoding="utf-8")
            print(f"\npyinstrument call tree of {calls} requests to the full app (profiling "
                  f"inflates times: read the shares; HTML in {html_path.relative_to(ROOT)}):")
            print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile the portal's form page in-process")
    parser.add_argument("--calls", type=int, default=200, help="calls per candidate per round")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    deps = ensure_bench_deps([PYINSTRUMENT_REQUIREMENT])
    sys.path.insert(0, str(deps))
    asyncio.run(measure(args.calls, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
