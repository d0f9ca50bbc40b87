"""Where the complaint meets the registers: the employer's name from the Enterprise
Register, and whether the person has an official e-address to be answered at."""

from __future__ import annotations

from functools import partial

from adapters.errors import AdapterError, NotFound
from eservices.labour_complaint.forms import AnswerForm, EmployerNumberForm
from eservices.submissions.answer_channel import has_e_address
from eservices.submissions.flow import Preparation, StepInput
from i18n.catalogs import gettext as _
from portal.identifiers import RegistrationNumber, parse_registration_number


async def prepare_employer_number(step: StepInput) -> Preparation:
    """Look the posted number up, so the name can be shown back on the next step.

    The checksum only warns (see `portal.identifiers`): the register decides. When
    the register does not answer, the number is kept unchecked rather than making
    the person wait; the inspectorate checks it on its side.
    """
    if step.formdata is None:
        return Preparation()
    parsed = parse_registration_number(str(step.formdata.get("registration_number") or ""))
    if not isinstance(parsed, RegistrationNumber):
        return Preparation()  # the form's own validator says what is wrong
    try:
        company = await step.request.app.state.adapters.enterprise_register.get_company(
            parsed.value)
    except NotFound:
        message = _("The Enterprise Register has no company with this number. Check the "
                    "number, or go back and give the employer's name instead")
        if parsed.checksum_mismatch:
            message = _("This number's last digit does not match the others, so it may have "
                        "a typo, and the Enterprise Register has no company with it. Check "
                        "the number, or go back and give the employer's name instead")
        return Preparation(form=partial(EmployerNumberForm, not_found=message))
    except AdapterError:
        return Preparation(form=partial(EmployerNumberForm, found_name=""))
    return Preparation(form=partial(EmployerNumberForm, found_name=company.name))


async def prepare_workplace(step: StepInput) -> Preparation:
    """The employer as the register named it, shown above the workplace question."""
    given = step.answers.get("employer_number") or {}
    number = str(given.get("registration_number") or "")
    parsed = parse_registration_number(number)
    return Preparation(context={
        "registration_number": number,
        "register_name": str(given.get("register_name") or ""),
        "checksum_mismatch": isinstance(parsed, RegistrationNumber) and parsed.checksum_mismatch,
    })


async def prepare_answer(step: StepInput) -> Preparation:
    """Offer the e-address only to someone who has one."""
    has_one = await has_e_address(step)
    return Preparation(context={"has_e_address": has_one},
                       form=partial(AnswerForm, e_address=has_one))
