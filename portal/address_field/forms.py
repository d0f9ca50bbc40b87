"""`AddressField`: a place given by register address, by map point, or as typed text.

It works in three layers, each complete without the next (DESIGN, habit 8):

1. Without JavaScript: a text box and a "Find address" button. Pressing the button
   posts the step; the step is shown again with the register's matches as radios
   and a choice to keep the text as typed when the address is not in the list.
2. With JavaScript, `address-autocomplete.js` turns the box into an ARIA 1.2
   combobox fed by `/address/search`; a chosen option puts its code into the
   hidden `<name>-code` input.
3. `address-map.js` adds a Leaflet map on request; a point goes into the hidden
   `<name>-lat` and `<name>-lon` inputs and the nearest address into the box.

Whatever the browser sent, the server decides the answer: `resolve_addresses`
(async, it asks the register) must be awaited before `form.validate()`:

    form = Step(formdata=formdata, data=...)
    if await resolve_addresses(form, request.app.state.adapters.address_register):
        return render(...)            # "Find address" pressed: show the matches, no errors
    if form.validate(): ...

Posted names: `<name>` (the text), `<name>-search` (the button), `<name>-choice`
(a radio: an address code or "not-listed"), `<name>-code`, `<name>-lat`,
`<name>-lon` and `<name>-typed` (hidden: what was already settled).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from wtforms import Field, Form
from wtforms.validators import StopValidation

from adapters.address_register.base import AddressRegister, RegisterAddress, Wgs84Point
from adapters.address_register.coordinates import in_latvia
from adapters.address_register.matching import same_address
from adapters.errors import AdapterError, NotFound
from i18n.catalogs import gettext as _
from i18n.catalogs import lazy_gettext as _l
from portal.address_field.value import AddressSource, AddressValue

NOT_LISTED = "not-listed"
# A radio list longer than this is no help without JavaScript: the person refines the text.
MATCHES_SHOWN = 10
_PARTS = ("search", "choice", "code", "lat", "lon", "typed")


@dataclass(frozen=True, slots=True)
class _Posted:
    text: str
    search: bool
    choice: str
    code: str
    point: Wgs84Point | None
    typed: str


class AddressField(Field):
    widget_kind = "address"

    def __init__(self, label: Any = None, validators: Any = None, *,
                 map_picker: bool = True, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.map_picker = map_picker
        self.data: AddressValue | None = None
        self.text = ""
        self.matches: list[RegisterAddress] | None = None
        """The register's matches to choose from, when the list is shown."""
        self.searched = False
        """The "Find address" button was pressed (the list is the answer, not an error)."""
        self.register_unavailable = False
        self._posted: _Posted | None = None
        self._resolved = False
        self._needs_choice = False

    # --- reading the request -----------------------------------------------------------

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.object_data = data
        self.data = data if isinstance(data, AddressValue) else AddressValue.from_json(data)
        self.text = self.data.text if self.data else ""
        self._posted = None
        if formdata is None:
            return
        names = [self.name, *(f"{self.name}-{part}" for part in _PARTS)]
        if not any(name in formdata for name in names):
            return
        self._posted = _Posted(
            text=" ".join(_form_text(formdata, self.name).split()),
            search=f"{self.name}-search" in formdata,
            choice=_form_text(formdata, f"{self.name}-choice"),
            code=_form_text(formdata, f"{self.name}-code"),
            point=_point(_form_text(formdata, f"{self.name}-lat"),
                         _form_text(formdata, f"{self.name}-lon")),
            typed=_form_text(formdata, f"{self.name}-typed"),
        )
        self.text = self._posted.text
        self.raw_data = [self._posted.text]
        self.data = None

    def search_requested(self) -> bool:
        """Whether this post is the "Find address" button rather than the step's own."""
        return self._posted is not None and self._posted.search

    # --- deciding the answer -----------------------------------------------------------

    async def resolve(self, register: AddressRegister) -> None:
        """Settle `data` from what was posted, asking the register (see the module doc)."""
        posted = self._posted
        self._resolved = True
        if posted is None:
            return
        try:
            await self._resolve(posted, register)
        except AdapterError:
            # The service must not stop because the register does: keep the text.
            self.register_unavailable = True
            self.matches = None
            self._needs_choice = False
            self.data = None if posted.search or not posted.text else AddressValue.typed(
                posted.text)

    async def _resolve(self, posted: _Posted, register: AddressRegister) -> None:
        text = posted.text
        if posted.search:
            self.searched = True
            self.matches = await register.search(text, limit=MATCHES_SHOWN) if text else []
            return
        if posted.choice == NOT_LISTED:
            self.data = AddressValue.typed(text) if text else None
            return
        if posted.choice:
            chosen = await self._get(register, posted.choice)
            if chosen is not None:
                self.data = AddressValue.from_register(chosen)
                self.text = chosen.text
                return
        if posted.point is not None:
            nearest = await self._nearest(register, posted.point)
            if not text:
                text = nearest.text if nearest else _(
                    "Point on the map: %(lat)s, %(lon)s",
                    lat=f"{posted.point.lat:.5f}", lon=f"{posted.point.lon:.5f}")
            kept = nearest if nearest and same_address(nearest.text, text) else None
            self.data = AddressValue.from_point(posted.point, text, kept)
            self.text = text
            return
        if posted.code:
            chosen = await self._get(register, posted.code)
            if chosen is not None and same_address(chosen.text, text):
                self.data = AddressValue.from_register(chosen)
                return
        if posted.typed and posted.typed == text:
            self.data = AddressValue.typed(text)
            return
        if not text:
            return
        # Typed and sent without choosing: take it when the register has exactly that
        # address, otherwise ask which one (or whether to keep the text).
        matches = await register.search(text, limit=MATCHES_SHOWN)
        exact = [m for m in matches if same_address(m.text, text)]
        if len(exact) == 1:
            self.data = AddressValue.from_register(exact[0])
            self.text = exact[0].text
            return
        self.matches = matches
        self._needs_choice = True

    async def _get(self, register: AddressRegister, code: str) -> RegisterAddress | None:
        try:
            return await register.get(code)
        except NotFound:  # a stale or tampered code: treat the text as typed afresh
            return None

    async def _nearest(self, register: AddressRegister,
                       point: Wgs84Point) -> RegisterAddress | None:
        try:
            return await register.nearest(point)
        except NotFound:
            return None

    # --- validating and rendering ------------------------------------------------------

    def pre_validate(self, form: Form) -> None:
        if self._posted is not None and not self._resolved:
            raise RuntimeError(f"await resolve_addresses(form, register) before validating "
                               f"the form: {self.name} has not been resolved")
        if self.searched and self.register_unavailable:
            raise StopValidation(_l("The address search is not working at the moment. "
                                    "Continue, and the address is kept as you typed it"))
        if self.searched or self._needs_choice:
            if self.matches:
                raise StopValidation(_l("Choose the address from the list, or choose that "
                                        "it is not in the list"))
            raise StopValidation(_l("No address in the register matches. Check the "
                                    "address, or choose to use it as you typed it"))

    @property
    def choice(self) -> str:
        """The radio to show checked in the list."""
        return self._posted.choice if self._posted else ""

    @property
    def settled(self) -> dict[str, str]:
        """Values for the hidden inputs, so an unchanged answer survives the next post."""
        value = self.data
        if value is None:
            return {"code": "", "lat": "", "lon": "", "typed": ""}
        point = value.wgs84 if value.source == AddressSource.MAP else None
        return {
            "code": value.code or "" if value.source == AddressSource.REGISTER else "",
            "lat": f"{point.lat:.7f}" if point else "",
            "lon": f"{point.lon:.7f}" if point else "",
            "typed": value.text if value.source == AddressSource.TYPED else "",
        }

    def _value(self) -> str:
        return self.text


async def resolve_addresses(form: Form, register: AddressRegister) -> bool:
    """Resolve every address field of `form`; True when a "Find address" was pressed.

    Then the view shows the step again with the matches, without validating it
    (so no errors are shown for fields not filled in yet) and without saving it.
    """
    searched = False
    for field in form:
        if isinstance(field, AddressField):
            await field.resolve(register)
            searched = searched or field.search_requested()
    return searched


def _form_text(formdata: Any, name: str) -> str:
    value = formdata.get(name)
    return value.strip() if isinstance(value, str) else ""


def _point(lat: str, lon: str) -> Wgs84Point | None:
    try:
        point = Wgs84Point(lat=float(lat), lon=float(lon))
    except ValueError:
        return None
    if not (math.isfinite(point.lat) and math.isfinite(point.lon)) or not in_latvia(point):
        return None
    return Wgs84Point(lat=round(point.lat, 7), lon=round(point.lon, 7))
