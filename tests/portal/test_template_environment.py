"""The portal's environment calls things in templates exactly as Jinja's own does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2
import pytest

from portal.template_environment import PortalEnvironment

SOURCE = """\
{%- macro shout(word) %}{{ word | upper }}{% endmacro -%}
{{ with_context("a") }}|{{ with_environment() }}|{{ with_eval_context() }}|
{{- plain(1, b=2) }}|{{ shout("hi") }}|{{ takes_context_object() }}|{{ exhausted() is undefined }}|
{%- for item in [1, 2] %}{% set seen = item %}{{ with_context("seen") }}{% endfor %}|
{%- set local = "L" %}{{ with_context("local") }}|
{%- block b %}{% set inner = "I" %}{{ with_context("inner") }}{% endblock %}
"""


@jinja2.pass_context
def with_context(context: Any, name: str) -> str:
    return str(context.resolve(name))


@jinja2.pass_environment
def with_environment(environment: jinja2.Environment) -> str:
    return type(environment).__name__


@jinja2.pass_eval_context
def with_eval_context(eval_ctx: Any) -> str:
    return "autoescape" if eval_ctx.autoescape else "plain"


class TakesContext:
    @jinja2.pass_context
    def __call__(self, context: Any) -> str:
        return str(context.resolve("greeting"))


def exhausted() -> str:
    items: Iterator[str] = iter(())
    return next(items)


def render(environment_class: type[jinja2.Environment]) -> str:
    env = environment_class(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals.update(with_context=with_context, with_environment=with_environment,
                       with_eval_context=with_eval_context, takes_context_object=TakesContext(),
                       exhausted=exhausted, plain=lambda a, b: a + b)
    return env.from_string(SOURCE).render(a="A", greeting="hello")


def test_every_kind_of_callable_gets_what_it_asks_for() -> None:
    page = render(PortalEnvironment)
    assert page == "A|PortalEnvironment|autoescape|3|HI|hello|True|12|L|I"


def test_the_same_page_as_jinjas_own_environment() -> None:
    assert render(PortalEnvironment).replace("PortalEnvironment", "Environment") == render(
        jinja2.Environment)


def test_template_globals_are_the_environments_and_their_own_stay_apart() -> None:
    env = PortalEnvironment()
    env.globals["site"] = "portal"
    shared = env.from_string("{{ site }}")
    assert shared.globals is env.globals
    own = env.from_string("{{ site }}-{{ extra }}", globals={"extra": "x"})
    assert own.render() == "portal-x"
    assert "extra" not in env.globals


@pytest.mark.parametrize("environment_class", [PortalEnvironment, jinja2.Environment])
def test_a_macro_with_a_caller_still_works(environment_class: type[jinja2.Environment]) -> None:
    env = environment_class(autoescape=True)
    source = ("{% macro box() %}[{{ caller() }}]{% endmacro %}"
              "{% call box() %}in{% endcall %}")
    assert env.from_string(source).render() == "[in]"
