"""Member welfare's step of the demo county: a year of payouts within the caps, and a few refused attempts.

The demo county's province ships no cap table of its own, so the step applies Anhui's later
table (the county administrator may choose another on the caps page). For the twelve months up to
the demo's today, every current member of each grassroots union gets the festival gifts of the
festivals in that window (goods, within the yearly total), a third of them a birthday cake, and a
few the other items; written with the bulk writer. Then a few over-cap entries are tried through
the entry path, so they stand refused in the audit log and write nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.core.demo.bulk import BulkWriter, Row
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree.scoping import system_scope
from gonghui.members import selectors as members
from gonghui.welfare.caps import caps_load
from gonghui.welfare.entry import payout_enter
from gonghui.welfare.models import CapTable, Festival, Form, Item, WelfarePayout, WelfareSetting

# Selectors read as the demo's system scope (no actor: the surrounding scope).
SYSTEM: Any = None
DEMO_TABLE = "AH-LATER"
# (festival, month, day the gift is given, lowest, highest amount in yuan): at most 900 a year in all.
FESTIVALS = (
    (Festival.SPRING, 1, 20, 400, 500),
    (Festival.MID_AUTUMN, 9, 10, 300, 400),
)
# (item, share of members, lowest, highest): within Anhui's later caps.
OTHERS = (
    (Item.MARRIAGE, 0.01, 500, 1500, Form.GOODS),
    (Item.CHILDBIRTH, 0.01, 500, 1000, Form.GOODS),
    (Item.HOSPITAL, 0.02, 300, 1000, Form.CASH),
    (Item.HOSPITAL_SURGERY, 0.005, 1000, 2000, Form.CASH),
    (Item.DEATH_RELATIVE, 0.005, 500, 1000, Form.CASH),
    (Item.RETIREMENT, 0.005, 500, 1000, Form.GOODS),
)
REFUSED_ATTEMPTS = 5


def _window_dates(today: date, month: int, day: int) -> list[date]:
    start = today - timedelta(days=364)
    return [d for d in (date(today.year - 1, month, day), date(today.year, month, day)) if start <= d <= today]


def _yuan(ctx: DemoContext, low: int, high: int) -> Decimal:
    return Decimal(ctx.rng.randrange(low, high + 1, 10))


@demo_step(95, "welfare")
def build(ctx: DemoContext) -> None:
    caps_load()
    setting = WelfareSetting.objects.first() or WelfareSetting()
    if setting.table_id is None:
        setting.table = CapTable.objects.get(code=DEMO_TABLE)
        setting.save()
    today, start = ctx.today, ctx.today - timedelta(days=364)
    grassroots = {union.pk: union for union in ctx.county.grassroots}
    writer = BulkWriter()
    count = 0
    with system_scope("the demo's welfare payouts"):
        # The demo writes every grassroots union's payouts.
        current = members.current_members_of_unions(grassroots, joined_by=start)
        by_union: dict[int, list[tuple[int, date]]] = defaultdict(list)
        for union_id, worker_id, born in current.iterator(chunk_size=5000):
            by_union[union_id].append((worker_id, born))
        for union_id, rows in by_union.items():
            for festival, month, day, low, high in FESTIVALS:
                for paid_on in _window_dates(today, month, day):
                    amount = _yuan(ctx, low, high)
                    for worker_id, _born in rows:
                        writer.add(
                            WelfarePayout,
                            _payout(union_id, worker_id, Item.FESTIVAL, paid_on, amount, festival),
                            with_id=False,
                        )
                        count += 1
            for worker_id, born in rows:
                if ctx.rng.random() < 1 / 3:
                    birthday = _birthday_in_window(born, start, today)
                    if birthday is not None:
                        amount = _yuan(ctx, 150, 300)
                        writer.add(
                            WelfarePayout,
                            _payout(union_id, worker_id, Item.BIRTHDAY, birthday, amount),
                            with_id=False,
                        )
                        count += 1
                for item, share, low, high, form in OTHERS:
                    if ctx.rng.random() < share:
                        paid_on = start + timedelta(days=ctx.rng.randrange(0, 365))
                        writer.add(
                            WelfarePayout,
                            _payout(union_id, worker_id, item, paid_on, _yuan(ctx, low, high), form=form),
                            with_id=False,
                        )
                        count += 1
            writer.flush(force=False)
        writer.flush()
        refused = _refused_attempts(ctx, by_union, grassroots, today)
    ctx.write(f"welfare: {count} payouts, {refused} refused attempts in the audit log")


def _payout(
    union_id: int,
    worker_id: int,
    item: str,
    paid_on: date,
    amount: Decimal,
    festival: str = "",
    form: str = Form.GOODS,
) -> Row:
    return Row(
        union_id=union_id,
        worker_id=worker_id,
        item=item,
        festival=festival,
        form=form,
        amount=amount,
        paid_on=paid_on,
        year=paid_on.year,
        note="",
        batch_id=None,
        recorded_by_id=None,
    )


def _birthday_in_window(born: date, start: date, today: date) -> date | None:
    for year in (start.year, today.year):
        try:
            day = born.replace(year=year)
        except ValueError:  # 29 February
            day = date(year, 3, 1)
        if start <= day <= today:
            return day
    return None


def _refused_attempts(
    ctx: DemoContext, by_union: dict[int, list[tuple[int, date]]], grassroots: dict, today: date
) -> int:
    """A few entries over a cap or in a forbidden form: refused, recorded in the audit log, nothing written."""
    refused = 0
    unions = [union_id for union_id, rows in by_union.items() if rows]
    attempts = (
        (Item.BIRTHDAY, "", Form.GOODS, Decimal("320")),
        (Item.FESTIVAL, Festival.MID_AUTUMN, Form.SHOPPING_CARD, Decimal("300")),
        (Item.HOSPITAL, "", Form.CASH, Decimal("1200")),
        (Item.BIRTHDAY, "", Form.GOODS, Decimal("500")),
        (Item.RETIREMENT, "", Form.GOODS, Decimal("1500")),
    )
    for item, festival, form, amount in attempts[:REFUSED_ATTEMPTS]:
        if not unions:
            break
        union_id = ctx.rng.choice(unions)
        worker_id, _born = ctx.rng.choice(by_union[union_id])
        try:
            payout_enter(
                actor=None,
                union=grassroots[union_id],
                worker=members.get_worker_for_user(SYSTEM, worker_id),
                item=item,
                festival=festival,
                form=form,
                amount=amount,
                paid_on=today,
            )
        except ValidationError:
            refused += 1
    return refused
