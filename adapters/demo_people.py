"""The demo people and companies, in one place.

The in-memory registers (`adapters.population_register.fake`,
`adapters.enterprise_register.fake`) serve this data, and the development login
lists the same people, so that whoever logs in as a demo person finds their
children, wards and companies where the registers say they are. Change a person
here and every part of the demo agrees.

All names, codes, numbers and addresses are invented. Personal codes are
new-format (no birth date inside) except Jānis Ozols's, which is a valid
old-format code, so both formats are exercised. Ages in the descriptions are as
of 2026-11-22. Registration numbers pass the checksum.

`description` tells whoever tries the development login whom they sign in as;
it is shown in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.support import LazyProxy

from adapters.enterprise_register.base import BoardMember, Company, CompanyStatus
from adapters.population_register.base import Address, Person
from i18n.catalogs import lazy_gettext as _l


@dataclass(frozen=True, slots=True)
class DemoPerson:
    personal_code: str
    given_name: str
    family_name: str
    birth_date: date
    declared_address: Address | None
    description: LazyProxy
    children: tuple[str, ...] = ()
    """Personal codes of the person's children, of any age."""
    wards: tuple[str, ...] = ()
    """Personal codes of persons under this person's guardianship."""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def as_person(self) -> Person:
        return Person(
            personal_code=self.personal_code,
            given_name=self.given_name,
            family_name=self.family_name,
            birth_date=self.birth_date,
            declared_address=self.declared_address,
        )

    def as_board_member(self, *, sole_signing_rights: bool) -> BoardMember:
        return BoardMember(
            personal_code=self.personal_code,
            given_name=self.given_name,
            family_name=self.family_name,
            sole_signing_rights=sole_signing_rights,
        )


@dataclass(frozen=True, slots=True)
class DemoCompany:
    registration_number: str
    name: str
    legal_form: str
    status: CompanyStatus
    address: str
    board_members: tuple[BoardMember, ...]
    employees: tuple[str, ...] = ()
    """Personal codes of demo employees who are not on the board (the registers
    don't know employees; this is for the demo of mandates only)."""

    def as_company(self) -> Company:
        return Company(
            registration_number=self.registration_number,
            name=self.name,
            legal_form=self.legal_form,
            status=self.status,
            address=self.address,
        )


_KALNINI_HOME = Address("Brīvības iela 101 - 12, Rīga, LV-1001", "101234567")

MARTINS_KALNINS = DemoPerson(
    personal_code="321904-66358",
    given_name="Mārtiņš",
    family_name="Kalniņš",
    birth_date=date(2009, 5, 8),
    declared_address=_KALNINI_HOME,
    description=_l("Child, 17"),
)
ELZA_KALNINA = DemoPerson(
    personal_code="329017-20475",
    given_name="Elza",
    family_name="Kalniņa",
    birth_date=date(2017, 9, 19),
    declared_address=_KALNINI_HOME,
    description=_l("Child, 9"),
)
ILZE_KALNINA = DemoPerson(
    personal_code="325781-40219",
    given_name="Ilze",
    family_name="Kalniņa",
    birth_date=date(1984, 3, 14),
    declared_address=_KALNINI_HOME,
    description=_l("Parent of Mārtiņš (17) and Elza (9)"),
    children=(MARTINS_KALNINS.personal_code, ELZA_KALNINA.personal_code),
)
ANNA_BERZINA = DemoPerson(
    personal_code="326640-18802",
    given_name="Anna",
    family_name="Bērziņa",
    birth_date=date(1979, 1, 30),
    declared_address=Address("Zaļā iela 4, Valmiera, Valmieras nov., LV-4201", "104455667"),
    description=_l("Adult under guardianship of Jānis Ozols"),
)
JANIS_OZOLS = DemoPerson(
    personal_code="031158-15239",
    given_name="Jānis",
    family_name="Ozols",
    birth_date=date(1958, 11, 3),
    declared_address=Address("Rīgas iela 10 - 3, Valmiera, Valmieras nov., LV-4201", "104455321"),
    description=_l("Guardian of Anna Bērziņa; old-format personal code"),
    wards=(ANNA_BERZINA.personal_code,),
)
ANDRIS_LIEPA = DemoPerson(
    personal_code="324412-70531",
    given_name="Andris",
    family_name="Liepa",
    birth_date=date(1971, 8, 22),
    declared_address=Address("Meža iela 7, Jūrmala, LV-2015", "102233445"),
    description=_l(
        "Board member with sole signing rights of SIA Ziemeļu Būve and SIA Daugavas"
        " Loģistika; board member without sole rights of AS Rīgas Maiznīca"
    ),
)
EDGARS_KRUMINS = DemoPerson(
    personal_code="327205-93164",
    given_name="Edgars",
    family_name="Krūmiņš",
    birth_date=date(1966, 12, 5),
    declared_address=Address("Tērbatas iela 53 - 8, Rīga, LV-1011", "101998877"),
    description=_l("Chairman of the board of AS Rīgas Maiznīca, sole signing rights"),
)
LAURA_VITOLA = DemoPerson(
    personal_code="320987-51426",
    given_name="Laura",
    family_name="Vītola",
    birth_date=date(1993, 4, 17),
    declared_address=None,
    description=_l("Employee of SIA Ziemeļu Būve, not a board member; no declared address"),
)
DACE_ABELE = DemoPerson(
    personal_code="329954-31870",
    given_name="Dace",
    family_name="Ābele",
    birth_date=date(1988, 6, 2),
    declared_address=Address("Skolas iela 28 - 4, Rīga, LV-1010", "101556677"),
    description=_l("Portal operator (demo settings): may read the audit log at /operator/audit"),
)

DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    ILZE_KALNINA,
    MARTINS_KALNINS,
    ELZA_KALNINA,
    JANIS_OZOLS,
    ANNA_BERZINA,
    ANDRIS_LIEPA,
    EDGARS_KRUMINS,
    LAURA_VITOLA,
    DACE_ABELE,
)

ZIEMELU_BUVE = DemoCompany(
    registration_number="40003528717",
    name="SIA Ziemeļu Būve",
    legal_form="SIA",
    status=CompanyStatus.ACTIVE,
    address="Rūpniecības iela 32, Rīga, LV-1045",
    board_members=(ANDRIS_LIEPA.as_board_member(sole_signing_rights=True),),
    employees=(LAURA_VITOLA.personal_code,),
)
RIGAS_MAIZNICA = DemoCompany(
    registration_number="40103789067",
    name="AS Rīgas Maiznīca",
    legal_form="AS",
    status=CompanyStatus.ACTIVE,
    address="Ganību dambis 17A, Rīga, LV-1005",
    board_members=(
        EDGARS_KRUMINS.as_board_member(sole_signing_rights=True),
        ANDRIS_LIEPA.as_board_member(sole_signing_rights=False),
        # Foreign board members are registered without a Latvian personal code.
        BoardMember(
            personal_code=None,
            given_name="Mikael",
            family_name="Lindqvist",
            sole_signing_rights=False,
        ),
    ),
)
DAUGAVAS_LOGISTIKA = DemoCompany(
    registration_number="40002984176",
    name="SIA Daugavas Loģistika",
    legal_form="SIA",
    status=CompanyStatus.SUSPENDED,
    address="Krasta iela 76, Rīga, LV-1019",
    board_members=(ANDRIS_LIEPA.as_board_member(sole_signing_rights=True),),
)

DEMO_COMPANIES: tuple[DemoCompany, ...] = (ZIEMELU_BUVE, RIGAS_MAIZNICA, DAUGAVAS_LOGISTIKA)
