"""Typed settings, read once from the environment.

Every knob of the portal is a field here. `Settings.from_env()` is the only place
that reads `os.environ`; tests build `Settings(...)` directly instead of patching
the environment.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_type_hints

Environment = Literal["production", "demo", "test"]

DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - refused by `portal serve`
ENV_PREFIX = "PORTAL_"


class SettingsError(ValueError):
    """A setting is missing, malformed or unsafe for the chosen environment."""


@dataclass(frozen=True, slots=True)
class Settings:
    environment: Environment = "production"
    database_url: str = "sqlite+aiosqlite:///var/portal.sqlite3"
    secret_key: str = DEFAULT_SECRET_KEY
    base_url: str = "http://127.0.0.1:8000"
    storage_dir: Path = Path("var/files")
    # The built-in OpenID provider with demo people; never in production.
    dev_login_enabled: bool = False
    # Adapters: "fake" (in-memory demo data) or "http" (real back offices).
    adapters: Literal["fake", "http"] = "http"
    # Base URLs of the registers' and back offices' gateways (used when adapters="http").
    population_register_url: str = "http://127.0.0.1:8101/pmlp"
    enterprise_register_url: str = "http://127.0.0.1:8101/ur"
    # ClamAV daemon; with adapters="fake" an in-memory scanner that knows the EICAR file.
    clamd_host: str = "127.0.0.1"
    clamd_port: int = 3310
    # National login (OpenID Connect, see portal/auth). Without an issuer, the built-in
    # development provider at {base_url}/dev-idp is used when dev_login_enabled.
    oidc_issuer: str = ""
    oidc_client_id: str = "portal"
    oidc_client_auth: Literal["private_key_jwt", "client_secret_basic"] = "private_key_jwt"
    oidc_client_secret: str = ""
    # PEM file with the RSA or EC P-256 private key that signs client assertions.
    oidc_client_key_file: str = ""
    oidc_scopes: str = "openid profile"
    # Comma-separated; "none" and HS* are refused whatever is written here.
    oidc_allowed_algorithms: str = "RS256,ES256,PS256"
    # Latvija.lv and eID providers name the personal-code claim differently.
    oidc_personal_code_claim: str = "personal_code"
    oidc_clock_leeway_seconds: int = 60
    oidc_login_timeout_seconds: int = 10 * 60
    oidc_metadata_max_age_seconds: int = 60 * 60
    oidc_jwks_min_refresh_seconds: int = 60
    session_idle_timeout_seconds: int = 15 * 60
    session_absolute_timeout_seconds: int = 8 * 60 * 60
    default_locale: str = "lv"
    secure_cookies: bool = True
    hsts: bool = True
    # Explicit escape hatches for `portal serve`, e.g. for a staging machine.
    allow_dev_login: bool = False
    allow_sqlite: bool = False
    allow_default_secret: bool = False
    accessibility_contact_email: str = "pieejamiba@portals.example.lv"
    log_level: str = "INFO"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from `PORTAL_*` variables; `overrides` win over the environment."""
        env = os.environ if environ is None else environ
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "extra":
                continue
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _convert(f.name, raw, hints[f.name])
        values.update(overrides)
        return cls(**values)

    @classmethod
    def demo(cls, data_dir: Path, **overrides: Any) -> Settings:
        """The embedded default: SQLite file, local files, development login, fakes."""
        values: dict[str, Any] = {
            "environment": "demo",
            "database_url": f"sqlite+aiosqlite:///{data_dir / 'portal.sqlite3'}",
            "storage_dir": data_dir / "files",
            "dev_login_enabled": True,
            "adapters": "fake",
            "secure_cookies": False,
            "hsts": False,
        }
        values.update(overrides)
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def production_problems(self) -> list[str]:
        """What makes these settings unsafe to serve the public; empty when safe."""
        problems = []
        if self.dev_login_enabled and not self.allow_dev_login:
            problems.append(
                "the development login is enabled (PORTAL_DEV_LOGIN_ENABLED); "
                "it lets anyone sign in as anyone"
            )
        if self.secret_key == DEFAULT_SECRET_KEY and not self.allow_default_secret:
            problems.append("PORTAL_SECRET_KEY is the public default; set a long random value")
        elif len(self.secret_key) < 32 and not self.allow_default_secret:
            problems.append("PORTAL_SECRET_KEY is shorter than 32 characters")
        if self.is_sqlite and not self.allow_sqlite:
            problems.append(
                "PORTAL_DATABASE_URL points to SQLite; production needs PostgreSQL "
                "(postgresql+asyncpg://...)"
            )
        return problems


def _convert(name: str, raw: str, hint: Any) -> Any:
    if hint is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be true or false, not {raw!r}")
    if hint is int:
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be a whole number") from None
    if hint is Path:
        return Path(raw)
    if "Literal" in str(hint):
        allowed = getattr(hint, "__args__", ())
        if raw not in allowed:
            raise SettingsError(
                f"{ENV_PREFIX}{name.upper()} must be one of {', '.join(allowed)}, not {raw!r}"
            )
        return raw
    return raw
