"""The demo county generator: each module adds its own step, run in order from one seed.

A module contributes by defining ``demo.py`` in its app with functions decorated by
``@demo_step(order, "name")``. The core's step (order 10) builds the union tree and the
accounts; organisation building, members and the rest add their data after it, reading
what earlier steps left in ``ctx.data``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


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
class DemoContext:
    rng: random.Random
    size: Size
    today: date
    password: str
    write: Callable[[str], None]
    data: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)


Step = Callable[[DemoContext], None]
_steps: list[tuple[int, str, Step]] = []


def demo_step(order: int, name: str) -> Callable[[Step], Step]:
    def register(function: Step) -> Step:
        if all(existing[1] != name for existing in _steps):
            _steps.append((order, name, function))
        return function

    return register


def steps() -> list[tuple[int, str, Step]]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    return sorted(_steps, key=lambda s: s[0])
