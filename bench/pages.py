"""Benchmark: the portal's pages against bare Starlette + Jinja2 and against Django.

Run from the repository root (see bench/README.md):

    .venv/bin/python bench/pages.py

One run, on loopback, with the same load for every target (wrk: 2 threads, 32
connections, a warm-up, then a measured run with `--latency`):

- the portal, started as a real process (`python -m portal demo ... --quiet`):
  its home page `/` and the form page `/accessibility/feedback`;
- a bare Starlette + Jinja2 app (`bench/bare_starlette.py`) rendering a page of
  the same bytes as the portal's form page: the framework's own ceiling;
- the same page from a minimal Django project (`bench/django_page.py`) through
  Django's template engine and ASGI handler.

Every server is one uvicorn process with the same flags (uvloop and httptools
when installed, as they are with `uvicorn[standard]`). Django is installed only
for the benchmark, with `pip install --target var/bench-deps` (never into the
project's virtualenv or pyproject.toml); `wrk` comes from Debian.

This is a benchmark, not a test: it prints a table and always exits 0 once it
has measured, whether the targets are met or not.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.metadata
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
DEPS_DIR = ROOT / "var" / "bench-deps"
DJANGO_REQUIREMENT = "django>=5.2,<7"
FORM_PATH = "/accessibility/feedback"

TARGET_VS_BARE = 0.6
TARGET_VS_DJANGO = 2.0
OTHER_CPU_WARNING = 10.0

_TITLE_RE = re.compile(r"<title>(?P<value>[^<]*)</title>")
_LANG_RE = re.compile(r'<html lang="(?P<value>[^"]*)">')
_TOKEN_RE = re.compile(r'name="csrf_token" value="(?P<value>[^"]*)"')
_REQUESTS_RE = re.compile(r"^Requests/sec:\s+(?P<value>[\d.]+)", re.MULTILINE)
_P99_RE = re.compile(r"^\s+99%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m|h)\s*$", re.MULTILINE)
_P50_RE = re.compile(r"^\s+50%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m|h)\s*$", re.MULTILINE)
_TOTAL_RE = re.compile(r"^\s+(?P<value>\d+) requests in ", re.MULTILINE)
_NON_2XX_RE = re.compile(r"^\s+Non-2xx or 3xx responses:\s+(?P<value>\d+)", re.MULTILINE)
_SOCKET_ERRORS_RE = re.compile(
    r"Socket errors: connect (?P<connect>\d+), read (?P<read>\d+), "
    r"write (?P<write>\d+), timeout (?P<timeout>\d+)"
)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


class BenchError(RuntimeError):
    """Something the benchmark needs is missing or broke; printed as one line."""


@dataclasses.dataclass(frozen=True)
class Load:
    threads: int
    connections: int
    duration_s: int
    warmup_s: int


@dataclasses.dataclass(frozen=True)
class Result:
    name: str
    url: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    page_bytes: int
    server_cpu_percent: float  # of one core
    other_cpu_percent: float  # of the whole machine, by neither the server nor wrk
    error_detail: str = ""

    @property
    def requests_per_cpu_s(self) -> float:
        """Requests served per CPU-second of the server: less sensitive to other load."""
        if self.server_cpu_percent <= 0:
            return 0.0
        return self.requests_per_s / (self.server_cpu_percent / 100)


# --- what the benchmark needs -------------------------------------------------


def ensure_wrk() -> str:
    """The path of Debian's `wrk`, installed with apt-get when missing and allowed."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise BenchError("wrk is missing: install Debian's package with `apt-get install -y wrk`")
    print("installing Debian's wrk (waiting for any apt run in progress) ...", flush=True)
    # DPkg::Lock::Timeout waits for another apt/dpkg run instead of failing on its lock.
    install = ["apt-get", "-o", "DPkg::Lock::Timeout=900", "install", "-y", "-q", "wrk"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=900", "update", "-q"],
                       env=env, check=False)
        subprocess.run(install, env=env, check=False)
    found = shutil.which("wrk")
    if not found:
        raise BenchError("wrk is missing and `apt-get install -y wrk` did not install it")
    return found


