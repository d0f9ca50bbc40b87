"""Keeping the catalogs in step with the code: extract, update, check.

`portal i18n update` extracts every message from Python and templates into
`messages.pot` and merges it into the lv and en catalogs; `catalog_problems()`
is what the test suite asserts is empty.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from i18n.catalogs import CATALOG_DIR, DOMAIN, LOCALES, po_path

PROJECT_ROOT = CATALOG_DIR.parent
SOURCE_DIRS = ("portal", "eservices", "queue_status", "adapters", "i18n")
TEMPLATE_PATH = CATALOG_DIR / f"{DOMAIN}.pot"


def extract() -> Catalog:
    with (CATALOG_DIR / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    catalog = Catalog(project="welfare-eservices-portal", charset="utf-8")
    for directory in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            PROJECT_ROOT / directory, method_map, options_map,
            keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                      "ngettext": (1, 2), "pgettext": ((1, "c"), 2)},
            strip_comment_tags=True,
        ):
            catalog.add(message, None, [(f"{directory}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    buffer = BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True,
             include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update_catalogs() -> dict[str, int]:
    """Re-extract, write the template, merge it into each locale; count the gaps."""
    template = extract()
    _write(template, TEMPLATE_PATH)
    gaps: dict[str, int] = {}
    for locale in LOCALES:
        path = po_path(locale)
        catalog = _read(path, locale) if path.exists() else Catalog(locale=locale)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write(catalog, path)
        gaps[locale] = sum(1 for message in catalog if message.id and not _translated(message))
    return gaps


def _translated(message: object) -> bool:
    string = getattr(message, "string", None)
    if isinstance(string, tuple):
        return all(string)
    return bool(string)


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(str(m.id), m.context) for m in catalog if m.id}


def catalog_problems() -> list[str]:
    problems: list[str] = []
    fresh = _ids(extract())
    committed = _ids(_read(TEMPLATE_PATH))
    if fresh != committed:
        added = sorted(m for m, _ in fresh - committed)[:5]
        removed = sorted(m for m, _ in committed - fresh)[:5]
        problems.append(
            f"{TEMPLATE_PATH.name} is out of date (run `portal i18n update`); "
            f"new: {added}, gone: {removed}"
        )
    for locale in LOCALES:
        catalog = _read(po_path(locale), locale)
        missing = fresh - _ids(catalog)
        if missing:
            problems.append(f"{locale}: not merged: {sorted(m for m, _ in missing)[:5]}")
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{locale}: fuzzy translation of {message.id!r}")
            elif not _translated(message):
                problems.append(f"{locale}: no translation of {message.id!r}")
    return problems
