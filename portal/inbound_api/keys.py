"""The back offices' public keys and the API's audience, from the settings.

`inbound_api_keys` is a JSON object, back-office name -> key, where a key is
either PEM text or the path of a PEM file:

    PORTAL_INBOUND_API_KEYS='{"vdi": "/etc/portal/keys/vdi.pem",
                              "spolis": "-----BEGIN PUBLIC KEY-----\\n..."}'

Keys are read once, when the app is built; a broken entry stops start-up with a
message naming the back office, rather than failing its first request.
"""

from __future__ import annotations

import json
from pathlib import Path

from portal.inbound_api.tokens import PublicKey
from portal.settings import Settings, SettingsError

_PEM_START = "-----BEGIN"


def api_audience(settings: Settings) -> str:
    return settings.inbound_api_audience or settings.base_url.rstrip("/") + "/api/v1"


def load_public_keys(settings: Settings) -> dict[str, PublicKey]:
    if not settings.inbound_api_keys.strip():
        return {}
    try:
        entries = json.loads(settings.inbound_api_keys)
    except ValueError:
        raise SettingsError("PORTAL_INBOUND_API_KEYS must be a JSON object") from None
    if not isinstance(entries, dict):
        raise SettingsError("PORTAL_INBOUND_API_KEYS must be a JSON object")
    keys: dict[str, PublicKey] = {}
    for name, value in entries.items():
        if not isinstance(value, str) or not name or len(name) > 50:
            raise SettingsError(f"PORTAL_INBOUND_API_KEYS: bad entry for {name[:50]!r}")
        pem = value if value.lstrip().startswith(_PEM_START) else _read(name, Path(value))
        try:
            keys[name] = PublicKey.from_pem(pem)
        except ValueError as error:
            raise SettingsError(f"PORTAL_INBOUND_API_KEYS: key of {name!r}: {error}") from None
    return keys


def _read(name: str, path: Path) -> str:
    try:
        return path.read_text("ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"PORTAL_INBOUND_API_KEYS: cannot read the key of {name!r}: "
                            f"{type(error).__name__}") from None
