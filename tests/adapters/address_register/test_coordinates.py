"""WGS84 ⇄ LKS-92 with pyproj, checked against an independent computation.

The reference is the EPSG:3059 definition worked out by hand: a transverse
Mercator projection of the GRS80 ellipsoid (a = 6 378 137 m, 1/f = 298.257222101)
with central meridian 24° E, scale 0.9996, false easting 500 000 m and false
northing −6 000 000 m, computed with the series of Snyder, "Map Projections —
A Working Manual" (USGS Professional Paper 1395, 1987), pp. 60–61. LKS-92 is
ETRS89-based; for an address the difference to WGS84 (centimetres) does not matter.
"""

from __future__ import annotations

import math

import pytest

from adapters.address_register.base import Lks92Point, Wgs84Point
from adapters.address_register.coordinates import grid_distance, in_latvia, to_lks92, to_wgs84
from adapters.address_register.fake import SAMPLE, read_vzd_csv

A = 6_378_137.0
F = 1 / 298.257222101
K0, LON0, FALSE_EASTING, FALSE_NORTHING = 0.9996, 24.0, 500_000.0, -6_000_000.0


def snyder_tm(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    """(northing, easting) of a point by Snyder's transverse Mercator series."""
    e2 = F * (2 - F)
    ep2 = e2 / (1 - e2)
    phi, lam = math.radians(lat_deg), math.radians(lon_deg - LON0)
    n = A / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t = math.tan(phi) ** 2
    c = ep2 * math.cos(phi) ** 2
    a = lam * math.cos(phi)
    m = A * ((1 - e2 / 4 - 3 * e2**2 / 64 - 5 * e2**3 / 256) * phi
             - (3 * e2 / 8 + 3 * e2**2 / 32 + 45 * e2**3 / 1024) * math.sin(2 * phi)
             + (15 * e2**2 / 256 + 45 * e2**3 / 1024) * math.sin(4 * phi)
             - (35 * e2**3 / 3072) * math.sin(6 * phi))
    x = K0 * n * (a + (1 - t + c) * a**3 / 6
                  + (5 - 18 * t + t**2 + 72 * c - 58 * ep2) * a**5 / 120)
    y = K0 * (m + n * math.tan(phi) * (
        a**2 / 2 + (5 - t + 9 * c + 4 * c**2) * a**4 / 24
        + (61 - 58 * t + t**2 + 600 * c - 330 * ep2) * a**6 / 720))
    return y + FALSE_NORTHING, x + FALSE_EASTING


# Riga's Freedom Monument, and points near the ends of Latvia (Liepāja is 3° west of the
# central meridian, Daugavpils 2.5° east), where a wrong ellipsoid or meridian shows most.
PLACES = {
    "Freedom Monument, Rīga": (56.95145, 24.11336),
    "Liepāja": (56.5047, 21.0108),
    "Daugavpils": (55.8747, 26.5362),
    "Valmiera": (57.5383, 25.4263),
    "Jelgava": (56.6511, 23.7214),
}


@pytest.mark.parametrize("name", PLACES)
def test_pyproj_agrees_with_the_definition(name: str) -> None:
    lat, lon = PLACES[name]
    northing, easting = snyder_tm(lat, lon)
    grid = to_lks92(Wgs84Point(lat, lon))
    assert grid.x == pytest.approx(northing, abs=0.02)
    assert grid.y == pytest.approx(easting, abs=0.02)


def test_freedom_monument_is_where_latvian_maps_put_it() -> None:
    grid = to_lks92(Wgs84Point(*PLACES["Freedom Monument, Rīga"]))
    # x is the northing, y the easting (EPSG:3059's axis order): about 312 000 and 506 900.
    assert 311_900 < grid.x < 312_100
    assert 506_800 < grid.y < 507_000


def test_on_the_central_meridian_the_easting_is_the_false_easting() -> None:
    assert to_lks92(Wgs84Point(57.0, 24.0)).y == pytest.approx(500_000, abs=0.01)


@pytest.mark.parametrize("name", PLACES)
def test_round_trip(name: str) -> None:
    point = Wgs84Point(*PLACES[name])
    back = to_wgs84(to_lks92(point))
    # LKS-92 is kept to the centimetre, about 2e-7 degrees.
    assert (back.lat, back.lon) == pytest.approx((point.lat, point.lon), abs=3e-7)


def test_grid_distance_is_metres() -> None:
    # One minute of latitude is about 1 855 m at 57° N.
    a, b = to_lks92(Wgs84Point(57.0, 24.0)), to_lks92(Wgs84Point(57.0 + 1 / 60, 24.0))
    assert grid_distance(a, b) == pytest.approx(1855, abs=3)
    assert grid_distance(Lks92Point(0, 0), Lks92Point(3, 4)) == 5


def test_in_latvia() -> None:
    assert in_latvia(Wgs84Point(56.95, 24.11))
    assert not in_latvia(Wgs84Point(54.68, 25.28))  # Vilnius
    assert not in_latvia(Wgs84Point(float("nan"), 24.0))


def test_the_shipped_sample_is_consistent() -> None:
    addresses = read_vzd_csv(SAMPLE)
    assert 150 <= len(addresses) <= 400
    assert len({a.code for a in addresses}) == len(addresses)
    for address in addresses:
        assert address.code.isdigit() and len(address.code) == 9
        assert address.text.endswith(address.postal_code)
        assert in_latvia(address.wgs84)
        northing, easting = snyder_tm(address.wgs84.lat, address.wgs84.lon)
        assert (address.lks92.x, address.lks92.y) == pytest.approx((northing, easting), abs=0.02)


def test_the_sample_is_in_vzd_layout() -> None:
    header, first = SAMPLE.read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("#KODS#;#TIPS_CD#;#STATUSS#;#STD#")
    assert all(value.startswith("#") and value.endswith("#") for value in first.split(";"))
