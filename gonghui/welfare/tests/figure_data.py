"""Rows for the figure/drill-down and measure tests (core/figures/tests/): payouts in both townships,
this year's, last year's and one of the year before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.core.testing.world import MARKER, World
from gonghui.members.services import membership_join, worker_create
from gonghui.welfare.models import Festival, Form, Item
from gonghui.welfare.services import payout_create
from gonghui.welfare.tests.helpers import use_caps


def build(world: World) -> dict[str, Any]:
    use_caps("AH-2018")
    today = timezone.localdate()
    c = worker_create(actor=None, union=world.union_c, name=f"福利甲{MARKER}", id_number="110102199003070018")
    d = worker_create(actor=None, union=world.union_d, name="福利乙", id_number="110102198506150023")
    membership_join(actor=None, worker=c, union=world.union_c, on=date(2024, 1, 2))
    membership_join(actor=None, worker=d, union=world.union_d, on=date(2024, 1, 2))
    rows = {
        "birthday_c": payout_create(
            actor=None,
            union=world.union_c,
            worker=c,
            item=Item.BIRTHDAY,
            form=Form.GOODS,
            amount=Decimal("300"),
            paid_on=today,
        ),
        "festival_c": payout_create(
            actor=None,
            union=world.union_c,
            worker=c,
            item=Item.FESTIVAL,
            festival=Festival.SPRING,
            form=Form.GOODS,
            amount=Decimal("500"),
            paid_on=today,
        ),
        "hospital_d": payout_create(
            actor=None,
            union=world.union_d,
            worker=d,
            item=Item.HOSPITAL,
            form=Form.CASH,
            amount=Decimal("800"),
            paid_on=today,
        ),
        "birthday_c_last": payout_create(
            actor=None,
            union=world.union_c,
            worker=c,
            item=Item.BIRTHDAY,
            form=Form.GOODS,
            amount=Decimal("200"),
            paid_on=date(today.year - 1, 12, 31),
        ),
        "marriage_d_last": payout_create(
            actor=None,
            union=world.union_d,
            worker=d,
            item=Item.MARRIAGE,
            form=Form.GOODS,
            amount=Decimal("600"),
            paid_on=date(today.year - 1, 1, 1),
        ),
        "birthday_d_before": payout_create(
            actor=None,
            union=world.union_d,
            worker=d,
            item=Item.BIRTHDAY,
            form=Form.GOODS,
            amount=Decimal("250"),
            paid_on=date(today.year - 2, 12, 31),
        ),
    }
    return rows
