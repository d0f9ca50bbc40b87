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
# Dace Ābele in adapters/demo_people.py: the demo's operator, who may read the audit log.
DEMO_OPERATOR_PERSONAL_CODE = "329954-31870"


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
    address_register_url: str = "http://127.0.0.1:8101/var"
    # Map tiles for the address field's map, a Leaflet URL template such as
    # "https://tiles.example.lv/{z}/{x}/{y}.png"; its origin is added to the CSP's img-src.
    # Empty: the map shows a plain background (the demo works offline).
    map_tile_url: str = ""
    map_tile_attribution: str = ""
    # ClamAV daemon; with adapters="fake" an in-memory scanner that knows the EICAR file.
    clamd_host: str = "127.0.0.1"
    clamd_port: int = 3310
    # Back offices (VDI, SPOLIS, SIVA) take submissions at {back_office_url}/{system}/submissions;
    # `portal fake-backoffice` serves that on port 8101.
    back_office_url: str = "http://127.0.0.1:8101"
    # Delivery adapters: "same" follows `adapters`; the demo says "http" so that its
    # worker delivers to the fake back office over HTTP while the registers stay fake.
    back_office_adapters: Literal["same", "fake", "http"] = "same"
    back_office_timeout_seconds: int = 120
    # SPOLIS' calendar (training sessions, specialists' free slots), read at
    # {back_office_url}/spolis/calendar; "same" follows `back_office_adapters`, so the
    # demo reads it over HTTP from the fake back office.
    spolis_adapter: Literal["same", "fake", "http"] = "same"
    # `portal worker` follows SPOLIS' technical-aid catalogue and queues this often;
    # "my queue" waits this long for SPOLIS before showing what the portal holds.
    technical_aid_sync_interval_seconds: int = 300
    technical_aid_page_timeout_milliseconds: int = 3000
    # The registries the technical-aid application asks what the state knows: VDEĀVK's
    # disability system, NRC "Vaivari"'s functioning database and the municipalities'
    # SOPA. "same" follows `back_office_adapters`, so the demo asks its fake back office
    # over HTTP; an empty URL means the fake back office's path under `back_office_url`.
    eligibility_registries_adapter: Literal["same", "fake", "http"] = "same"
    disability_system_url: str = ""
    functioning_url: str = ""
    social_assistance_url: str = ""
    # A reminder of an appointment with a specialist goes out this long before it.
    appointment_reminder_hours: int = 24
    # The delivery worker (`portal worker`): retry n waits a random time up to
    # min(cap, base * 2**(n-1)); a row still failing after `dead_after` is a dead letter.
    delivery_retry_base_seconds: int = 10
    delivery_retry_cap_seconds: int = 60 * 60
    delivery_dead_after_seconds: int = 3 * 24 * 60 * 60
    # A claimed row stays with its worker this long (renewed while it delivers); the
    # rows of a worker that was killed go to another one after it lapses.
    delivery_claim_seconds: int = 5 * 60
    delivery_poll_milliseconds: int = 1000
    # Rows each of a worker's lanes claims at once: fewer database round trips per row.
    # How often `portal worker` sends answers, seat notices and reminders that are due.
    notification_interval_seconds: int = 30
    delivery_batch_size: int = 10
    # Inbound API for back offices (portal/inbound_api): a JSON object mapping each back
    # office's name (the token's `iss`, e.g. "vdi") to its public key, given as PEM text
    # or as the path of a PEM file; RSA (RS256, 2048 bits or more) or EC P-256 (ES256).
    inbound_api_keys: str = ""
    # The `aud` every back-office token must carry; empty means {base_url}/api/v1.
    inbound_api_audience: str = ""
    inbound_api_token_max_lifetime_seconds: int = 300
    inbound_api_clock_leeway_seconds: int = 30
    inbound_api_max_file_bytes: int = 100 * 1024 * 1024
    # Answer notifications (portal/notifications): SMTP for e-mail, and the official
    # e-address gateway. smtp_security: "starttls" (port 587), "tls" (465) or "none".
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 587
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: int = 10
    email_from: str = "Labklājības e-pakalpojumi <no-reply@portals.example.lv>"
    e_address_url: str = "http://127.0.0.1:8101/e-adrese"
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
    # Unfinished applications are kept this long after their last change.
    draft_retention_days: int = 30
    # Retention (portal/housekeeping): a submission's details (answers, files, the answers'
    # texts and documents) are removed this long after its delivery and its last news;
    # its reference, dates and status history stay. A year covers the longest time the
    # Administrative Procedure Law allows to challenge a decision (a year, when the
    # decision did not say how to appeal); past it the institution, which keeps the
    # original under its own records rules, is where a copy comes from.
    submission_retention_days: int = 365
    # How often `portal worker` deletes expired sessions, token ids and drafts and
    # applies the retention rule.
    housekeeping_interval_seconds: int = 60 * 60
    session_idle_timeout_seconds: int = 15 * 60
    session_absolute_timeout_seconds: int = 8 * 60 * 60
    # The time-out warning (WCAG 2.2.1) appears this long before the session ends.
    session_warning_seconds: int = 2 * 60
    # Who may act for whom: the registers' answers are kept this long in the session
    # for the header switch; switching always asks the registers afresh.
    representation_register_cache_seconds: int = 5 * 60
    # The longest mandate a board member may grant, in years from today.
    mandate_max_years: int = 3
    # Personal codes of the portal's operators (audit log), comma-separated.
    operator_personal_codes: tuple[str, ...] = ()
    # Usage metrics (portal/usage_metrics): a journey with no new step for this long
    # counts as abandoned; published days are rechecked for corrections this long.
    usage_abandoned_after_hours: int = 24
    usage_correction_days: int = 35
    # The national service platform, which `portal publish-metrics` sends the daily
    # figures to; "same" follows `adapters`. Retries: base * 2**(n-1) seconds apart.
    service_platform_adapter: Literal["same", "fake", "http"] = "same"
    service_platform_url: str = "http://127.0.0.1:8101/platform"
    service_platform_token: str = ""
    service_platform_attempts: int = 4
    service_platform_retry_base_seconds: int = 2
    # Public queue statistics: `portal worker` recomputes them when the stored ones are
    # this old. `portal publish-open-data` sends them to the open-data portal (CKAN,
    # data.gov.lv) at {open_data_portal_url}/api/3/action/..., with the API token of
    # the publishing organisation (`open_data_organization`, its CKAN name).
    queue_statistics_interval_seconds: int = 60 * 60
    open_data_portal_adapter: Literal["same", "fake", "http"] = "same"
    open_data_portal_url: str = "http://127.0.0.1:8101/ckan"
    open_data_portal_token: str = ""
    open_data_organization: str = ""
    open_data_dataset_name: str = "tehnisko-palidzlidzeklu-rindas"
    open_data_license_id: str = "cc-by"
    # Prometheus at /metrics: "off" (404), "loopback" (this machine only) or "token"
    # (requests with `Authorization: Bearer <metrics_token>`).
    metrics_access: Literal["off", "loopback", "token"] = "off"
    metrics_token: str = ""
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
            "operator_personal_codes": (DEMO_OPERATOR_PERSONAL_CODE,),
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
    if getattr(hint, "__origin__", None) is tuple:  # a comma-separated list
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if "Literal" in str(hint):
        allowed = getattr(hint, "__args__", ())
        if raw not in allowed:
            raise SettingsError(
                f"{ENV_PREFIX}{name.upper()} must be one of {', '.join(allowed)}, not {raw!r}"
            )
        return raw
    return raw
