"""The fake back offices' signing keys: one EC P-256 pair per system, kept as PEM files.

`<dir>/<system>.pem` is the private key the fake back office signs its calls to
the portal's inbound API with; `<dir>/<system>.pub.pem` is what the portal is
given (`PORTAL_INBOUND_API_KEYS`). Missing pairs are generated, so the demo and
the tests only need to name a directory.
"""

from __future__ import annotations

import json
from pathlib import Path

from adapters.fake_backoffice.store import SYSTEMS
from portal.inbound_api.tokens import generate_key_pair


def ensure_keys(directory: Path) -> dict[str, Path]:
    """Create what is missing; the public key file of each system."""
    directory.mkdir(parents=True, exist_ok=True)
    public: dict[str, Path] = {}
    for system in SYSTEMS:
        private_path = directory / f"{system}.pem"
        public_path = directory / f"{system}.pub.pem"
        if not private_path.exists() or not public_path.exists():
            private_pem, public_pem = generate_key_pair("ES256")
            private_path.touch(mode=0o600)
            private_path.write_text(private_pem, encoding="ascii")
            public_path.write_text(public_pem, encoding="ascii")
        public[system] = public_path
    return public


def inbound_api_keys_setting(directory: Path) -> str:
    """The value of `PORTAL_INBOUND_API_KEYS` that trusts these fake back offices."""
    return json.dumps({system: str(path) for system, path in ensure_keys(directory).items()})


def private_keys(directory: Path) -> dict[str, str]:
    ensure_keys(directory)
    return {system: (directory / f"{system}.pem").read_text(encoding="ascii")
            for system in SYSTEMS}
