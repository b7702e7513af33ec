"""The one rule at its boundaries: the cap per payout, the yearly total, forbidden forms, membership on the day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.welfare.caps import CapFileError, caps_load, read_files
from gonghui.welfare.entry import payout_enter
from gonghui.welfare.models import CapTable, Festival, Form, Item, WelfareCap, WelfarePayout
from gonghui.welfare.services import PayoutRefused, payout_create
from gonghui.welfare.tests.helpers import member, use_caps

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 1)


def _pay(world: World, worker: object, **fields: object) -> WelfarePayout:
    values = {"union": world.union_c, "worker": worker, "form": Form.GOODS, "paid_on": DAY, **fields}
    return payout_enter(actor=world.carol, **values)


def _refusals() -> list[AuditEvent]:
    with system_scope("the test reads the audit log"):
        return list(AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, action=AuditEvent.Action.CREATE))


def test_the_shipped_tables_hold_exactly_the_figures_of_the_sources() -> None:
    caps_load()
    amounts = {
        (cap.table.code, cap.item, cap.festival, cap.basis): cap.amount
        for cap in WelfareCap.objects.select_related("table")
    }
    assert amounts[("AH-2018", "festival", "", "year")] == Decimal("1500")
    assert amounts[("AH-LATER", "festival", "", "year")] == Decimal("2000")
    assert amounts[("FJ-2018", "festival", "", "year")] == Decimal("1300")
    assert amounts[("GZ", "festival", "spring", "festival_year")] == Decimal("500")
    assert amounts[("GZ", "festival", "", "festival_year")] == Decimal("200")
    assert {amounts[(code, "birthday", "", "event")] for code in ("AH-2018", "AH-LATER", "FJ-2018", "GZ")} == {
        Decimal("300")
    }
    assert amounts[("AH-LATER", "hospital_surgery", "", "event")] == Decimal("2000")
    assert amounts[("FJ-2018", "hospital", "", "event")] == Decimal("500")
    # What a source does not give is "no cap set", never a guess.
    assert amounts[("FJ-2018", "marriage", "", "event")] is None
    assert amounts[("GZ", "retirement", "", "event")] is None
    assert amounts[("AH-2018", "serious_illness", "", "event")] is None
    assert all(table.url.startswith("http") for table in CapTable.objects.all())
    # Loading again changes nothing.
    caps_load()
    assert WelfareCap.objects.count() == len(amounts)


def test_a_broken_file_is_refused_with_its_line(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "cap_tables.csv").write_text(
        "code,province,version,document,number,issued,url,note\nX,某省,1,,,,https://example.org,\n", encoding="utf-8"
    )
    (folder / "caps.csv").write_text(
        "table,item,festival,basis,amount,forbidden_forms\nX,birthday,,event,-5,\nY,wedding,,event,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(CapFileError) as caught:
        read_files(folder)
    assert any("line 2" in problem for problem in caught.value.problems)
    assert any("line 3" in problem and "unknown table" in problem for problem in caught.value.problems)


def test_a_birthday_of_300_passes_a_300_cap_and_301_is_refused_with_both_numbers(world: World) -> None:
    use_caps("AH-2018")
    worker = member(world)
    assert _pay(world, worker, item=Item.BIRTHDAY, amount=Decimal("300")).amount == Decimal("300")
    other = member(world, 1)
    with translation.override("zh-hans"), pytest.raises(PayoutRefused) as caught:
        _pay(world, other, item=Item.BIRTHDAY, amount=Decimal("301"))
    assert caught.value.reasons == ["生日慰问上限300元，本次301元"]
    with translation.override("en"), pytest.raises(PayoutRefused) as caught:
        _pay(world, other, item=Item.BIRTHDAY, amount=Decimal("320"))
    assert "300" in caught.value.reasons[0]
    assert "320" in caught.value.reasons[0]
    # Refused: nothing written but the audit row, which names the reason.
    with system_scope("the test counts"):
        assert WelfarePayout.unscoped.filter(worker=other).count() == 0
    refusals = _refusals()
    assert len(refusals) == 2
    assert "301" in refusals[0].note or "301" in refusals[1].note


def test_festival_gifts_are_refused_at_the_payout_that_crosses_the_years_total(world: World) -> None:
    use_caps("FJ-2018")  # 1,300 a member and year for every festival together
    worker = member(world)
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.SPRING, amount=Decimal("500"))
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.DRAGON_BOAT, amount=Decimal("300"))
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.MID_AUTUMN, amount=Decimal("500"))  # exactly 1,300
    with translation.override("zh-hans"), pytest.raises(PayoutRefused) as caught:
        _pay(world, worker, item=Item.FESTIVAL, festival=Festival.NATIONAL, amount=Decimal("0.01"))
    (reason,) = caught.value.reasons
    assert "1300" in reason
    assert "1300.01" in reason
    assert "年度" in reason
    # Another year starts again from nothing.
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.SPRING, amount=Decimal("500"), paid_on=date(2026, 1, 20))


def test_guizhou_caps_each_festival_in_the_year(world: World) -> None:
    use_caps("GZ")  # 春节 500, any other festival 200, each per member and year
    worker = member(world)
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.SPRING, amount=Decimal("500"))
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.MID_AUTUMN, amount=Decimal("200"))
    with pytest.raises(PayoutRefused, match="200"):
        _pay(world, worker, item=Item.FESTIVAL, festival=Festival.MID_AUTUMN, amount=Decimal("1"))
    with pytest.raises(PayoutRefused, match="500"):
        _pay(world, worker, item=Item.FESTIVAL, festival=Festival.SPRING, amount=Decimal("1"))
    _pay(world, worker, item=Item.FESTIVAL, festival=Festival.NATIONAL, amount=Decimal("200"))


@pytest.mark.parametrize("form", [Form.SHOPPING_CARD, Form.VOUCHER, Form.CASH])
def test_a_festival_gift_in_a_forbidden_form_is_refused(world: World, form: str) -> None:
    use_caps("AH-LATER")
    worker = member(world)
    with translation.override("zh-hans"), pytest.raises(PayoutRefused) as caught:
        _pay(world, worker, item=Item.FESTIVAL, festival=Festival.SPRING, form=form, amount=Decimal("100"))
    assert caught.value.reasons == [f"节日慰问不得发放{Form(form).label}"]
    # The same form is allowed where the table does not forbid it (a hospital stay's 慰问金).
    _pay(world, worker, item=Item.HOSPITAL, form=Form.CASH, amount=Decimal("1000"))


def test_not_a_member_on_the_day_is_refused(world: World) -> None:
    use_caps("AH-2018")
    worker = member(world, joined=date(2025, 6, 2))
    with translation.override("zh-hans"), pytest.raises(PayoutRefused) as caught:
        _pay(world, worker, item=Item.BIRTHDAY, amount=Decimal("100"), paid_on=date(2025, 6, 1))
    assert "2025-06-01" in caught.value.reasons[0]
    assert "会员" in caught.value.reasons[0]
    _pay(world, worker, item=Item.BIRTHDAY, amount=Decimal("100"), paid_on=date(2025, 6, 2))


def test_an_item_without_a_cap_is_checked_for_membership_only(world: World) -> None:
    use_caps("FJ-2018")  # no cap for marriage
    worker = member(world)
    assert _pay(world, worker, item=Item.MARRIAGE, amount=Decimal("5000")).pk


def test_nothing_is_paid_before_the_county_chose_its_caps(world: World) -> None:
    worker = member(world)
    with translation.override("en"), pytest.raises(PayoutRefused, match="county administrator"):
        _pay(world, worker, item=Item.BIRTHDAY, amount=Decimal("100"))


def test_a_union_outside_the_actors_subtree_is_refused(world: World) -> None:
    from django.http import Http404

    use_caps("AH-2018")
    worker = member(world, union=world.union_d)
    with pytest.raises(Http404):
        payout_create(
            actor=world.carol,
            union=world.union_d,
            worker=worker,
            item=Item.BIRTHDAY,
            form=Form.GOODS,
            amount=Decimal("100"),
            paid_on=DAY,
        )


def test_a_festival_gift_names_its_festival(world: World) -> None:
    use_caps("AH-2018")
    worker = member(world)
    with pytest.raises(ValidationError):
        _pay(world, worker, item=Item.FESTIVAL, amount=Decimal("100"))
