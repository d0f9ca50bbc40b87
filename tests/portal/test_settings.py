from pathlib import Path

import pytest

from portal.settings import DEFAULT_SECRET_KEY, Settings, SettingsError

GOOD_SECRET = "x" * 40


def test_environment_variables_are_typed() -> None:
    settings = Settings.from_env({
        "PORTAL_DATABASE_URL": "postgresql+asyncpg://portal@db/portal",
        "PORTAL_SESSION_IDLE_TIMEOUT_SECONDS": "600",
        "PORTAL_DEV_LOGIN_ENABLED": "yes",
        "PORTAL_STORAGE_DIR": "/srv/files",
        "PORTAL_ADAPTERS": "fake",
        "UNRELATED": "ignored",
    })
    assert settings.database_url == "postgresql+asyncpg://portal@db/portal"
    assert settings.session_idle_timeout_seconds == 600
    assert settings.dev_login_enabled is True
    assert settings.storage_dir == Path("/srv/files")
    assert settings.adapters == "fake"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("PORTAL_HSTS", "maybe", "true or false"),
    ("PORTAL_SESSION_IDLE_TIMEOUT_SECONDS", "ten", "whole number"),
    ("PORTAL_ADAPTERS", "real", "one of fake, http"),
])
def test_malformed_values_are_explained(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: value})


def test_defaults_are_production_safe_except_what_must_be_configured() -> None:
    settings = Settings.from_env({})
    assert settings.environment == "production"
    assert settings.dev_login_enabled is False
    assert settings.secure_cookies is True and settings.hsts is True
    problems = settings.production_problems()
    assert any("PORTAL_SECRET_KEY" in problem for problem in problems)
    assert any("SQLite" in problem for problem in problems)


def test_production_problems_name_each_unsafe_choice() -> None:
    safe = Settings(database_url="postgresql+asyncpg://p@db/p", secret_key=GOOD_SECRET)
    assert safe.production_problems() == []
    assert "development login" in safe.replace(dev_login_enabled=True).production_problems()[0]
    assert "shorter" in safe.replace(secret_key="short").production_problems()[0]
    assert safe.replace(secret_key=DEFAULT_SECRET_KEY).production_problems()


def test_explicit_allowances_lift_the_refusals() -> None:
    settings = Settings(dev_login_enabled=True, allow_dev_login=True, allow_sqlite=True,
                        allow_default_secret=True)
    assert settings.production_problems() == []


def test_demo_settings_are_the_embedded_default(tmp_path: Path) -> None:
    settings = Settings.demo(tmp_path)
    assert settings.is_sqlite and str(tmp_path) in settings.database_url
    assert settings.storage_dir == tmp_path / "files"
    assert settings.dev_login_enabled and settings.adapters == "fake"
    assert settings.secure_cookies is False
