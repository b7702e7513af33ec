"""Assistance measures: the register on a period's last day, the money paid within it, the reach test,
the grants list behind the money and the leader's reading of the lists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance import measures
from gonghui.assistance.models import Disbursement, HardshipFile
from gonghui.assistance.tests import figure_data
from gonghui.assistance.tests.figure_data import approve, batch, filed, programme
from gonghui.core.figures import measures as core_measures
from gonghui.core.figures.periods import Period, calendar_year
from gonghui.core.figures.testing import count_list_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
# A past period, wholly before today: its first and last days are the boundaries tested.
PERIOD = Period(date(YEAR - 1, 3, 1), date(YEAR - 1, 8, 31))


def _count(measure: Any, user: Any, *periods: Period) -> Any:
    return core_measures.count(measure, user, list(periods))


def _set(file: HardshipFile, **dates: Any) -> None:
    with system_scope("test data: the file's dates"):
        HardshipFile.unscoped.filter(pk=file.pk).update(**dates)


def _paid_on(made: Disbursement, day: date) -> None:
    with system_scope("test data: the batch's payment date"):
        Disbursement.unscoped.filter(pk=made.pk).update(paid_on=day)


@pytest.fixture
def standard(world: World) -> None:
    from gonghui.assistance import services

    services.poverty_line_set(actor=world.ann, year=YEAR, monthly_amount=Decimal("800"))


def test_the_register_is_read_on_the_periods_last_day(world: World, standard: None) -> None:
    end = PERIOD.end
    on_end = filed(world.union_c, f"末日建档{MARKER}", filed_on=end)
    after_end = filed(world.union_c, f"次日建档{MARKER}", filed_on=end + timedelta(days=1))
    exited_on_end = filed(world.union_c, f"末日脱困{MARKER}", filed_on=PERIOD.start, state="exited")
    _set(exited_on_end, exited_on=end)
    exited_after = filed(world.union_c, f"次日脱困{MARKER}", filed_on=PERIOD.start, state="exited")
    _set(exited_after, exited_on=end + timedelta(days=1))
    relative = filed(world.union_d, "相对困难", income="1200", filed_on=date(YEAR - 3, 1, 1))
    with system_scope("the test reads the files counted"):
        counted = set(HardshipFile.unscoped.filter(measures.on_register(PERIOD)))
    # Filed on the last day and exited the day after count; filed the day after and exited on it do not
    assert counted == {on_end, exited_after, relative}
    households = _count(measures.HARDSHIP_HOUSEHOLDS, world.alice, PERIOD)
    deep = _count(measures.DEEP_HARDSHIP, world.alice, PERIOD)
    assert households.totals == [3]
    assert deep.totals == [2]  # the relative household is not in deep hardship
    # Township A's staff read their own part: the relative household is township B's
    assert _count(measures.HARDSHIP_HOUSEHOLDS, world.bob, PERIOD).totals == [2]
    # Today the exited ones are off the register and the one filed after the period is on it
    today = calendar_year(YEAR).until(timezone.localdate())
    with system_scope("the test reads the files counted"):
        assert set(HardshipFile.unscoped.filter(measures.on_register(today))) == {on_end, after_end, relative}
    assert _count(measures.HARDSHIP_HOUSEHOLDS, world.alice, today).totals == [3]


def test_money_paid_on_the_first_and_last_day_counts_the_day_before_and_after_does_not(
    world: World, standard: None
) -> None:
    prog = programme(world, year=YEAR - 1)
    households = [filed(world.union_c, f"领款{n}{MARKER}", filed_on=date(YEAR - 2, 1, 1)) for n in range(4)]
    days = [PERIOD.start - timedelta(days=1), PERIOD.start, PERIOD.end, PERIOD.end + timedelta(days=1)]
    for household, day, amount in zip(households, days, ("100", "200", "300", "400"), strict=True):
        made = batch(world, prog, world.township_a, [household], amount=amount)
        approve(world, made, pay=True)
        _paid_on(made, day)
    unpaid = filed(world.union_d, "未付", filed_on=date(YEAR - 2, 1, 1))
    approve(world, batch(world, prog, world.township_b, [unpaid], amount="900"))  # approved, not paid
    paid = _count(measures.PAID, world.alice, PERIOD)
    assert paid.rows == [2]
    assert paid.totals == [Decimal("500.00")]
    # Every household was deep and on the register: the two paid within the period are reached
    reached = _count(measures.DEEP_REACHED, world.alice, PERIOD)
    assert reached.totals == [2]
    assert _count(measures.DEEP_HARDSHIP, world.alice, PERIOD).totals == [5]


def test_reached_asks_the_household_to_be_in_deep_hardship_on_the_register_at_the_end(
    world: World, standard: None
) -> None:
    prog = programme(world, year=YEAR - 1)
    deep = filed(world.union_c, f"深度{MARKER}", filed_on=date(YEAR - 2, 1, 1))
    relative = filed(world.union_c, f"相对{MARKER}", income="1200", filed_on=date(YEAR - 2, 1, 1))
    left = filed(world.union_c, f"期内脱困{MARKER}", filed_on=date(YEAR - 2, 1, 1))
    made = batch(world, prog, world.township_a, [deep, relative, left])
    approve(world, made, pay=True)
    _paid_on(made, PERIOD.start)
    _set(left, state="exited", exited_on=PERIOD.start + timedelta(days=10))
    counted = _count(measures.DEEP_REACHED, world.alice, PERIOD)
    assert counted.totals == [1]
    # A batch proposed by the county reaches township A's household too, and township A's staff see it
    assert _count(measures.DEEP_REACHED, world.bob, PERIOD).totals == [1]
    assert _count(measures.PAID, world.bob, PERIOD).totals == [Decimal("1500.00")]
    assert _count(measures.DEEP_REACHED, world.bea, PERIOD).totals == [0]


def test_the_grant_list_names_the_money_counted_and_its_total(world: World, client_for: Any) -> None:
    made = figure_data.build(world)
    period = calendar_year(YEAR)
    url = measures.PAID.url(period)
    client = client_for(world.alice)
    assert count_list_rows(client, url) == 2  # a1's ¥500 and b4's ¥400, paid this year
    html = client.get(url).content.decode()
    assert "¥900.00" in html
    assert made["a1"].number in html
    # Township A's staff see their household's grant of a batch they did not propose, not township B's
    bob = client_for(world.bob).get(reverse("assistance:grant_list")).content.decode()
    assert made["a1"].number in bob
    assert made["b4"].number not in bob
    assert "乙四" not in bob
    counted = _count(measures.PAID, world.alice, period, calendar_year(YEAR - 1))
    assert counted.totals == [Decimal("900.00"), Decimal("1100.00")]  # last year: a2's ¥500, b4's ¥600


def test_the_leader_reads_the_lists_behind_the_measures_and_changes_nothing(world: World) -> None:
    leo = world.leo
    for measure in measures.MEASURES:
        assert leo.has_perm(measure.permission), measure.key
    assert not any(leo.has_perm(p) for p in ("assistance.change_hardshipfile", "assistance.add_disbursement"))
    assert not leo.has_perm("assistance.view_householdmember")
