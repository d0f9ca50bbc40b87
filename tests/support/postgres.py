"""A throwaway PostgreSQL cluster on loopback, started by the test run itself.

The cluster lives in a temporary directory, listens on a free port on 127.0.0.1
only (its unix socket sits in the same directory), trusts local connections and
trades durability for speed (no fsync, no full-page writes, asynchronous
commit): it exists for one test run and is deleted afterwards.

`initdb` refuses to run as root. Under root (CI containers) the cluster
belongs to the `postgres` system user that Debian's `postgresql` package
creates, and the server binaries run through `runuser`; clients connect over
TCP as the database user `postgres`, so they need no special rights.

When the server binaries are missing the `postgres_cluster` fixture *fails*
with one line saying what to install: the suite must never go green without
its database tests. Load the fixture with
`pytest_plugins = ["tests.support.postgres"]`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.support.ports import free_port

SERVER_USER = "postgres"
DATABASE_USER = "postgres"
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60
DEBIAN_SERVER_ROOT = Path("/usr/lib/postgresql")  # one <version>/bin per installed server
# Unix socket paths are limited to 107 bytes; ".s.PGSQL.65535" takes 14 of them.
MAX_SOCKET_DIR_LENGTH = 90
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
MISSING_SERVER = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql "
    "package (apt-get install -y --no-install-recommends postgresql) or run ./scripts/test"
)
SETTINGS = {
    "listen_addresses": HOST,
    "max_connections": "200",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "logging_collector": "off",
    "log_min_messages": "warning",
}


class PostgresUnavailable(RuntimeError):
    """The server binaries, or the user to run them as, are not on this machine."""


class PostgresError(RuntimeError):
    """A server or client program failed; the message carries its output."""


def _version_key(bindir: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin: "16" beats "9.6" numerically, not as text.
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


def _is_server_bindir(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres"))


def find_bindir() -> Path:
    """The directory with initdb, pg_ctl and the clients of one PostgreSQL version."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        # pg_config may come from libpq-dev alone, pointing at a bindir without a server.
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                check=False)
        if result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    candidates += sorted(DEBIAN_SERVER_ROOT.glob("*/bin"), key=_version_key,
                         reverse=True)
    for bindir in candidates:
        if _is_server_bindir(bindir):
            return bindir
    raise PostgresUnavailable(MISSING_SERVER)


