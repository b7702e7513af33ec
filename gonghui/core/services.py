"""Services by construction: every write opens the same way, once, here.

A module's service is a plain function with keyword-only arguments, the first of them the actor::

    @service(perm="organisations.change_employer")
    def employer_update(*, actor: Actor, employer: Employer, **fields: Any) -> Employer:
        check_scope(actor, employer.union)
        ...
        audit_record(Action.UPDATE, obj=employer, changes=changes)
        return employer

``@service`` does what every service did by hand before it:

* **Keyword-only.** A positional argument is a ``TypeError``; the decorated function must take
  ``actor`` and nothing positional (checked when the module is imported).
* **Permission.** ``perm`` is a codename, a tuple of codenames (all are needed), a callable that
  receives the service's keyword arguments and returns the codename(s) to check (for a permission
  that depends on the object), or ``None`` (no check: a workflow effect, whose transition checked
  the role, or a record of what a user viewed). ``actor=None`` is the operator's command line and
  passes every check. Refused: ``PermissionDenied`` (with ``denied`` as its message, if given),
  before anything is read or written.
* **One transaction.** The body runs in ``transaction.atomic()``: the write, its audit rows and
  whatever other services it calls commit or roll back together.
* **The actor's context.** The body runs under ``acting_as(actor)`` (the actor's part of the tree;
  audit rows name them), or ``system_scope("the operator's command line")`` for ``actor=None``.

Inside the body, ``check_scope(actor, union)`` asserts that a union the service writes under lies
in the actor's part of the tree, and ``require(actor, perm)`` checks a permission that only some
paths need. The audit row's union is the object's (``audit_record(obj=...)`` asks
``obj.audit_union()``); a service never names it.

Every decorated service is registered (``SERVICES``) so tests can walk them all.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise

from gonghui.core.tree.scoping import acting_as, assert_in_scope, system_scope

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User
    from gonghui.core.tree.models import Union

#: Who calls a service: a user, or ``None`` for the operator's command line (and system jobs).
Actor: TypeAlias = "User | None"
#: What ``@service(perm=...)`` accepts.
Perm: TypeAlias = "str | tuple[str, ...] | Callable[..., str | tuple[str, ...] | None] | None"

COMMAND_LINE = "the operator's command line"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ServiceInfo:
    """What the registry knows of one service."""

    name: str  # module.function
    func: Callable[..., Any]  # the decorated function
    perm: Perm


SERVICES: dict[str, ServiceInfo] = {}


def _codenames(perm: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if perm is None:
        return ()
    return (perm,) if isinstance(perm, str) else tuple(perm)


def require(actor: Actor, perm: str | tuple[str, ...] | None, *, denied: str | Promise | None = None) -> None:
    """Refuse (``PermissionDenied``) unless ``actor`` holds ``perm`` (every codename of a tuple).

    ``actor=None``, the operator's command line, holds every permission.
    """
    if actor is None:
        return
    for codename in _codenames(perm):
        if not actor.has_perm(codename):
            raise PermissionDenied(str(denied)) if denied is not None else PermissionDenied


def check_scope(actor: Actor, union: Union | None) -> None:
    """Refuse (``Http404``: nothing there, as far as the actor knows) a ``union`` outside their part of the tree.

    The command line (``actor=None``) reaches everywhere; ``union=None`` (nothing to check) passes.
    """
    if actor is not None and union is not None:
        assert_in_scope(union.path)


def actor_context(actor: Actor) -> Any:
    """The context a service runs in: the actor's scope, or the whole tree for the command line."""
    return acting_as(actor) if actor is not None else system_scope(COMMAND_LINE)


def _check_signature(func: Callable[..., Any]) -> None:
    parameters = inspect.signature(func).parameters
    positional = [
        name
        for name, parameter in parameters.items()
        if parameter.kind
        in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.VAR_POSITIONAL,
        )
    ]
    if positional:
        raise TypeError(f"service {func.__qualname__}() must take keyword-only arguments, not {positional}")
    if "actor" not in parameters:
        raise TypeError(f"service {func.__qualname__}() must take an `actor` argument")


def service(perm: Perm = None, *, denied: str | Promise | None = None) -> Callable[[F], F]:
    """Make ``func`` a service: permission, one transaction, the actor's context, keyword-only.

    See the module's docstring. ``perm`` is required in spirit: write ``perm=None`` to say a
    service checks none (a workflow effect, a record of a view).
    """

    def decorate(func: F) -> F:
        _check_signature(func)
        name = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            if args:
                raise TypeError(f"{func.__qualname__}() takes keyword arguments only")
            if "actor" not in kwargs:
                raise TypeError(f"{func.__qualname__}() missing the keyword argument 'actor'")
            actor = kwargs["actor"]
            needed = perm(**kwargs) if callable(perm) else perm
            require(actor, needed, denied=denied)
            with transaction.atomic(), actor_context(actor):
                return func(**kwargs)

        run.service = ServiceInfo(name=name, func=run, perm=perm)  # type: ignore[attr-defined]
        SERVICES[name] = run.service  # type: ignore[attr-defined]
        return cast(F, run)

    return decorate


def services_of(module_prefix: str) -> Mapping[str, ServiceInfo]:
    """The registered services whose module starts with ``module_prefix`` (``"gonghui.members"``)."""
    return {name: info for name, info in SERVICES.items() if name.startswith(f"{module_prefix}.")}
