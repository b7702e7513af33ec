"""Selectors: every read of a module, answering for the user it is given.

A module's reads live in its ``selectors.py`` (or a ``selectors`` package) and are declared
with ``@selector``::

    @selector(sample=lambda s: {"file_id": s.id("file_id")})
    def get_file_for_user(actor: User, file_id: int) -> HardshipFile: ...

    @selector
    def files_for_user(actor: User, *, q: str = "", state: str = "") -> QuerySet[HardshipFile]: ...

* **The actor is bound from the first argument** (named ``actor`` or ``user``): the body runs
  under ``acting_as(actor)``, so every scoped queryset built or chained inside it is limited to
  that user's subtree, whatever scope surrounds the call (a report job under
  ``system_scope(...)`` asking for one user's files gets that user's files). A queryset it
  returns keeps that filter wherever it is evaluated. ``None`` is the operator's command line:
  the body then reads in the surrounding scope (a ``system_scope``), as services do.
* **Options are keyword-only**: every parameter with a default comes after ``*``, so a call
  reads ``files_for_user(user, state="open")`` and an option can never be taken for an object.
* **Every selector is registered** (``REGISTRY``). The generated outsider test
  (``core/tests/test_selectors.py``) calls each one as every user of township B of the test
  world, inside ``system_scope``, and fails on any row of township A in what it answers. A
  selector with required arguments besides the actor declares ``sample=``: a function of a
  ``core.testing.outsiders.Samples`` that names township A's objects for them (``s.id(param)``
  and ``s.get(Model, param)`` use the leak walker's samplers, ``s.world`` the test world). A
  selector with required arguments and no sample fails that test.

A helper that only shapes what the caller already holds (``with_totals(batches)``, a pure
permission rule, a ``Q`` builder) takes no actor and is not a selector; its docstring says
what it reads through.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from gonghui.core.tree.scoping import acting_as

F = TypeVar("F", bound=Callable[..., Any])
# A function of a ``core.testing.outsiders.Samples`` giving the selector's arguments besides the actor.
Sample = Callable[[Any], dict[str, Any]]

ACTOR_PARAMETERS = ("actor", "user")


@dataclass(frozen=True)
class SelectorInfo:
    """What the registry knows of one selector."""

    name: str
    function: Callable[..., Any]
    required: tuple[str, ...]
    sample: Sample | None

    def arguments(self, samples: Any) -> dict[str, Any]:
        """The sample arguments besides the actor (empty when the selector needs none)."""
        if self.sample is None:
            if self.required:
                raise LookupError(
                    f"selector {self.name} has required arguments {self.required} but no sample: "
                    "declare @selector(sample=lambda s: {...}) so the outsider test can call it"
                )
            return {}
        arguments = self.sample(samples)
        missing = set(self.required) - set(arguments)
        if missing:
            raise LookupError(f"the sample of selector {self.name} lacks {sorted(missing)}")
        return arguments


REGISTRY: dict[str, SelectorInfo] = {}


@overload
def selector(function: F, /) -> F: ...
@overload
def selector(*, sample: Sample | None = None) -> Callable[[F], F]: ...


def selector(function: Callable[..., Any] | None = None, /, *, sample: Sample | None = None) -> Any:
    """Declare a read: bind the actor from the first argument, check the signature, register it."""

    def declare(func: F) -> F:
        name = f"{func.__module__}.{func.__qualname__}"
        required = _check_signature(func, name)

        @functools.wraps(func)
        def bound(actor: Any, /, *args: Any, **kwargs: Any) -> Any:
            if actor is None:
                return func(actor, *args, **kwargs)
            with acting_as(actor):
                return func(actor, *args, **kwargs)

        info = SelectorInfo(name=name, function=bound, required=required, sample=sample)
        bound.selector = info  # type: ignore[attr-defined]
        REGISTRY[name] = info
        return bound  # type: ignore[return-value]

    return declare(function) if function is not None else declare


def _check_signature(func: Callable[..., Any], name: str) -> tuple[str, ...]:
    """Refuse a signature the rules do not allow; return the required parameters after the actor."""
    parameters = list(inspect.signature(func).parameters.values())
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if not parameters or parameters[0].kind not in positional or parameters[0].name not in ACTOR_PARAMETERS:
        raise TypeError(f"selector {name}: the first parameter must be the actor (named 'actor' or 'user')")
    required = []
    for parameter in parameters[1:]:
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            raise TypeError(f"selector {name}: *args and **kwargs are not allowed; name every option")
        if parameter.default is not inspect.Parameter.empty:
            if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                raise TypeError(
                    f"selector {name}: option {parameter.name!r} has a default, so it must be keyword-only (after *)"
                )
        else:
            required.append(parameter.name)
    return tuple(required)


def is_selector(function: Any) -> bool:
    return isinstance(getattr(function, "selector", None), SelectorInfo)


def selector_modules() -> list[str]:
    """The dotted names of every app's ``selectors`` modules, files or packages (``modules.family``)."""
    from django.apps import apps

    from gonghui.core.modules import family

    names: list[str] = []
    for config in apps.get_app_configs():
        if config.name.startswith("gonghui."):
            names += family(config.name, "selectors")
    return names


def discover_selectors() -> dict[str, SelectorInfo]:
    """Import every app's selector modules, so every selector is registered; return the registry."""
    for name in selector_modules():
        importlib.import_module(name)
    return REGISTRY