class PostgresCluster:
    """One running cluster. Start it with `PostgresCluster.start(base_dir)`."""

    def __init__(self, bindir: Path, directory: Path, port: int, *,
                 as_user: str | None) -> None:
        self.bindir = bindir
        self.directory = directory
        self.data_dir = directory / "data"
        self.socket_dir = directory / "socket"
        self.log_file = directory / "server.log"
        self.port = port
        self._as_user = as_user
        self._running = False

    # --- lifecycle -------------------------------------------------------------------

    @classmethod
    def start(cls, base_dir: Path) -> PostgresCluster:
        bindir = find_bindir()
        as_user = SERVER_USER if os.geteuid() == 0 else None
        directory = _cluster_directory(Path(base_dir), as_user)
        cluster = cls(bindir, directory, free_port(), as_user=as_user)
        try:
            cluster._init()
            cluster._start_server()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _init(self) -> None:
        self.socket_dir.mkdir()
        self._chown(self.socket_dir)
        self._server_command(
            "initdb", "--pgdata", str(self.data_dir), "--username", DATABASE_USER,
            "--auth", "trust", "--encoding", "UTF8", "--locale", "C", "--no-sync",
        )
        # Only the loopback address and the private socket, both trusted.
        (self.data_dir / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host  all all {HOST}/32 trust\n"
        )
        settings = {**SETTINGS, "port": str(self.port),
                    "unix_socket_directories": str(self.socket_dir)}
        with (self.data_dir / "postgresql.conf").open("a") as config:
            config.write("\n# throwaway test cluster (tests/support/postgres.py)\n")
            for name, value in settings.items():
                config.write(f"{name} = '{value}'\n")
        self._chown(self.data_dir / "pg_hba.conf")

    def _start_server(self) -> None:
        try:
            self._server_command(
                "pg_ctl", "--pgdata", str(self.data_dir), "--log", str(self.log_file),
                "--wait", "--timeout", str(STARTUP_TIMEOUT), "start",
            )
        except PostgresError as error:
            raise PostgresError(f"{error}\n{self._log_tail()}") from None
        self._running = True
        self._wait_until_accepting()

    def _wait_until_accepting(self) -> None:
        # pg_ctl --wait already waits for the postmaster; this checks the TCP path the
        # tests use, with the same client library flags they rely on.
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            result = subprocess.run(
                [str(self.bindir / "pg_isready"), "--host", HOST, "--port", str(self.port),
                 "--username", DATABASE_USER, "--dbname", "postgres", "--quiet"],
                check=False, env=_client_environment(),
            )
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise PostgresError(
                    f"PostgreSQL on {HOST}:{self.port} did not accept connections within "
                    f"{STARTUP_TIMEOUT}s\n{self._log_tail()}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        if self._running:
            # Immediate: nothing in a throwaway cluster is worth a checkpoint.
            with contextlib.suppress(PostgresError):
                self._server_command("pg_ctl", "--pgdata", str(self.data_dir),
                                     "--mode", "immediate", "--wait", "stop")
            self._running = False
        shutil.rmtree(self.directory, ignore_errors=True)

    # --- databases ---------------------------------------------------------------------

    def url(self, name: str) -> str:
        return f"postgresql+asyncpg://{DATABASE_USER}@{HOST}:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        """Create database `name` and return its SQLAlchemy async URL."""
        self._client_command("createdb", _checked_name(name))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        # --force ends the connections a test left open (PostgreSQL 13 and later).
        self._client_command("dropdb", "--if-exists", "--force", _checked_name(name))

    # --- running the binaries ---------------------------------------------------------

    def _server_command(self, program: str, *arguments: str) -> None:
        command: list[str] = [str(self.bindir / program), *arguments]
        if self._as_user:
            command = ["runuser", "-u", self._as_user, "--", *command]
        _run(command, cwd=self.directory)

    def _client_command(self, program: str, *arguments: str) -> None:
        _run([str(self.bindir / program), "--host", HOST, "--port", str(self.port),
              "--username", DATABASE_USER, "--no-password", *arguments], cwd=self.directory)

    def _chown(self, path: Path) -> None:
        if self._as_user:
            record = pwd.getpwnam(self._as_user)
            os.chown(path, record.pw_uid, record.pw_gid)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "server log:\n" + "\n".join(text.splitlines()[-lines:])


def _checked_name(name: str) -> str:
    if not DATABASE_NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name


def _client_environment() -> dict[str, str]:
    # Connection settings come from the arguments only, never from a developer's PG* variables.
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    environment["LC_ALL"] = "C"
    return environment


def _run(command: Sequence[str], *, cwd: Path) -> None:
    result = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True,
                            check=False, env=_client_environment(), stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise PostgresError(f"{' '.join(command)} exited with {result.returncode}: {output}")


def _cluster_directory(base_dir: Path, as_user: str | None) -> Path:
    """A fresh directory for the cluster, writable by the user the server runs as."""
    owner: pwd.struct_passwd | None = None
    if as_user is not None:
        try:
            owner = pwd.getpwnam(as_user)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root, but there is no '{as_user}' system user to run PostgreSQL "
                "as: install Debian's postgresql package (it creates that user)"
            ) from None
    directory = base_dir / "postgres"
    directory.mkdir(parents=True)
    if owner is not None:
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    too_long = len(str(directory / "socket")) > MAX_SOCKET_DIR_LENGTH
    # pytest's temp dirs under root are mode 0700: the server user cannot enter them.
    if too_long or (as_user is not None and not _reachable_by(as_user, directory)):
        directory.rmdir()
        directory = Path(tempfile.mkdtemp(prefix="portal-test-postgres-"))
        if owner is not None:
            os.chown(directory, owner.pw_uid, owner.pw_gid)
    return directory


def _reachable_by(user: str, directory: Path) -> bool:
    result = subprocess.run(["runuser", "-u", user, "--", "test", "-w", str(directory)],
                            capture_output=True, check=False, stdin=subprocess.DEVNULL)
    return result.returncode == 0


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """One cluster for the whole test run; databases are created by the fixtures that use it."""
    try:
        cluster = PostgresCluster.start(tmp_path_factory.mktemp("postgres"))
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    except PostgresError as error:
        pytest.fail(f"could not start the throwaway PostgreSQL cluster: {error}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()
