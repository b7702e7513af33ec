"""Organisation scoping: the one mechanism that limits every query to what the actor may see.

How it works
------------
* The *actor* (who is acting, from where, and which part of the union tree they may see)
  is held in a context variable. Requests set it in ``ActorScopeMiddleware``; jobs and
  commands set it with ``acting_as(user)`` or ``system_scope(reason)``.
* Every model that belongs to a union declares ``objects = ScopedManager(path="union__path")``
  (``Union`` itself uses ``path``). Its querysets are filtered to the actor's subtrees the
  moment they are built or chained, or at the latest when they are evaluated.
* With no actor at all, evaluating a scoped queryset raises ``ScopeError``: forgetting the
  scope fails loudly instead of leaking. System code that needs everything says so with
  ``system_scope("why")`` or the model's ``unscoped`` manager; grep for both.

A queryset built at import time (a form field's ``queryset=``) is left unfiltered until it is
chained or evaluated inside a request, so it takes that request's scope.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from gonghui.core.tree.paths import path_upper_bound


class ScopeError(RuntimeError):
    """A scoped model was queried with no actor in context."""


@dataclass(frozen=True)
class Scope:
    """The part of the union tree an actor may see: subtrees named by materialised path."""

    prefixes: tuple[str, ...] = ()
    unrestricted: bool = False
    reason: str = ""

    @classmethod
    def everything(cls, reason: str) -> Scope:
        return cls(unrestricted=True, reason=reason)

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    @classmethod
    def subtree(cls, path: str) -> Scope:
        return cls(prefixes=(path,))

    def covers_path(self, path: str) -> bool:
        return self.unrestricted or any(path.startswith(p) for p in self.prefixes)

    def q(self, path_lookup: str) -> Q:
        """A filter on ``path_lookup`` that keeps only rows inside the scope."""
        if self.unrestricted:
            return Q()
        if not self.prefixes:
            return Q(pk__in=[])
        condition = Q()
        for prefix in self.prefixes:
            condition |= subtree_q(path_lookup, prefix)
        return condition


def subtree_q(path_lookup: str, prefix: str) -> Q:
    """Rows whose ``path_lookup`` lies in the subtree at ``prefix``: an indexed range, ``paths.path_upper_bound``."""
    bound = path_upper_bound(prefix)
    condition = Q(**{f"{path_lookup}__gte": prefix})
    if bound is not None:
        condition &= Q(**{f"{path_lookup}__lt": bound})
    return condition


@dataclass
class Actor:
    """Who is acting. ``user_getter`` is lazy so API authentication can set the user late."""

    user_getter: Callable[[], Any] = field(default=lambda: None)
    ip: str | None = None
    forced_scope: Scope | None = None
    _cache: tuple[Any, Scope] | None = field(default=None, repr=False)

    @property
    def user(self) -> Any:
        user = self.user_getter()
        return user if getattr(user, "is_authenticated", False) else None

    @property
    def scope(self) -> Scope:
        if self.forced_scope is not None:
            return self.forced_scope
        user = self.user
        if self._cache is not None and self._cache[0] is user:
            return self._cache[1]
        scope = user.union_scope() if user is not None else Scope.nothing()
        self._cache = (user, scope)
        return scope


_actor: ContextVar[Actor | None] = ContextVar("gonghui_actor", default=None)


def current_actor() -> Actor | None:
    return _actor.get()


def current_scope() -> Scope | None:
    actor = _actor.get()
    return actor.scope if actor is not None else None


def current_user() -> Any:
    actor = _actor.get()
    return actor.user if actor is not None else None


@contextlib.contextmanager
def activate(actor: Actor) -> Iterator[Actor]:
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def acting_as(user: Any, *, ip: str | None = None) -> contextlib.AbstractContextManager[Actor]:
    """Act as ``user``: queries see that user's part of the tree, audit rows name them."""
    current = _actor.get()
    if ip is None and current is not None:
        ip = current.ip
    return activate(Actor(user_getter=lambda: user, ip=ip))


def system_scope(reason: str) -> contextlib.AbstractContextManager[Actor]:
    """See the whole tree, for system work (tree maintenance, jobs, commands, demo data).

    The acting user, if any, stays the actor for the audit log; only the scope widens.
    The reason is kept so the call explains itself where it is written.
    """
    current = _actor.get()
    if current is None:
        return activate(Actor(forced_scope=Scope.everything(reason)))
    return activate(Actor(user_getter=current.user_getter, ip=current.ip, forced_scope=Scope.everything(reason)))


# --- Querysets and managers ---------------------------------------------------------------


