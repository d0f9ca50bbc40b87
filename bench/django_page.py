"""The same page served by Django: a minimal single-file project under uvicorn.

DEBUG is off, there is no database, no installed app and no middleware at all
(no sessions, no CSRF, no security headers: less work than the portal does, so
this is the fastest Django can serve the page). Templates go through Django's
own engine (with its cached loader, the default when DEBUG is off) from
`BENCH_TEMPLATE_DIR`, the same `page.html` the bare Starlette app renders.

Two views, both rendering the page:
- `/`      a plain synchronous view, what a Django team writes by default
           (under ASGI Django runs it in a worker thread);
- `/async` an `async def` view, rendered on the event loop.

    PYTHONPATH=var/bench-deps BENCH_TEMPLATE_DIR=... \
        python -m uvicorn --app-dir bench django_page:application
"""

from __future__ import annotations

import os

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
    USE_I18N=False,
    USE_TZ=True,
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.environ.get("BENCH_TEMPLATE_DIR", ".")],
    }],
)

from django.core.asgi import get_asgi_application  # noqa: E402 - after settings.configure()
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402

# The same context as `bench/bare_starlette.py`.
PAGE_CONTEXT = {
    "lang": os.environ.get("BENCH_PAGE_LANG", "lv"),
    "title": os.environ.get("BENCH_PAGE_TITLE", ""),
    "form_token": os.environ.get("BENCH_PAGE_TOKEN", ""),
}


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "page.html", PAGE_CONTEXT)


async def page_async(request: HttpRequest) -> HttpResponse:
    return render(request, "page.html", PAGE_CONTEXT)


urlpatterns = [
    path("", page),
    path("async", page_async),
]

application = get_asgi_application()
