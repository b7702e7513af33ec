"""Shared test set-up: the cap files loaded and one province's table in force; members of the world's unions."""

from __future__ import annotations

from datetime import date

from gonghui.core.testing.world import World
from gonghui.members.models import Worker
from gonghui.members.services import membership_join, worker_create
from gonghui.welfare.caps import caps_load
from gonghui.welfare.models import CapTable, WelfareSetting

# Valid ID numbers (GB 11643 check digits included), distinct from the leak samplers' and figure data's.
ID_NUMBERS = ("110102199201010032", "110102197503100050", "110101199001011237", "110101198502024322")


def use_caps(code: str) -> CapTable:
    """Load the shipped cap files and put ``code``'s table in force."""
    caps_load()
    table = CapTable.objects.get(code=code)
    setting = WelfareSetting.objects.first() or WelfareSetting()
    setting.table = table
    setting.save()
    return table


def member(world: World, index: int = 0, *, union: object = None, joined: date = date(2024, 1, 2)) -> Worker:
    union = union or world.union_c
    worker = worker_create(actor=None, union=union, name=f"会员{index}", id_number=ID_NUMBERS[index])
    membership_join(actor=None, worker=worker, union=union, on=joined)
    return worker
