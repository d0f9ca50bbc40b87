"""The State Address Register (VZD, "Valsts adrešu reģistrs"): addresses with their
codes and coordinates, searched by text and by place.

`base` holds the interface and result types, `http` the real implementation,
`fake` an in-memory one serving the sample in `data/addresses_sample.csv`, and
`coordinates` the conversions between WGS84 and the Latvian grid LKS-92.
"""

from adapters.address_register.base import (
    AddressRegister,
    Lks92Point,
    RegisterAddress,
    Wgs84Point,
)

__all__ = ["AddressRegister", "Lks92Point", "RegisterAddress", "Wgs84Point"]
