"""WGS84 (EPSG:4326) ⇄ LKS-92 / Latvia TM (EPSG:3059), with pyproj.

Back offices of the inspectorate work in LKS-92, maps and phones in WGS84; the
portal keeps both and converts here only. Transformers are built once, on first
use (building one reads the PROJ database, about a millisecond), and pyproj's
transformers are safe to share between threads when built this way.
"""

from __future__ import annotations

from functools import cache

from pyproj import Transformer

from adapters.address_register.base import Lks92Point, Wgs84Point

# Latvia with a margin of a few kilometres: points outside are not addresses we can use.
LATVIA_LAT = (55.6, 58.1)
LATVIA_LON = (20.9, 28.3)


@cache
def _to_lks92() -> Transformer:
    # always_xy: (lon, lat) in, (easting, northing) out, whatever the EPSG axis order.
    return Transformer.from_crs("EPSG:4326", "EPSG:3059", always_xy=True)


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:3059", "EPSG:4326", always_xy=True)


def to_lks92(point: Wgs84Point) -> Lks92Point:
    easting, northing = _to_lks92().transform(point.lon, point.lat, errcheck=True)
    return Lks92Point(x=round(northing, 2), y=round(easting, 2))


def to_wgs84(point: Lks92Point) -> Wgs84Point:
    lon, lat = _to_wgs84().transform(point.y, point.x, errcheck=True)
    return Wgs84Point(lat=round(lat, 7), lon=round(lon, 7))


def in_latvia(point: Wgs84Point) -> bool:
    return (LATVIA_LAT[0] <= point.lat <= LATVIA_LAT[1]
            and LATVIA_LON[0] <= point.lon <= LATVIA_LON[1])


def grid_distance(a: Lks92Point, b: Lks92Point) -> float:
    """Straight-line metres on the grid; its scale error is under 0.04 % in Latvia, far
    below what matters for "the nearest address"."""
    return float(((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5)