class ScopedQuerySetMixin:
    """Filters a queryset to the scope of every actor it is used under, as soon as one is known.

    A queryset kept across contexts (built at import time, or under another actor) is filtered
    again by each new scope it is chained or evaluated in, so it never shows more than the
    current actor may see. Counting, aggregating and the like work on a filtered copy, so a
    kept queryset is not pinned to the first actor that used it; only evaluation, which caches
    the rows on the queryset itself, filters it in place.
    """

    scope_path: str = "union__path"
    _scopes: tuple[Scope, ...] = ()

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._scopes = self._scopes
        return clone

    def _chain(self) -> Any:
        clone = super()._chain()  # type: ignore[misc]
        clone._apply_scope()
        return clone

    def _apply_scope(self) -> bool:
        """Filter in place to the current scope unless already done; False if still unscoped."""
        scope = current_scope()
        if scope is None:
            return bool(self._scopes)
        if scope not in self._scopes:
            self._scopes = (*self._scopes, scope)
            if not scope.unrestricted:
                self._filter_or_exclude_inplace(False, (scope.q(self.scope_path),), {})  # type: ignore[attr-defined]
        return True

    def _require_scope(self) -> None:
        if not self._apply_scope():
            model = self.model._meta.label  # type: ignore[attr-defined]
            raise ScopeError(
                f"{model} was queried with no actor in context; use acting_as(user) "
                "or system_scope(reason), or the model's `unscoped` manager in system code."
            )

    def _in_scope(self) -> Any:
        """This queryset if it is already filtered to the current scope, else a filtered copy."""
        scope = current_scope()
        if scope is not None and scope not in self._scopes:
            return self._chain()
        self._require_scope()
        return self

    def _fetch_all(self) -> None:
        if self._result_cache is None:  # type: ignore[attr-defined]
            self._require_scope()
        super()._fetch_all()  # type: ignore[misc]

    # The methods below run on ``self._in_scope()``: the queryset itself or a filtered copy.

    def count(self) -> int:
        if self._result_cache is None:  # type: ignore[attr-defined]
            return super(ScopedQuerySetMixin, self._in_scope()).count()  # type: ignore[misc]
        return super().count()  # type: ignore[misc]

    def exists(self) -> bool:
        return super(ScopedQuerySetMixin, self._in_scope()).exists()  # type: ignore[misc]

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return super(ScopedQuerySetMixin, self._in_scope()).aggregate(*args, **kwargs)  # type: ignore[misc]

    def iterator(self, *args: Any, **kwargs: Any) -> Any:
        return super(ScopedQuerySetMixin, self._in_scope()).iterator(*args, **kwargs)  # type: ignore[misc]

    def update(self, *args: Any, **kwargs: Any) -> int:
        return super(ScopedQuerySetMixin, self._in_scope()).update(*args, **kwargs)  # type: ignore[misc]

    def delete(self) -> Any:
        return super(ScopedQuerySetMixin, self._in_scope()).delete()  # type: ignore[misc]

    def explain(self, *args: Any, **kwargs: Any) -> str:
        return super(ScopedQuerySetMixin, self._in_scope()).explain(*args, **kwargs)  # type: ignore[misc]

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        # Used as a subquery: it must carry its scope too.
        return super(ScopedQuerySetMixin, self._in_scope()).resolve_expression(*args, **kwargs)  # type: ignore[misc]


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


def scoped_queryset_class(base: type[models.QuerySet], path: str) -> type[models.QuerySet]:
    name = f"Scoped{base.__name__}"
    return type(name, (ScopedQuerySetMixin, base), {"scope_path": path})


class ScopedManager(models.Manager):
    """Default manager of a union-owned model: every query is limited to the actor's scope.

    ``path`` is the lookup of the owning union's materialised path, ``union__path`` by default.
    """

    def __init__(self, path: str = "union__path", queryset_class: type[models.QuerySet] | None = None):
        super().__init__()
        self.scope_path = path
        self._base_queryset_class = queryset_class or models.QuerySet
        self._queryset_class = scoped_queryset_class(self._base_queryset_class, path)

    def deconstruct(self) -> Any:
        # Migrations use plain managers; scoping is a run-time concern.
        return (False, "django.db.models.Manager", None, (), {})

    def get_queryset(self) -> Any:
        queryset = self._queryset_class(model=self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]
        queryset._apply_scope()  # type: ignore[attr-defined]
        return queryset


def assert_in_scope(path: str) -> None:
    """Raise ``Http404`` unless ``path`` lies inside the current actor's scope.

    Services call it inside their transaction after a write (NetBox's post-save check), so
    a write can never place an object where its author could not see it.
    """
    from django.http import Http404

    scope = current_scope()
    if scope is None:
        raise ScopeError("assert_in_scope() called with no actor in context")
    if not scope.covers_path(path):
        raise Http404("outside scope")
