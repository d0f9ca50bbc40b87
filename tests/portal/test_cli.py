"""The `portal` command, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.postgres import PostgresCluster


def run_portal(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "portal", *args], capture_output=True,
                          text=True, env=environment, timeout=120, check=False)


@pytest.mark.parametrize(("env", "reason"), [
    ({"PORTAL_DATABASE_URL": "postgresql+asyncpg://p@127.0.0.1:9/p",
      "PORTAL_SECRET_KEY": "s" * 40, "PORTAL_DEV_LOGIN_ENABLED": "true"}, "development login"),
    ({"PORTAL_DATABASE_URL": "postgresql+asyncpg://p@127.0.0.1:9/p"}, "PORTAL_SECRET_KEY"),
    ({"PORTAL_SECRET_KEY": "s" * 40}, "SQLite"),
])
def test_serve_refuses_unsafe_settings(env: dict[str, str], reason: str) -> None:
    result = run_portal("serve", env=env)
    assert result.returncode == 2
    assert "refuses to start" in result.stderr and reason in result.stderr


def test_serve_explains_malformed_settings() -> None:
    result = run_portal("serve", env={"PORTAL_HSTS": "perhaps"})
    assert result.returncode == 2
    assert "PORTAL_HSTS must be true or false" in result.stderr


def test_help_lists_every_command() -> None:
    result = run_portal("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "db", "worker", "fake-backoffice", "publish-metrics", "i18n"):
        assert command in result.stdout
    worker = run_portal("worker", "--help")
    assert "--once" in worker.stdout and "--concurrency" in worker.stdout


def test_db_upgrade_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    result = run_portal("db", "upgrade", env={"PORTAL_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli.sqlite3").exists()


def test_db_upgrade_on_postgresql(postgres_cluster: PostgresCluster) -> None:
    url = postgres_cluster.create_database("cli_upgrade")
    result = run_portal("db", "upgrade", env={"PORTAL_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    again = run_portal("db", "upgrade", env={"PORTAL_DATABASE_URL": url})
    assert again.returncode == 0, again.stderr
