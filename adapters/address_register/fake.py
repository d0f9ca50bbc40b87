"""An in-memory address register serving the sample shipped in `data/`.

The sample is in the layout of VZD's open data (the building addresses file of
`AW_CSV`): semicolon-separated, every value between `#` characters, a header
row naming the columns. Only the columns used here are in the sample:

    KODS      address code                    #105010123#
    TIPS_CD   object type: 108 building,      #108#
              109 group of premises (flat)
    STATUSS   EKS = exists                    #EKS#
    STD       full address                    #Brīvības iela 101 - 12, Rīga, LV-1001#
    ATRIB     postal code                     #LV-1001#
    KOORD_X   LKS-92 northing, metres         #312345.67#
    KOORD_Y   LKS-92 easting, metres          #507123.45#
    DD_N      WGS84 latitude, degrees         #56.9588100#
    DD_E      WGS84 longitude, degrees        #24.1241200#

The real files are read the same way, so a larger extract can replace the sample.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from adapters.address_register.base import (
    DEFAULT_LIMIT,
    DEFAULT_NEAREST_METRES,
    SYSTEM,
    Lks92Point,
    RegisterAddress,
    Wgs84Point,
)
from adapters.address_register.coordinates import grid_distance, to_lks92
from adapters.address_register.matching import rank
from adapters.errors import NotFound

SAMPLE = Path(__file__).with_name("data") / "addresses_sample.csv"
COLUMNS = ("KODS", "TIPS_CD", "STATUSS", "STD", "ATRIB", "KOORD_X", "KOORD_Y", "DD_N", "DD_E")


def read_vzd_csv(path: Path) -> list[RegisterAddress]:
    """Existing addresses from a file in VZD's layout (columns found by the header)."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file, delimiter=";", quotechar="#")
        return [_address(row) for row in rows if row.get("STATUSS", "EKS") == "EKS"]


def _address(row: dict[str, str]) -> RegisterAddress:
    return RegisterAddress(
        code=row["KODS"],
        text=row["STD"],
        postal_code=row["ATRIB"],
        wgs84=Wgs84Point(lat=float(row["DD_N"]), lon=float(row["DD_E"])),
        lks92=Lks92Point(x=float(row["KOORD_X"]), y=float(row["KOORD_Y"])),
    )


class FakeAddressRegister:
    def __init__(self, addresses: Iterable[RegisterAddress] | None = None) -> None:
        self._addresses = list(read_vzd_csv(SAMPLE) if addresses is None else addresses)
        self._by_code = {a.code: a for a in self._addresses}

    async def search(self, text: str, *, limit: int = DEFAULT_LIMIT) -> list[RegisterAddress]:
        return rank(text, ((a.text, a) for a in self._addresses), limit)

    async def get(self, code: str) -> RegisterAddress:
        try:
            return self._by_code[code.strip()]
        except KeyError:
            raise NotFound(SYSTEM, "no such address code") from None

    async def nearest(
        self, point: Wgs84Point, *, within_metres: float = DEFAULT_NEAREST_METRES
    ) -> RegisterAddress:
        # A linear scan: the fake holds a few hundred addresses; the register has an index.
        here = to_lks92(point)
        best = min(self._addresses, key=lambda a: grid_distance(here, a.lks92), default=None)
        if best is None or grid_distance(here, best.lks92) > within_metres:
            raise NotFound(SYSTEM, "no address near this point")
        return best
