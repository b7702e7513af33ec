"""What the competition tests share: employers of union C (township A) and union D, their workers."""

from __future__ import annotations

from typing import Any

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer


def employer_of(union: Any, name: str) -> Employer:
    with system_scope("test data"):
        found = Employer.unscoped.filter(name=name).first()  # unscoped: the test finds its own employer again
        # unscoped: test data (the employer service asks for reference data the test world lacks)
        return found or Employer.unscoped.create(union=union, name=name, headcount=120)


def employer_c(world: World) -> Employer:
    return employer_of(world.union_c, f"丙机械厂{MARKER}")


def employer_d(world: World) -> Employer:
    return employer_of(world.union_d, "丁纺织厂")


def worker_of(world: World, employer: Employer, name: str) -> Worker:
    """A worker of ``employer`` kept by its union (made once per name)."""
    from gonghui.members.services import worker_create

    full = f"{name}{MARKER}" if employer.union_id == world.union_c.pk else name
    with system_scope("test data"):
        found = Worker.unscoped.filter(name=full).first()  # unscoped: the test finds its own worker again
        if found is not None:
            return found
        used = Worker.unscoped.count()  # unscoped: a fresh ID number per worker
        return worker_create(actor=None, union=employer.union, name=full, employer=employer, id_number=_id_number(used))


def _id_number(index: int) -> str:
    """A valid 18-digit ID number, distinct per ``index`` (GB 11643 check character)."""
    body = f"1101011990{(index // 28) % 12 + 1:02d}{index % 28 + 1:02d}{100 + index % 900:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check
