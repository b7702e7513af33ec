"""Leak-walker samplers: township A's payout, festival batch and batch line (union C, marked)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Membership, Worker
from gonghui.members.services import membership_join, worker_create
from gonghui.welfare.models import Festival, Form, Item, WelfareBatch, WelfareBatchLine, WelfarePayout

# A valid ID number for the sample member (GB 11643 check digit included).
SAMPLE_ID_NUMBER = "110102198808080040"
DAY = date(2025, 9, 20)


def _member(world: World) -> Worker:
    # unscoped: township A's sample rows for the leak walker
    worker = Worker.unscoped.filter(id_number__matches=SAMPLE_ID_NUMBER).first()
    if worker is None:
        worker = worker_create(actor=None, union=world.union_c, name=f"福利样本{MARKER}", id_number=SAMPLE_ID_NUMBER)
    if not Membership.unscoped.filter(worker=worker).exists():  # unscoped: the leak walker's sample rows of township A
        membership_join(actor=None, worker=worker, union=world.union_c, on=date(2024, 1, 2))
    return worker


@leakwalker.sampler("welfare_payout_id")
def _payout(world: World) -> int:
    with system_scope("leak-walker sample data"):
        worker = _member(world)
        payout, _ = WelfarePayout.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
            union=world.union_c,
            worker=worker,
            item=Item.BIRTHDAY,
            paid_on=DAY,
            defaults={"form": Form.GOODS, "amount": Decimal("200"), "note": f"生日蛋糕{MARKER}"},
        )
    return payout.pk


def _batch(world: World) -> WelfareBatch:
    with system_scope("leak-walker sample data"):
        worker = _member(world)
        batch, created = WelfareBatch.unscoped.get_or_create(  # unscoped: township A's sample row
            union=world.union_c,
            title=f"中秋慰问{MARKER}",
            defaults={"festival": Festival.MID_AUTUMN, "form": Form.GOODS, "paid_on": DAY},
        )
        if created:
            # unscoped: the leak walker's sample rows of township A
            WelfareBatchLine.unscoped.create(union=world.union_c, batch=batch, worker=worker, amount=Decimal("150"))
    return batch


@leakwalker.sampler("welfare_batch_id")
def _batch_id(world: World) -> int:
    return _batch(world).pk


@leakwalker.sampler("welfare_line_id")
def _line(world: World) -> int:
    batch = _batch(world)
    with system_scope("leak-walker sample data"):
        # unscoped: the leak walker's sample rows of township A
        return WelfareBatchLine.unscoped.filter(batch=batch).values_list("pk", flat=True)[0]
