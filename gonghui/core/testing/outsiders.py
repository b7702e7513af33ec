"""The outsider test's tools: sample arguments for selectors, and finding township A's rows in an answer.

``Samples`` is what a selector's ``sample=`` function receives: ``s.id("file_id")`` is the id the
leak walker's sampler names for that URL parameter (creating the marked row if needed),
``s.get(HardshipFile, "file_id")`` the object itself, ``s.first(Model, **filters)`` a row hanging
off one, ``s.world`` the test world.

``victim_rows(answer, world)`` walks whatever a selector answered (a queryset, which it evaluates,
a model instance, a list, a dict, a dataclass, a string) and returns what belongs to township
A: a row whose own union path lies in township A's subtree, or any text carrying the marker.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import QuerySet

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope


class Samples:
    """Township A's objects, named for a selector's sample arguments."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._ids: dict[str, Any] = {}

    def id(self, parameter: str) -> Any:
        """The object id the leak walker's sampler gives for URL parameter ``parameter``."""
        if parameter not in self._ids:
            leakwalker.discover_samplers()
            self._ids[parameter] = leakwalker.SAMPLERS[parameter](self.world)
        return self._ids[parameter]

    def get(self, model: type[models.Model], parameter: str) -> Any:
        """The ``model`` instance the sampler of ``parameter`` names."""
        with system_scope("the outsider test fetches township A's sample objects"):
            return model._base_manager.get(pk=self.id(parameter))

    def first(self, model: type[models.Model], **filters: Any) -> Any:
        """The first ``model`` row matching ``filters`` (e.g. a row hanging off a sampled object)."""
        with system_scope("the outsider test fetches township A's sample objects"):
            return model._base_manager.filter(**filters).order_by("pk").first()


def _scope_path(instance: models.Model) -> str | None:
    """The materialised path that scopes ``instance`` (its default manager's ``scope_path``), if any."""
    lookup = getattr(type(instance)._default_manager, "scope_path", None)
    if lookup is None:
        lookup = getattr(getattr(type(instance)._default_manager, "_scoped_queryset_class", None), "scope_path", None)
    if lookup is None:
        return None
    value: Any = instance
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return str(value)


def victim_rows(answer: Any, world: World, *, besides: Iterable[Any] = ()) -> list[str]:
    """What in ``answer`` belongs to township A (the victim), described; ``besides``: the arguments given."""
    victim = world.township_a.path
    given = [value for value in besides if isinstance(value, models.Model)]
    found: list[str] = []
    seen: set[int] = set()

    def marked(text: str) -> bool:
        return MARKER in text or MARKER.lower() in text

    def visit(value: Any, where: str) -> None:
        if value is None or isinstance(value, (bool, int, float)) or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, str):
            if marked(value):
                found.append(f"{where}: {value!r}")
        elif isinstance(value, QuerySet):
            for index, row in enumerate(value):
                visit(row, f"{where}[{index}]")
        elif isinstance(value, models.Model):
            if any(value == argument for argument in given):
                return  # the caller's own object, handed back (e.g. a board naming its survey)
            label = f"{where} ({value._meta.label} {value.pk})"
            path = _scope_path(value)
            if path is not None and path.startswith(victim):
                found.append(f"{label}: a row of township A")
                return
            for key, item in vars(value).items():
                if key.startswith("_") and key != "_prefetched_objects_cache":
                    continue
                visit(item, f"{label}.{key}")
            for key, item in value._state.fields_cache.items():
                visit(item, f"{label}.{key}")
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(key, f"{where} key")
                visit(item, f"{where}[{key!r}]")
        elif isinstance(value, (list, tuple, set, frozenset)):
            for index, item in enumerate(value):
                visit(item, f"{where}[{index}]")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                visit(getattr(value, field.name), f"{where}.{field.name}")

    visit(answer, "answer")
    return found
