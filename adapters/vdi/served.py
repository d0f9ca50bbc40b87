"""VDI's acts endpoint as the fake back office serves it (see `http.py` for the wire).

    GET /vdi/companies/{registration_number}/acts

It answers from a `FakeVdi` (the demo companies' orders by default), so the
portal's `HttpVdi` sees over real HTTP what `FakeVdi` gives in-process. When the
fake back office was told to fail for VDI (`POST /control/fail`), this fails too.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.errors import Rejected, Unavailable
from adapters.served import problem, told_to_fail
from adapters.vdi.base import AdministrativeAct
from adapters.vdi.fake import FakeVdi


def act_as_json(act: AdministrativeAct) -> dict[str, Any]:
    return {
        "id": act.id,
        "number": act.number,
        "issued_on": act.issued_on.isoformat(),
        "violations": [{"id": v.id, "description": v.description,
                        "deadline": v.deadline.isoformat()} for v in act.violations],
    }


def vdi_acts_routes(vdi: FakeVdi | None = None) -> list[Route]:
    source = vdi if vdi is not None else FakeVdi()

    async def acts(request: Request) -> Response:
        if told_to_fail(request, "vdi"):
            return problem(503, "VDI unavailable (told to fail)")
        number = request.path_params["registration_number"]
        if not (len(number) == 11 and number.isascii() and number.isdigit()):
            return problem(400, "A registration number is 11 digits")
        try:
            found = await source.list_active_acts(number)
        except Rejected as error:
            return problem(422, error.message)
        except Unavailable as error:
            return problem(503, error.message)
        return JSONResponse({"acts": [act_as_json(act) for act in found]})

    return [Route("/vdi/companies/{registration_number}/acts", acts, methods=["GET"])]
