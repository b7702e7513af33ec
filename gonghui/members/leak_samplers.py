"""Leak-walker samplers: a worker of union C (township A) whose name carries the marker, and their membership."""

from __future__ import annotations

from datetime import date

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members import services
from gonghui.members.models import Membership, Worker

# A valid ID number kept for the sample worker (GB 11643 check digit included).
SAMPLE_ID_NUMBER = "110102198001010017"


def _sample_member(world: World) -> Membership:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        worker = Worker.unscoped.filter(id_number__matches=SAMPLE_ID_NUMBER).first()
        if worker is None:
            worker = services.worker_create(
                actor=None, union=world.union_c, name=f"样本{MARKER}", id_number=SAMPLE_ID_NUMBER
            )
        # unscoped: township A's sample rows for the leak walker
        membership = Membership.unscoped.filter(worker=worker).first()
        if membership is None:
            membership = services.membership_join(actor=None, worker=worker, union=world.union_c, on=date(2024, 1, 2))
    return membership


@leakwalker.sampler("worker_id")
def _worker(world: World) -> int:
    return _sample_member(world).worker_id


@leakwalker.sampler("membership_id")
def _membership(world: World) -> int:
    return _sample_member(world).pk
