"""What the portal asks of the State Address Register (VZD, "Valsts adrešu reģistrs").

Every method raises only the errors of `adapters.errors`: `NotFound` when the
register has no such address (or none near a point).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

SYSTEM = "address_register"

# Most autocomplete lists show about this many; the register caps its answers anyway.
DEFAULT_LIMIT = 10
# Farther than this from any address, a point on the map has no "nearest address":
# a field or a forest is described in words rather than by a town address far away.
DEFAULT_NEAREST_METRES = 2000.0


@dataclass(frozen=True, slots=True)
class Wgs84Point:
    """Degrees on WGS84 (EPSG:4326): what GPS, phones and web maps use."""

    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Lks92Point:
    """Metres on the Latvian grid LKS-92 / Latvia TM (EPSG:3059).

    The axes are named as EPSG:3059 and VZD's data name them, the geodetic way:
    `x` is the northing (about 170 000 – 450 000 in Latvia) and `y` the easting
    (about 300 000 – 770 000). Riga's Freedom Monument is x ≈ 311 980, y ≈ 506 890;
    GIS software that puts easting first shows the same point as (506 890, 311 980).
    """

    x: float
    y: float


@dataclass(frozen=True, slots=True)
class RegisterAddress:
    code: str
    """The address's code in the register: nine digits, never reused."""
    text: str
    """Full address as the register writes it, e.g. "Brīvības iela 101 - 12, Rīga, LV-1001"."""
    postal_code: str
    """E.g. "LV-1001"."""
    wgs84: Wgs84Point
    lks92: Lks92Point


class AddressRegister(Protocol):
    async def search(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[RegisterAddress]:
        """Addresses matching what a person has typed so far, best first.

        Each word typed must begin a word of the address, in any order, ignoring
        case and diacritics ("brivibas 10 rig" finds "Brīvības iela 101, Rīga").
        Addresses that begin with the typed text come first, then those where it
        appears as a phrase, then the rest; exact house numbers before longer ones.
        An empty list when nothing matches (not `NotFound`: it is a normal answer).
        """
        ...

    async def get(self, code: str) -> RegisterAddress:
        """The address with this code; `NotFound` if the register has none."""
        ...

    async def nearest(
        self, point: Wgs84Point, *, within_metres: float = DEFAULT_NEAREST_METRES
    ) -> RegisterAddress:
        """The address closest to `point`; `NotFound` if none is within `within_metres`."""
        ...
