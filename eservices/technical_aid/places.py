"""Where each provider hands out technical aids, and which aids it brings home.

The providers' own lists are short and change rarely, so they live here rather
than in SPOLIS' catalogue. A person chooses one place per provider of the aids
chosen; large mobility and care aids can instead be brought to the home.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.support import LazyProxy

from i18n.catalogs import lazy_gettext as _l
from queue_status.models import Provider

HOME = "home"

PROVIDER_NAMES: dict[str, LazyProxy] = {
    Provider.VAIVARI: _l("NRC “Vaivari”"),
    Provider.DEAF_ASSOCIATION: _l("Latvian Association of the Deaf"),
    Provider.BLIND_SOCIETY: _l("Latvian Society of the Blind"),
}

# (code, city) per provider: the branches where aids are fitted and handed out.
BRANCHES: dict[str, tuple[tuple[str, str], ...]] = {
    Provider.VAIVARI: (
        ("vaivari-jurmala", "Jūrmala (Vaivari)"), ("vaivari-riga", "Rīga"),
        ("vaivari-liepaja", "Liepāja"), ("vaivari-daugavpils", "Daugavpils"),
        ("vaivari-valmiera", "Valmiera"), ("vaivari-rezekne", "Rēzekne")),
    Provider.DEAF_ASSOCIATION: (
        ("deaf-riga", "Rīga"), ("deaf-daugavpils", "Daugavpils"), ("deaf-liepaja", "Liepāja"),
        ("deaf-valmiera", "Valmiera"), ("deaf-jelgava", "Jelgava"), ("deaf-rezekne", "Rēzekne")),
    Provider.BLIND_SOCIETY: (
        ("blind-riga", "Rīga"), ("blind-daugavpils", "Daugavpils"), ("blind-liepaja", "Liepāja"),
        ("blind-jelgava", "Jelgava"), ("blind-valmiera", "Valmiera"),
        ("blind-ventspils", "Ventspils"), ("blind-rezekne", "Rēzekne")),
}

# Aid groups the provider brings to the home: wheelchairs, walkers, bathing and
# toileting aids, pressure-relief mattresses and cushions.
HOME_DELIVERY_GROUPS = frozenset({"12-22", "12-06", "09-33", "04-33"})


def place_label(code: str) -> str:
    if code == HOME:
        return str(_l("Bring it to the home"))
    for branches in BRANCHES.values():
        for branch, city in branches:
            if branch == code:
                return city
    return code


def nearest_branch(provider: str, address: str) -> str | None:
    """The provider's branch in the town of the address, if it has one there.

    Addresses read "street house - flat, town, [municipality,] postcode"; the town is
    one of the parts after the first (a street may be named after a town: Rīgas iela).
    """
    parts = {part.strip().casefold() for part in address.split(",")[1:]}
    for code, city in BRANCHES.get(provider, ()):
        if city.split(" ")[0].casefold() in parts:
            return code
    return None


def home_delivery_possible(groups: Sequence[str]) -> bool:
    return any(group in HOME_DELIVERY_GROUPS for group in groups)
