"""What the modules hold against an employer: one question every module answers for itself.

Before a union commends a worker or an employer, someone should ask whether the employer has an
open major safety hazard, a collective dispute, an early warning, or no collective contract this
year. Each of those lives in its own module, and the module asking (honours) may not read them
all. So each module that keeps such facts publishes one selector::

    @selector(sample=lambda s: {"employer_ids": [s.id("employer_id")], "year": 2026})
    def employer_concerns(user, employer_ids, *, year) -> dict[int, list[Concern]]:
        ...  # read through the module's own scoped queries, for ``user``

names it in its manifest (``concerns=("gonghui.safety.selectors.employer_concerns",)``), and
:func:`employer_concerns` here asks every installed module at once. What ``user`` may not see is
not there, as everywhere.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Concern:
    """One fact against an employer: what it is (translated), and the page that shows it."""

    label: str
    url: str = ""
    module: str = ""


_registry: dict[str, str] = {}


def register(module: str, dotted: str) -> None:
    """Add ``module``'s concern selector (from its manifest's ``concerns``, when its app is ready)."""
    _registry[dotted] = module


def _load(dotted: str) -> Callable[..., dict[int, list[Concern]]]:
    path, _, attribute = dotted.rpartition(".")
    return getattr(importlib.import_module(path), attribute)  # type: ignore[no-any-return]


def sources() -> list[str]:
    return sorted(_registry)


def employer_concerns(user: Any, employer_ids: Collection[int], *, year: int) -> dict[int, list[Concern]]:
    """Every installed module's concerns about ``employer_ids`` that ``user`` may see, by employer id."""
    found: dict[int, list[Concern]] = defaultdict(list)
    ids = [int(pk) for pk in employer_ids if pk is not None]
    if not ids:
        return {}
    for dotted in sources():
        module = _registry[dotted]
        for employer_id, concerns in _load(dotted)(user, ids, year=year).items():
            found[employer_id] += [
                concern if concern.module else Concern(concern.label, concern.url, module) for concern in concerns
            ]
    return dict(found)
