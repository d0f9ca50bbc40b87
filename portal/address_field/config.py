"""What the address field's template needs from the app: URLs and the map's tile server.

Design-system macros are imported without the page's context (no `request`),
so the template cannot call `url_for`; the app factory computes these once and
puts them in the template globals as `address_field_config`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.applications import Starlette

from portal.settings import Settings


@dataclass(frozen=True, slots=True)
class AddressFieldConfig:
    search_url: str
    nearest_url: str
    autocomplete_js: str
    map_js: str
    leaflet_js: str
    leaflet_css: str
    tile_url: str
    """A Leaflet URL template, or "" for a plain background (the demo, offline)."""
    tile_attribution: str


def address_field_config(app: Starlette, settings: Settings) -> AddressFieldConfig:
    def static(path: str) -> str:
        return str(app.url_path_for("static", path=path))

    return AddressFieldConfig(
        search_url=str(app.url_path_for("address_search")),
        nearest_url=str(app.url_path_for("address_nearest")),
        autocomplete_js=static("js/address-autocomplete.js"),
        map_js=static("js/address-map.js"),
        leaflet_js=static("vendor/leaflet/leaflet.js"),
        leaflet_css=static("vendor/leaflet/leaflet.css"),
        tile_url=settings.map_tile_url,
        tile_attribution=settings.map_tile_attribution,
    )


def tile_origin(template: str) -> str:
    """The CSP img-src source for a Leaflet tile URL template; "" when there is none.

    "https://{s}.tiles.example.lv/{z}/{x}/{y}.png" → "https://*.tiles.example.lv":
    Leaflet fills `{s}` with a subdomain, so the whole family must be allowed.
    """
    if not template:
        return ""
    parts = urlsplit(template)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"map_tile_url must be an http(s) URL template, not {template!r}")
    host = parts.netloc.replace("{s}", "*")
    if any(c in host for c in "{} ;,'\""):
        raise ValueError(f"map_tile_url has an unexpected placeholder in its host: {template!r}")
    return f"{parts.scheme}://{host}"