def ensure_bench_deps(requirements: Sequence[str]) -> Path:
    """Install benchmark-only packages into var/bench-deps (a `pip --target` directory).

    They are imported only by the servers and tools the benchmark starts, through
    PYTHONPATH; the project's virtualenv is left as it is.
    """
    missing = [req for req in requirements if not _installed_in_deps(req)]
    if missing:
        print(f"installing {', '.join(missing)} into {DEPS_DIR.relative_to(ROOT)} ...", flush=True)
        DEPS_DIR.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   "--target", str(DEPS_DIR), "--upgrade", *missing]
        if subprocess.run(command, check=False).returncode != 0:
            raise BenchError(f"could not install {', '.join(missing)} with pip --target")
    return DEPS_DIR


def _installed_in_deps(requirement: str) -> bool:
    name = re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower()
    return any(DEPS_DIR.glob(f"{name}-*.dist-info"))


def deps_version(name: str) -> str:
    for dist in importlib.metadata.distributions(path=[str(DEPS_DIR)]):
        if dist.metadata["Name"].lower() == name.lower():
            return str(dist.version)
    return "?"


def version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


# --- servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclasses.dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def start_server(name: str, command: list[str], port: int, ready_path: str, log_dir: Path,
                 env: dict[str, str] | None = None, timeout_s: float = 60.0) -> Server:
    log = log_dir / f"{name}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(name, process, port, log)
    try:
        wait_until_ready(server, ready_path, timeout_s)
    except BaseException:
        stop_server(server)
        raise
    return server


def wait_until_ready(server: Server, ready_path: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            output = server.log.read_text(errors="replace").strip().replace("\n", " | ")
            raise BenchError(f"{server.name} exited with {server.process.returncode} before it "
                             f"was ready: {output[-600:]}")
        try:
            with urllib.request.urlopen(server.url(ready_path), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"{server.name} was not ready on port {server.port} within {timeout_s:.0f} s")


def stop_server(server: Server) -> None:
    """SIGTERM to the server's own process group, then SIGKILL if it lingers."""
    if server.process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)


@contextlib.contextmanager
def servers_stopped_at_exit() -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        yield started
    finally:
        for server in reversed(started):
            stop_server(server)


def uvicorn_command(app: str) -> list[str]:
    # The flags `portal demo --quiet` gives uvicorn.run(): one process, loop and
    # http "auto" (uvloop, httptools when installed), warning log, no access log.
    return [sys.executable, "-m", "uvicorn", "--app-dir", str(BENCH_DIR), app,
            "--host", "127.0.0.1", "--log-level", "warning", "--no-access-log"]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body


# --- the page the comparison apps render ----------------------------------------


def page_template(portal_form_html: str) -> tuple[str, dict[str, str]]:
    """The portal's rendered form page as a template with a few holes.

    `{{ lang }}`, `{{ title }}` and `{{ form_token }}` are the same syntax in Jinja2
    and Django's engine, so one file serves both, and filled in with the values cut
    out it renders back to exactly the portal's bytes.
    """
    if re.search(r"\{[{%#]", portal_form_html):
        raise BenchError("the portal's form page contains template syntax; cannot reuse it as is")
    values: dict[str, str] = {}
    template = portal_form_html
    for key, pattern in (("lang", _LANG_RE), ("title", _TITLE_RE), ("form_token", _TOKEN_RE)):
        match = pattern.search(template)
        if match is None:
            continue
        values[key] = match.group("value")
        start, end = match.span("value")
        template = template[:start] + "{{ " + key + " }}" + template[end:]
    return template, values


