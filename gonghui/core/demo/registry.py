"""The demo county generator: each module adds its own step, run in order from one seed.

A module contributes by defining ``demo.py`` in its app with functions decorated by
``@demo_step(order, "name")``. The core's step (order 10) builds the union tree and the
accounts; organisation building, members and the rest add their data after it.

What a step leaves for the steps after it is typed: the core's ``DemoCounty`` (the tree's
unions and the printed logins) is ``ctx.county``; a module publishes a dataclass of its own
with ``ctx.put(part)`` and a later step reads it with ``ctx.get(PartType)``. The same seed
gives the same county.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from gonghui.core.tree.models import Union

T = TypeVar("T")


@dataclass(frozen=True)
class Size:
    name: str
    townships: int
    sectors: int
    grassroots: int
    joint: int


SIZES = {
    # For the test suite and the browser journey: seconds to build.
    "small": Size("small", townships=3, sectors=2, grassroots=40, joint=4),
    "county": Size("county", townships=10, sectors=6, grassroots=670, joint=30),
    # Benchmarks: a province-scale tree.
    "province": Size("province", townships=120, sectors=40, grassroots=9500, joint=500),
}


@dataclass
class DemoCounty:
    """The union tree the core's step built, by kind (saved: every union has its id and path)."""

    county: Union
    townships: list[Union]
    sectors: list[Union] = field(default_factory=list)
    grassroots: list[Union] = field(default_factory=list)
    joint: list[Union] = field(default_factory=list)
    # Usernames of the accounts printed for each role (the accounts step).
    logins: list[str] = field(default_factory=list)

    def below(self, township: Union, unions: list[Union]) -> list[Union]:
        """Those of ``unions`` in ``township``'s subtree."""
        return [u for u in unions if u.path.startswith(township.path) and u.path != township.path]


@dataclass
class DemoContext:
    rng: random.Random
    size: Size
    today: date
    password: str
    write: Callable[[str], None]
    parts: dict[type, object] = field(default_factory=dict)

    def put(self, part: object) -> None:
        """Publish what a step built (one dataclass instance per type) for the steps after it."""
        self.parts[type(part)] = part

    def get(self, kind: type[T]) -> T:
        """What an earlier step published as ``kind``; ``LookupError`` if no step has."""
        try:
            return self.parts[kind]  # type: ignore[return-value]
        except KeyError:
            raise LookupError(f"no demo step has built {kind.__name__} yet") from None

    @property
    def county(self) -> DemoCounty:
        return self.get(DemoCounty)


Step = Callable[[DemoContext], None]
_steps: list[tuple[int, str, Step]] = []


def demo_step(order: int, name: str) -> Callable[[Step], Step]:
    def register(function: Step) -> Step:
        if all(existing[1] != name for existing in _steps):
            _steps.append((order, name, function))
        return function

    return register


def steps() -> list[tuple[int, str, Step]]:
    import importlib

    from django.utils.module_loading import autodiscover_modules

    from gonghui.core import modules

    autodiscover_modules("demo")  # the core's apps
    for name in modules.demo_modules():  # each module's, as its manifest declares them
        importlib.import_module(name)
    return sorted(_steps, key=lambda s: s[0])
