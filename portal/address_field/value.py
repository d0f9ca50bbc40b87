"""The answer an address field gives: which place, in both coordinate systems, and how.

A dict on purpose, not a dataclass: step answers are kept as JSON in drafts and
sent as JSON in the submission envelope, and the shared submission flow stores
`field.data` as it is. As a dict the value needs no conversion anywhere; the
properties give typed access, and `str()` is the address as a person reads it
(the check-your-answers page and the receipt show `str(data)`).

    {"source": "register", "code": "105010123", "text": "Brīvības iela 101, Rīga, LV-1010",
     "lat": 56.9588, "lon": 24.1241, "lks92_x": 312345.67, "lks92_y": 507123.45}

`lks92_x` is the northing and `lks92_y` the easting, as EPSG:3059 and VZD name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from adapters.address_register.base import RegisterAddress, Wgs84Point
from adapters.address_register.coordinates import to_lks92


class AddressSource(StrEnum):
    REGISTER = "register"
    """Chosen from the register: the code, its text and its coordinates."""
    MAP = "map"
    """A point on the map: its coordinates, the text as the person left it, and the code
    of the nearest address when the person kept that address's text unchanged."""
    TYPED = "typed"
    """Typed by the person and not found in the register: text only, no code or place."""


class AddressValue(dict[str, Any]):
    @classmethod
    def from_register(cls, address: RegisterAddress) -> AddressValue:
        return cls(source=AddressSource.REGISTER.value, code=address.code, text=address.text,
                   lat=address.wgs84.lat, lon=address.wgs84.lon,
                   lks92_x=address.lks92.x, lks92_y=address.lks92.y)

    @classmethod
    def from_point(cls, point: Wgs84Point, text: str,
                   nearest: RegisterAddress | None = None) -> AddressValue:
        grid = to_lks92(point)
        return cls(source=AddressSource.MAP.value, code=nearest.code if nearest else None,
                   text=text, lat=point.lat, lon=point.lon, lks92_x=grid.x, lks92_y=grid.y)

    @classmethod
    def typed(cls, text: str) -> AddressValue:
        return cls(source=AddressSource.TYPED.value, code=None, text=text,
                   lat=None, lon=None, lks92_x=None, lks92_y=None)

    @classmethod
    def from_json(cls, data: object) -> AddressValue | None:
        """A value read back from a draft (a plain dict); None when it is not one."""
        if not isinstance(data, Mapping) or not isinstance(data.get("text"), str):
            return None
        try:
            source = AddressSource(str(data.get("source")))
        except ValueError:
            return None
        numbers = {key: data.get(key) for key in ("lat", "lon", "lks92_x", "lks92_y")}
        if not all(v is None or isinstance(v, int | float) for v in numbers.values()):
            return None
        code = data.get("code")
        return cls(source=source.value, code=code if isinstance(code, str) else None,
                   text=data["text"], **numbers)

    @property
    def source(self) -> AddressSource:
        return AddressSource(self["source"])

    @property
    def code(self) -> str | None:
        code: str | None = self.get("code")
        return code

    @property
    def text(self) -> str:
        return str(self["text"])

    @property
    def wgs84(self) -> Wgs84Point | None:
        if self.get("lat") is None or self.get("lon") is None:
            return None
        return Wgs84Point(lat=float(self["lat"]), lon=float(self["lon"]))

    @property
    def lks92_x(self) -> float | None:
        return None if self.get("lks92_x") is None else float(self["lks92_x"])

    @property
    def lks92_y(self) -> float | None:
        return None if self.get("lks92_y") is None else float(self["lks92_y"])

    def __str__(self) -> str:
        return self.text
