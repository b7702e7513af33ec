"""Festival batches: made from the member list, every line through the one rule, maker ≠ checker, approval writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.welfare import services
from gonghui.welfare.entry import payout_enter
from gonghui.welfare.models import Festival, Form, Item, WelfareBatch, WelfareBatchLine, WelfarePayout
from gonghui.welfare.tests.helpers import member, use_caps
from gonghui.welfare.workflows import BatchState

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 10)


def _batch(world: World, amount: str = "300", form: str = Form.GOODS) -> WelfareBatch:
    return services.batch_create(
        actor=world.carol,
        union=world.union_c,
        title="2025年中秋慰问",
        festival=Festival.MID_AUTUMN,
        form=form,
        paid_on=DAY,
        amount=Decimal(amount),
    )


def _second_officer(world: World) -> object:
    with system_scope("the test adds a second officer"):
        return _user(world)


def _user(world: World) -> object:
    return user_create(
        actor=None,
        username="carol_checker",
        full_name="卡罗尔同事",
        union=world.union_c,
        role=Role.GRASSROOTS_OFFICER,
        password=PASSWORD,
        phone="13812345679",
        must_change_password=False,
    )


def _lines(batch: WelfareBatch) -> list[WelfareBatchLine]:
    with system_scope("the test reads the lines"):
        return list(WelfareBatchLine.unscoped.filter(batch=batch).order_by("id"))


def _payouts() -> int:
    with system_scope("the test counts"):
        return WelfarePayout.unscoped.count()


def test_a_batch_holds_every_member_of_the_union_on_the_day(world: World) -> None:
    use_caps("AH-2018")
    first, second = member(world, 0), member(world, 1)
    member(world, 2, joined=date(2025, 10, 1))  # joins after the day: not in the batch
    member(world, 3, union=world.union_d)  # another union
    batch = _batch(world)
    assert {line.worker_id for line in _lines(batch)} == {first.pk, second.pk}
    assert all(not line.refusal for line in _lines(batch))


def test_lines_over_the_years_total_are_listed_and_the_batch_cannot_be_submitted(world: World) -> None:
    use_caps("FJ-2018")  # 1,300 a member and year
    rich, plain = member(world, 0), member(world, 1)
    payout_enter(
        actor=world.carol,
        union=world.union_c,
        worker=rich,
        item=Item.FESTIVAL,
        festival=Festival.SPRING,
        form=Form.GOODS,
        amount=Decimal("1100"),
        paid_on=date(2025, 1, 20),
    )
    with translation.override("zh-hans"):
        batch = _batch(world, "300")
    lines = {line.worker_id: line for line in _lines(batch)}
    assert "1300" in lines[rich.pk].refusal
    assert "1400" in lines[rich.pk].refusal
    assert not lines[plain.pk].refusal
    with pytest.raises(ValidationError, match="1"):
        transition_perform(actor=world.carol, obj=batch, name="submit")
    batch.refresh_from_db()
    assert batch.state == BatchState.DRAFT
    # Lowered to what is left under the cap, the line passes and the batch goes.
    services.batch_line_update(actor=world.carol, line=lines[rich.pk], amount=Decimal("200"))
    transition_perform(actor=world.carol, obj=batch, name="submit")
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED


def test_a_shopping_card_batch_refuses_every_line(world: World) -> None:
    use_caps("AH-LATER")
    member(world, 0)
    batch = _batch(world, "100", form=Form.SHOPPING_CARD)
    assert all("card" in line.refusal or "购物卡" in line.refusal for line in _lines(batch))


def test_the_maker_cannot_approve_and_a_second_person_writes_the_payouts(world: World) -> None:
    use_caps("AH-2018")
    member(world, 0), member(world, 1)
    batch = _batch(world)
    transition_perform(actor=world.carol, obj=batch, name="submit")
    with pytest.raises(ValidationError, match=r"second person|另一人"):
        transition_perform(actor=world.carol, obj=batch, name="approve")
    assert _payouts() == 0
    checker = _second_officer(world)
    transition_perform(actor=checker, obj=batch, name="approve")
    batch.refresh_from_db()
    assert batch.state == BatchState.APPROVED
    assert batch.approved_by == checker
    with system_scope("the test reads"):
        written = list(WelfarePayout.unscoped.filter(batch=batch))
    assert len(written) == 2
    assert {p.amount for p in written} == {Decimal("300")}
    assert {p.festival for p in written} == {Festival.MID_AUTUMN}


def test_approval_checks_again_and_refuses_a_line_a_later_payout_pushed_over(world: World) -> None:
    use_caps("FJ-2018")
    worker = member(world, 0)
    batch = _batch(world, "300")
    transition_perform(actor=world.carol, obj=batch, name="submit")
    payout_enter(
        actor=world.carol,
        union=world.union_c,
        worker=worker,
        item=Item.FESTIVAL,
        festival=Festival.SPRING,
        form=Form.GOODS,
        amount=Decimal("1100"),
        paid_on=date(2025, 1, 20),
    )
    with pytest.raises(ValidationError):
        transition_perform(actor=_second_officer(world), obj=batch, name="approve")
    assert _payouts() == 1


def test_only_a_draft_is_changed(world: World) -> None:
    use_caps("AH-2018")
    member(world, 0)
    batch = _batch(world)
    transition_perform(actor=world.carol, obj=batch, name="submit")
    with pytest.raises(ValidationError):
        services.batch_line_remove(actor=world.carol, line=_lines(batch)[0])