# --- load ----------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of all cores since boot, from /proc/stat.

    Interrupt time is left out of "busy": on loopback it is mostly the benchmark's
    own packets, charged to no process. Steal (another VM on the host) counts.
    """
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    busy = user + nice + system + steal
    return busy / _CLOCK_TICKS, (busy + idle + iowait + irq + softirq) / _CLOCK_TICKS


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads), from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(wrk: str, name: str, server: Server, path: str, load: Load,
            page_bytes: int) -> Result:
    url = server.url(path)
    base = [wrk, f"-t{load.threads}", f"-c{load.connections}"]
    if load.warmup_s > 0:
        subprocess.run([*base, f"-d{load.warmup_s}s", url], capture_output=True, check=True)
    # CPU accounting around the measured run: the server's, wrk's and everything else's.
    machine_busy, machine_total = machine_cpu_seconds()
    server_cpu = process_cpu_seconds(server.process.pid)
    wrk_cpu = children_cpu_seconds()
    started = time.monotonic()
    completed = subprocess.run([*base, f"-d{load.duration_s}s", "--latency", url],
                               capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    wrk_cpu = children_cpu_seconds() - wrk_cpu
    server_cpu = process_cpu_seconds(server.process.pid) - server_cpu
    busy_after, total_after = machine_cpu_seconds()
    machine_busy, machine_total = busy_after - machine_busy, total_after - machine_total
    if completed.returncode != 0:
        raise BenchError(f"wrk failed on {url}: {completed.stderr.strip() or completed.stdout}")
    other = max(0.0, machine_busy - server_cpu - wrk_cpu)
    return parse_wrk(name, url, completed.stdout, page_bytes,
                     server_cpu_percent=100 * server_cpu / elapsed,
                     other_cpu_percent=100 * other / machine_total if machine_total else 0.0)


def parse_wrk(name: str, url: str, output: str, page_bytes: int, *,
              server_cpu_percent: float = 0.0, other_cpu_percent: float = 0.0) -> Result:
    requests_per_s = _REQUESTS_RE.search(output)
    p99 = _P99_RE.search(output)
    p50 = _P50_RE.search(output)
    total = _TOTAL_RE.search(output)
    if not (requests_per_s and p99 and p50 and total):
        raise BenchError(f"could not read wrk's output for {url}:\n{output}")
    errors = 0
    detail: list[str] = []
    non_2xx = _NON_2XX_RE.search(output)
    if non_2xx:
        errors += int(non_2xx.group("value"))
        detail.append(f"{non_2xx.group('value')} non-2xx/3xx")
    socket_errors = _SOCKET_ERRORS_RE.search(output)
    if socket_errors:
        for kind, count in socket_errors.groupdict().items():
            errors += int(count)
            if int(count):
                suffix = " (no answer within wrk's 2 s)" if kind == "timeout" else ""
                detail.append(f"{count} {kind} socket errors{suffix}")
    return Result(
        name=name,
        url=url,
        requests_per_s=float(requests_per_s.group("value")),
        p50_ms=float(p50.group("value")) * _UNIT_MS[p50.group("unit")],
        p99_ms=float(p99.group("value")) * _UNIT_MS[p99.group("unit")],
        requests=int(total.group("value")),
        errors=errors,
        page_bytes=page_bytes,
        server_cpu_percent=server_cpu_percent,
        other_cpu_percent=other_cpu_percent,
        error_detail=", ".join(detail),
    )


# --- report --------------------------------------------------------------------


def print_table(results: Sequence[Result]) -> None:
    header = (f"{'target':<36} {'bytes':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>8} "
              f"{'errors':>6} {'server CPU':>10} {'req/CPU-s':>9} {'other CPU':>9}")
    print(header)
    print("-" * len(header))
    for result in results:
        print(f"{result.name:<36} {result.page_bytes:>6} {result.requests_per_s:>7.0f} "
              f"{result.p50_ms:>7.2f} {result.p99_ms:>8.2f} {result.errors:>6} "
              f"{result.server_cpu_percent:>9.0f}% {result.requests_per_cpu_s:>9.0f} "
              f"{result.other_cpu_percent:>8.0f}%")
    print("server CPU: the server process, % of one core; req/CPU-s: requests per second of "
          "the server's CPU;\nother CPU: used by neither the server nor wrk, % of the machine")


def ratio_line(label: str, numerator: Result, denominator: Result, target: float) -> str:
    ratio = numerator.requests_per_s / denominator.requests_per_s
    verdict = "target met" if ratio >= target else "target missed"
    per_cpu = (numerator.requests_per_cpu_s / denominator.requests_per_cpu_s
               if denominator.requests_per_cpu_s else 0.0)
    return (f"{label:<42} {ratio:>6.2f}  target >= {target:g}: {verdict:<13}  "
            f"(per server CPU-second: {per_cpu:.2f})")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per target")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every target this many times, rounds interleaved, and "
                        "keep each target's best round (for a machine with other work on it)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load = Load(threads=args.threads, connections=args.connections,
                duration_s=args.duration, warmup_s=args.warmup)
    try:
        return run(load, max(1, args.rounds))
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


def run(load: Load, rounds: int) -> int:
    wrk = ensure_wrk()
    deps = ensure_bench_deps([DJANGO_REQUIREMENT])
    wrk_version = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    print(f"python {platform.python_version()}, uvicorn {version('uvicorn')} "
          f"(uvloop {version('uvloop')}, httptools {version('httptools')}), "
          f"starlette {version('starlette')}, jinja2 {version('jinja2')}, "
          f"django {deps_version('django')}, "
          f"{(wrk_version.stdout or wrk_version.stderr).splitlines()[0].split(' [')[0]}")
    print(f"load: wrk -t{load.threads} -c{load.connections}, {load.warmup_s} s warm-up, "
          f"{load.duration_s} s measured, per target"
          + (f", best of {rounds} interleaved rounds" if rounds > 1 else "")
          + f"; {os.cpu_count()} CPU(s), loopback; load average "
          f"{os.getloadavg()[0]:.2f} at the start\n", flush=True)

    with tempfile.TemporaryDirectory(prefix="portal-bench-") as temp, \
            servers_stopped_at_exit() as servers:
        work = Path(temp)
        # a) the portal, exactly as `portal demo` runs it.
        portal_port = free_port()
        portal = start_server(
            "portal",
            [sys.executable, "-m", "portal", "demo", "--host", "127.0.0.1",
             "--port", str(portal_port), "--data-dir", str(work / "portal-data"), "--quiet"],
            portal_port, "/healthz", work)
        servers.append(portal)
        home_html = fetch(portal.url("/"))
        form_html = fetch(portal.url(FORM_PATH))

        template, values = page_template(form_html.decode())
        template_dir = work / "templates"
        template_dir.mkdir()
        (template_dir / "page.html").write_text(template, encoding="utf-8")
        page_env = {
            **os.environ,
            "BENCH_TEMPLATE_DIR": str(template_dir),
            "BENCH_PAGE_LANG": values.get("lang", "lv"),
            "BENCH_PAGE_TITLE": values.get("title", ""),
            "BENCH_PAGE_TOKEN": values.get("form_token", ""),
        }

        # b) bare Starlette + Jinja2.
        bare_port = free_port()
        bare = start_server("bare-starlette",
                            [*uvicorn_command("bare_starlette:app"), "--port", str(bare_port)],
                            bare_port, "/", work, env=page_env)
        servers.append(bare)
        # c) Django, with Django only on this process's path.
        django_env = {**page_env, "PYTHONPATH": os.pathsep.join(
            [str(deps), *filter(None, [os.environ.get("PYTHONPATH")])])}
        django_port = free_port()
        django = start_server("django",
                              [*uvicorn_command("django_page:application"),
                               "--port", str(django_port)],
                              django_port, "/", work, env=django_env)
        servers.append(django)

        bare_html = fetch(bare.url("/"))
        django_html = fetch(django.url("/"))
        for label, body in (("bare Starlette", bare_html), ("Django", django_html)):
            if body != form_html:
                print(f"note: the {label} page differs from the portal's form page "
                      f"({len(body)} vs {len(form_html)} bytes)")

        targets = [
            ("portal /", portal, "/", len(home_html)),
            (f"portal {FORM_PATH}", portal, FORM_PATH, len(form_html)),
            ("bare Starlette + Jinja2 (same page)", bare, "/", len(bare_html)),
            ("Django, sync view (same page)", django, "/", len(django_html)),
            ("Django, async view (same page)", django, "/async",
             len(fetch(django.url("/async")))),
        ]
        best: dict[str, Result] = {}
        for round_number in range(1, rounds + 1):
            for name, server, path, size in targets:
                print(f"measuring {name}" + (f" (round {round_number} of {rounds})"
                                             if rounds > 1 else "") + " ...", flush=True)
                result = run_wrk(wrk, name, server, path, load, size)
                if name not in best or result.requests_per_s > best[name].requests_per_s:
                    best[name] = result
        results = [best[name] for name, *_ in targets]

    print()
    print_table(results)
    print()
    portal_form, bare_result = results[1], results[2]
    fastest_django = max(results[3:], key=lambda result: result.requests_per_s)
    print(ratio_line("portal form page / bare Starlette", portal_form, bare_result,
                     TARGET_VS_BARE))
    print(ratio_line("portal form page / Django (faster view)", portal_form, fastest_django,
                     TARGET_VS_DJANGO))
    home_ratio = results[0].requests_per_s / bare_result.requests_per_s
    print(f"{'portal home page / bare Starlette (no target)':<42} {home_ratio:>6.2f}")
    for result in results:
        if result.errors:
            print(f"\nwarning: {result.name}: {result.error_detail}")
    if any(result.other_cpu_percent > OTHER_CPU_WARNING for result in results):
        print(f"\nwarning: other processes used more than {OTHER_CPU_WARNING:g} % of the "
              "machine during some runs (see 'other CPU'); those figures are low and the "
              "ratios noisy: run again on a quiet machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
