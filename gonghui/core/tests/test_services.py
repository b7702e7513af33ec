"""Services by construction (core/services.py): keyword-only, permission, one transaction, the actor's
context; every module service is one, and refuses a user without its permission before doing anything."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.modules import family
from gonghui.core.services import COMMAND_LINE, SERVICES, Actor, check_scope, require, service, services_of
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import current_scope, current_user, system_scope

pytestmark = pytest.mark.django_db

# The modules built on the kit: every function of their services modules that takes an actor is a @service.
MODULES = ("gonghui.organisations", "gonghui.members", "gonghui.assistance")


def _service_modules() -> list[Any]:
    """Every module of the kit's modules' ``services``, files or packages (``modules.family``)."""
    return [
        importlib.import_module(name)
        for config in apps.get_app_configs()
        if config.name.startswith(MODULES)
        for name in family(config.name, "services")
    ]


# --- The decorator ---------------------------------------------------------------------------------


def test_a_service_takes_keyword_arguments_only() -> None:
    with pytest.raises(TypeError, match="keyword-only"):

        @service(perm=None)
        def positional(actor: Actor) -> None: ...

    with pytest.raises(TypeError, match="actor"):

        @service(perm=None)
        def no_actor(*, thing: int) -> None: ...

    @service(perm=None)
    def fine(*, actor: Actor, thing: int = 0) -> int:
        return thing

    with pytest.raises(TypeError, match="keyword arguments only"):
        fine(None)
    with pytest.raises(TypeError, match="actor"):
        fine(thing=1)
    assert fine(actor=None, thing=2) == 2
    assert fine.service.name.endswith("fine")  # type: ignore[attr-defined]


def test_permission_is_checked_before_the_body_runs(world: World) -> None:
    ran: list[Any] = []

    @service(perm="members.add_worker", denied="Not you.")
    def add(*, actor: Actor) -> None:
        ran.append(actor)

    with pytest.raises(PermissionDenied, match="Not you"):
        add(actor=world.wendy)  # a worker holds no data permission
    assert ran == []
    add(actor=world.carol)
    add(actor=None)  # the operator's command line holds every permission
    assert ran == [world.carol, None]


def test_a_tuple_needs_every_permission_and_a_callable_decides_by_the_arguments(world: World) -> None:
    @service(perm=("members.add_worker", "tree.add_union"))
    def both(*, actor: Actor) -> None: ...

    with pytest.raises(PermissionDenied):
        both(actor=world.carol)  # may add workers, not unions
    both(actor=world.alice)

    asked: list[dict[str, Any]] = []

    def by_kind(**kwargs: Any) -> str | None:
        asked.append(kwargs)
        return None if kwargs["kind"] == "view" else "members.change_worker"

    @service(perm=by_kind)
    def act(*, actor: Actor, kind: str) -> str:
        return kind

    assert act(actor=world.wendy, kind="view") == "view"
    with pytest.raises(PermissionDenied):
        act(actor=world.wendy, kind="change")
    assert asked == [{"actor": world.wendy, "kind": "view"}, {"actor": world.wendy, "kind": "change"}]


def test_require_and_check_scope(world: World) -> None:
    require(None, "tree.add_union")
    require(world.alice, ("tree.add_union", "tree.change_union"))
    with pytest.raises(PermissionDenied):
        require(world.wendy, "tree.add_union", denied="no")

    @service(perm=None)
    def reach(*, actor: Actor, union: Any) -> None:
        check_scope(actor, union)

    reach(actor=world.bob, union=world.union_c)
    reach(actor=None, union=world.union_d)  # the command line reaches everywhere
    reach(actor=world.bob, union=None)
    with pytest.raises(Http404):
        reach(actor=world.bob, union=world.union_d)


def test_the_body_runs_as_the_actor_whatever_scope_surrounds_the_call(world: World) -> None:
    seen: list[Any] = []

    @service(perm=None)
    def who(*, actor: Actor) -> None:
        scope = current_scope()
        assert scope is not None
        seen.append((current_user(), scope.unrestricted, scope.reason))

    with system_scope("a report job"):
        who(actor=world.bob)  # Bob's scope, not the job's
    who(actor=None)
    assert seen == [(world.bob, False, ""), (None, True, COMMAND_LINE)]


def test_the_body_is_one_transaction(world: World) -> None:
    @service(perm=None)
    def half_done(*, actor: Actor) -> None:
        audit_record(Action.UPDATE, obj=world.union_c, note="half done")
        raise ValueError("then it fails")

    with pytest.raises(ValueError, match="fails"):
        half_done(actor=world.carol)
    assert not AuditEvent.unscoped.filter(note="half done").exists()


# --- Every module service is one ---------------------------------------------------------------------


def test_every_module_function_that_takes_an_actor_is_a_service() -> None:
    modules = _service_modules()
    assert {module.__name__ for module in modules} >= {
        "gonghui.organisations.services",
        "gonghui.members.services",
        "gonghui.assistance.services",
    }
    missing = [
        f"{module.__name__}.{name}"
        for module in modules
        for name, func in vars(module).items()
        if inspect.isfunction(func)
        and func.__module__ == module.__name__
        and not name.startswith("_")
        and "actor" in inspect.signature(func).parameters
        and not hasattr(func, "service")
    ]
    assert missing == []


def test_every_module_service_refuses_a_user_without_its_permission_before_anything(world: World) -> None:
    _service_modules()
    checked = 0
    for prefix in MODULES:
        for name, info in services_of(prefix).items():
            if info.perm is None or callable(info.perm):
                continue
            # Only the actor is given: the refusal comes before the service reads any argument.
            with pytest.raises(PermissionDenied):
                info.func(actor=world.wendy)
            checked += 1
            assert name in SERVICES
    assert checked >= 40
