"""A page with an address field, served by an app built by the factory.

It handles the field as an e-service step view does: resolve, then either show
the matches ("Find address") or validate. The tests drive it over ASGI, the
browser test over a real socket.
"""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.address_field import AddressField, resolve_addresses
from portal.forms import PortalForm

PATH = "/test/address"

PAGE = """{% extends "layout.html" %}
{% from "macros/components.html" import field, button, form_start %}
{% block title %}Workplace{% endblock %}
{% block content %}
<h1 class="heading-l">Workplace</h1>
{% if answer %}<pre id="answer">{{ answer }}</pre>{% endif %}
{{ form_start() }}
{{ field(form.employer) }}
{{ field(form.place) }}
{{ button("Continue") }}
</form>
{% endblock %}
"""


class PlaceForm(PortalForm):
    employer = StringField("Employer", [DataRequired("Enter the employer")])
    place = AddressField("Workplace address", [DataRequired("Enter the address")],
                         description="For example, Brīvības iela 101, Rīga")


async def address_page(request: Request) -> Response:
    formdata = await request.form() if request.method == "POST" else None
    form = PlaceForm(formdata=formdata)
    answer = ""
    status = 200
    if formdata is not None:
        if await resolve_addresses(form, request.app.state.adapters.address_register):
            pass  # "Find address": the same page with the matches, no errors
        elif form.validate():
            answer = json.dumps(form.place.data, ensure_ascii=False, sort_keys=True)
        else:
            status = 400
    html = request.app.state.templates.env.from_string(PAGE).render(
        request=request, form=form, answer=answer)
    return HTMLResponse(html, status_code=status)


def add_address_page(app: Starlette) -> None:
    app.router.routes.append(Route(PATH, address_page, methods=["GET", "POST"]))
