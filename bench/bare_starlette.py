"""The framework's own ceiling: bare Starlette + Jinja2, no middleware, no database.

Renders `page.html` from the directory named by `BENCH_TEMPLATE_DIR` (written by
`bench/pages.py` from the portal's own rendered form page, so the bytes on the
wire are the same) with a few variables, through Starlette's `Jinja2Templates`.

    BENCH_TEMPLATE_DIR=... python -m uvicorn --app-dir bench bare_starlette:app
"""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

# The same context as `bench/django_page.py`: these fill the template's holes.
PAGE_CONTEXT = {
    "lang": os.environ.get("BENCH_PAGE_LANG", "lv"),
    "title": os.environ.get("BENCH_PAGE_TITLE", ""),
    "form_token": os.environ.get("BENCH_PAGE_TOKEN", ""),
}


def create_app(template_dir: str) -> Starlette:
    templates = Jinja2Templates(directory=template_dir)

    async def page(request: Request) -> Response:
        return templates.TemplateResponse(request, "page.html", PAGE_CONTEXT)

    return Starlette(routes=[Route("/", page)])


app = create_app(os.environ.get("BENCH_TEMPLATE_DIR", "."))
