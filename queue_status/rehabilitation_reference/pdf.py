"""The e-reference as a printable A4 PDF, in the language of the page it is downloaded from.

DejaVu Sans is embedded (subset by fpdf2, so the file stays small), because the
standard PDF fonts have no Latvian letters; the fonts and their licence are in
`fonts/`, so a fresh machine needs nothing else. The creation date is the moment
the reference was issued, so one reference always gives the same document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from i18n.catalogs import get_locale
from i18n.catalogs import gettext as _
from portal.templating import local_date, local_datetime, local_number
from queue_status.rehabilitation_reference.codes import grouped
from queue_status.rehabilitation_reference.models import RehabilitationReference
from queue_status.rehabilitation_reference.presentation import on_day as day_text

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
_TEXT = (0x0B, 0x0C, 0x0C)
_MUTED = (0x50, 0x5A, 0x5F)


@dataclass(frozen=True, slots=True)
class VerificationLinks:
    page: str
    """The public verification page, where the code can be typed."""
    direct: str
    """The same page with this reference's code in the address."""


def reference_pdf(reference: RehabilitationReference, links: VerificationLinks) -> bytes:
    locale = get_locale()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    title = _("Social rehabilitation queue e-reference")
    pdf.set_title(title)
    pdf.set_subject(reference.service_name(locale))
    pdf.set_author(_("Social Integration State Agency"))
    pdf.set_creator(_("Welfare e-services"))
    pdf.set_lang(locale)
    pdf.set_creation_date(reference.issued_at)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_text_color(*_TEXT)

    _line(pdf, _("Social Integration State Agency"), size=11, bold=True)
    _line(pdf, _("Welfare e-services"), size=9, colour=_MUTED)
    pdf.ln(6)
    _line(pdf, title, size=17, bold=True, height=8)
    pdf.ln(3)
    on_day = day_text(reference.issued_at)
    _line(pdf, _("On %(date)s, %(name)s is number %(position)s in the queue of %(size)s "
                 "applications for the service “%(service)s”.",
                 date=on_day, name=reference.person_name,
                 position=local_number(reference.position),
                 size=local_number(reference.queue_size),
                 service=reference.service_name(locale)), size=11, height=6)
    pdf.ln(4)

    received = reference.document_names(locale, received=True)
    missing = reference.document_names(locale, received=False)
    rows = [
        (_("Person"), reference.person_name),
        (_("Personal code"), reference.personal_code),
        (_("Service"), reference.service_name(locale)),
        (_("Number in the queue on %(date)s", date=on_day),
         _("%(position)s of %(size)s", position=local_number(reference.position),
           size=local_number(reference.queue_size))),
        (_("Placed in the queue on"), local_date(reference.queued_on)),
        (_("Documents received"), "\n".join(received) or _("None")),
        (_("Documents missing"), "\n".join(missing) or _("None")),
        (_("Prepared"), local_datetime(reference.issued_at)),
        (_("Verification code"), grouped(reference.code)),
    ]
    pdf.set_font(FONT, "", 10)
    pdf.set_draw_color(0xB1, 0xB4, 0xB6)
    with pdf.table(col_widths=(62, 108), text_align="LEFT", first_row_as_headings=False,
                   line_height=6, padding=2) as table:
        for label, value in rows:
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(6)

    _line(pdf, _("Is this e-reference genuine?"), size=12, bold=True, height=7)
    _line(pdf, _("Anyone can check it without signing in: open %(url)s or enter the "
                 "verification code %(code)s at %(page)s.",
                 url=links.direct, code=grouped(reference.code), page=links.page),
          size=10, height=5.5)
    pdf.ln(2)
    _line(pdf, _("The e-reference states the place in the queue on the day it was prepared; "
                 "the place may have changed since."), size=10, height=5.5)
    pdf.ln(6)
    _line(pdf, _("Prepared electronically in the Welfare e-services portal from the social "
                 "rehabilitation information system (SRIS) of the Social Integration State "
                 "Agency. The e-reference is valid without a signature."),
          size=8.5, height=4.5, colour=_MUTED)
    return bytes(pdf.output())


def _line(pdf: FPDF, text: str, *, size: float, bold: bool = False, height: float = 5,
          colour: tuple[int, int, int] = _TEXT) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_TEXT)
