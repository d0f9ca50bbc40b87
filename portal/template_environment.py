"""The portal's Jinja environment: Jinja's own, minus two costs a page pays dozens of times.

Both keep Jinja's documented behaviour; they only take shorter paths to it.

- **Globals.** Jinja gives every template a ChainMap over the environment's
  globals, and every `{% from "macros/components.html" import ... %}` compares the
  importing and imported templates' key sets through it. The portal's templates
  have no globals of their own, so each shares the environment's dict.
- **Calls.** Every call in a template (`url_for(...)`, a macro, `field_parts(f)`)
  goes through `Context.call`, which asks each callable twice, through helper
  calls, whether it wants the context passed. Functions, methods and macros are
  asked once, with one `getattr`.
"""

from __future__ import annotations

import types
from collections.abc import Callable, MutableMapping
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg

# Callables whose `__call__` is never marked with @pass_context and friends.
_PLAIN_CALLABLES = frozenset({
    types.FunctionType, types.BuiltinFunctionType, types.MethodType, Macro,
})


class PortalContext(Context):
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """As `Context.call`: pass the context, eval context or environment first
        when the callable (or, for other objects, its `__call__`) asks for it."""
        if __debug__:
            __traceback_hide__ = True
        pass_arg = getattr(__obj, "jinja_pass_arg", None)
        if pass_arg is None and type(__obj) not in _PLAIN_CALLABLES:
            method = getattr(__obj, "__call__", None)  # noqa: B004
            pass_arg = getattr(method, "jinja_pass_arg", None)
            if pass_arg is not None:
                __obj = method  # type: ignore[assignment]
        if kwargs:
            loop_vars = kwargs.pop("_loop_vars", None)
            block_vars = kwargs.pop("_block_vars", None)
            if pass_arg is _PassArg.context:
                # Loop and block variables are visible to the callee, as in Jinja.
                if loop_vars:
                    __self = __self.derived(loop_vars)  # type: ignore[assignment]
                if block_vars:
                    __self = __self.derived(block_vars)  # type: ignore[assignment]
        if pass_arg is _PassArg.context:
            args = (__self, *args)
        elif pass_arg is _PassArg.eval_context:
            args = (__self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (__self.environment, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


class PortalEnvironment(jinja2.Environment):
    context_class = PortalContext

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return self.globals if not d else super().make_globals(d)
