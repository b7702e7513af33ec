"""Rows for the assistance figures' tests and the figure/drill-down and measure tests (core/figures/tests/).

``households``: households filed in two townships across three years, of every category, one
exited, with this year's programme (a paid batch, an approved one, one still being made) and last
year's — what the figures page's tests count. ``build`` adds what the measures count over past
periods: payments of last year in both townships and a household that left hardship last year.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone
from stdnum.cn import ric

from gonghui.assistance import services
from gonghui.assistance.models import Disbursement, Grant, HardshipFile, Program
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.members import services as member_services

YEAR = timezone.localdate().year
_serial = itertools.count(300)


# The long file workflow is skipped by setting the state.


def id_number() -> str:
    body = f"110105{date(1975, 6, 1):%Y%m%d}{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def filed(
    union: Union,
    name: str,
    *,
    income: str = "500",
    cause: str = HardshipFile.Cause.ILLNESS,
    filed_on: date | None = None,
    state: str = "filed",
) -> HardshipFile:
    """A file opened by the services (classified against the ¥800 standard), then set filed."""
    with system_scope("test data"):
        worker = member_services.worker_create(actor=None, union=union, name=name, id_number=id_number())
    file = services.file_open(
        actor=None, worker=worker, main_cause=cause, applicant_monthly_income=Decimal(income), bank_name="农业银行"
    )
    with system_scope("test data: the workflow's end state"):
        HardshipFile.unscoped.filter(pk=file.pk).update(
            state=state,
            filed_on=filed_on or date(YEAR, 1, 1),
            exited_on=timezone.localdate() if state == "exited" else None,
        )
    file.refresh_from_db()
    return file


def programme(world: World, *, year: int = YEAR, kind: str = Program.Kind.WARMTH, budget: str = "10000") -> Program:
    return services.program_create(
        actor=world.ann,
        union=world.county,
        year=year,
        kind=kind,
        name=f"{year} 送温暖",
        budget=Decimal(budget),
        default_amount=Decimal("500"),
        sources=[
            {"kind": "higher", "amount": Decimal("6000")},
            {"kind": "own", "amount": Decimal("4000")},
        ],
    )


def batch(world: World, prog: Program, union: Union, files: list[HardshipFile], amount: str = "500") -> Disbursement:
    made = services.disbursement_create(actor=world.ann, program=prog, union=union)
    for file in files:
        services.grant_add(actor=world.ann, batch=made, file=file, amount=Decimal(amount))
    return made


def approve(world: World, made: Disbursement, *, pay: bool = False) -> None:
    transition_perform(actor=world.ann, obj=made, name="submit")
    transition_perform(actor=world.alice, obj=made, name="check")
    transition_perform(actor=world.alice, obj=made, name="approve")
    if pay:
        transition_perform(actor=world.ann, obj=made, name="pay", data={"paid_on": timezone.localdate()})


def households(world: World) -> dict[str, Any]:
    """Township A: a1 deep and reached (paid ¥500), a2 deep not reached this year (a counted grant of
    last year only), a3 deep but exited, a4 relative. Township B: b1 deep in a batch still being made
    (not counted, so not reached), b2 relative with an approved ¥300 grant."""
    services.poverty_line_set(actor=world.ann, year=YEAR, monthly_amount=Decimal("800"))
    made: dict[str, Any] = {
        "a1": filed(world.union_c, f"甲一{MARKER}", filed_on=date(YEAR - 2, 5, 1)),
        "a2": filed(world.union_c, f"甲二{MARKER}", cause=HardshipFile.Cause.DISABILITY, filed_on=date(YEAR - 1, 4, 3)),
        "a3": filed(world.union_c, f"甲三{MARKER}", state="exited"),
        "a4": filed(world.union_c, f"甲四{MARKER}", income="1200", cause=HardshipFile.Cause.UNEMPLOYMENT),
        "b1": filed(world.union_d, "乙一", filed_on=date(YEAR - 1, 4, 3)),
        "b2": filed(world.union_d, "乙二", income="1200"),
    }
    assert {k: v.category for k, v in made.items()} == {
        "a1": "deep",
        "a2": "deep",
        "a3": "deep",
        "a4": "relative",
        "b1": "deep",
        "b2": "relative",
    }
    prog = programme(world)
    approve(world, batch(world, prog, world.township_a, [made["a1"]]), pay=True)
    batch(world, prog, world.township_b, [made["b1"]])  # still being made: not counted
    approve(world, batch(world, prog, world.township_b, [made["b2"]], amount="300"))
    # Last year's grant to a2 counts for last year only.
    last = programme(world, year=YEAR - 1, budget="2000")
    old = batch(world, last, world.township_a, [made["a2"]])
    with system_scope("test data: an approved grant of last year"):
        Grant.unscoped.filter(disbursement=old).update(counted=True)
        Disbursement.unscoped.filter(pk=old.pk).update(state="approved")
    made["programme"] = prog
    made["last_programme"] = last
    made["last_batch"] = old
    return made


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def build(world: World) -> dict[str, Any]:
    """``households``, and for the measures' past periods: a2's grant of last year paid on
    20 December; in township B, b4 (deep, filed two years ago) paid ¥600 on 5 November last year
    and ¥400 this year, and b3 (deep) filed three years ago and left hardship on 30 June last year."""
    made = households(world)
    with system_scope("test data: last year's batch paid"):
        Disbursement.unscoped.filter(pk=made["last_batch"].pk).update(state="paid", paid_on=date(YEAR - 1, 12, 20))
    made["b3"] = filed(world.union_d, "乙三", filed_on=date(YEAR - 3, 3, 1), state="exited")
    with system_scope("test data: left hardship last year"):
        HardshipFile.unscoped.filter(pk=made["b3"].pk).update(exited_on=date(YEAR - 1, 6, 30))
    made["b4"] = filed(world.union_d, "乙四", filed_on=date(YEAR - 2, 2, 1))
    with time_machine.travel(_at(date(YEAR - 1, 11, 5)), tick=False):
        approve(world, batch(world, made["last_programme"], world.township_b, [made["b4"]], "600"), pay=True)
    approve(world, batch(world, made["programme"], world.township_b, [made["b4"]], "400"), pay=True)
    return made
