"""The pages, the import of a payout register (all or nothing) and the API, with their scoping."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets.engine import validate_file, write_file
from gonghui.core.sheets.specs import get_spec
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.welfare.models import CapTable, WelfarePayout, WelfareSetting
from gonghui.welfare.tests.helpers import member, use_caps

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in get_spec("welfare_payout_register").columns]


def _count() -> int:
    with system_scope("the test counts"):
        return WelfarePayout.unscoped.count()


def _post_payout(client: Any, world: World, worker: Any, **fields: Any) -> Any:
    data = {
        "union": world.union_c.pk,
        "member": worker.name,
        "item": "birthday",
        "festival": "",
        "form": "goods",
        "amount": "300",
        "paid_on": "2025-06-01",
        **fields,
    }
    return client.post(reverse("welfare:payout_create"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_the_page_refuses_an_over_cap_birthday_with_both_numbers_and_records_the_attempt(
    world: World, client_for: Any
) -> None:
    use_caps("AH-2018")
    worker = member(world)
    client = client_for(world.carol)
    response = _post_payout(client, world, worker, amount="320")
    assert response.status_code == 200
    assert "生日慰问上限300元，本次320元" in response.content.decode()
    assert _count() == 0
    with system_scope("the test reads the log"):
        denied = AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED, actor=world.carol).get()
    assert "320" in denied.note
    response = _post_payout(client, world, worker, amount="300")
    assert response.status_code == 302
    assert _count() == 1


def test_lists_caps_spending_and_details_answer_in_scope_only(world: World, client_for: Any) -> None:
    use_caps("AH-2018")
    worker = member(world)
    client = client_for(world.carol)
    _post_payout(client, world, worker, amount="200", paid_on=date.today().isoformat())
    with system_scope("the test reads"):
        payout = WelfarePayout.unscoped.get()
    for name in ("welfare:payout_list", "welfare:batch_list", "welfare:caps", "welfare:spending"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("welfare:caps"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未设上限" in page  # an item a table sets no cap for
    assert "feifmx.com" in page  # the source of each table
    spending = client.get(reverse("welfare:spending")).content.decode()
    assert f"union={world.union_c.pk}" in spending
    assert client.get(reverse("welfare:payout_detail", args=[payout.pk])).status_code == 200
    assert client_for(world.dan).get(reverse("welfare:payout_detail", args=[payout.pk])).status_code == 404
    assert client_for(world.bea).get(reverse("welfare:payout_list")).content.decode().count(worker.name) == 0


def test_only_the_county_administrator_chooses_the_caps(world: World, client_for: Any) -> None:
    use_caps("AH-2018")
    fujian = CapTable.objects.get(code="FJ-2018")
    response = client_for(world.carol).post(reverse("welfare:caps"), {"table": fujian.pk})
    assert WelfareSetting.objects.get().table.code == "AH-2018"
    assert response.status_code == 200
    response = client_for(world.alice).post(reverse("welfare:caps"), {"table": fujian.pk})
    assert response.status_code == 302
    assert WelfareSetting.objects.get().table.code == "FJ-2018"


def _sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("发放台账")
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, title in enumerate(HEADERS):
            if row.get(title) is not None:
                sheet.write_string(r, col, row[title])
    book.close()
    return path


def _row(world: World, name: str, **cells: str) -> dict[str, str]:
    return {
        "发放工会": world.union_c.name,
        "会员姓名": name,
        "慰问项目": "节日慰问",
        "节日": "春节",
        "发放形式": "实物",
        "金额（元）": "500",
        "发放日期": "2025-01-20",
        **cells,
    }


def test_an_import_with_one_row_over_the_years_total_refuses_the_whole_file(world: World, tmp_path: Path) -> None:
    use_caps("FJ-2018")  # 1,300 a member and year
    a, b = member(world, 0), member(world, 1)
    rows = [
        _row(world, a.name),
        _row(world, b.name),
        _row(world, a.name, 节日="端午", 发放日期="2025-05-30", **{"金额（元）": "500"}),
        _row(world, a.name, 节日="中秋", 发放日期="2025-09-10", **{"金额（元）": "400"}),  # 1,400: row 5
    ]
    path = _sheet(tmp_path / "台账.xlsx", rows)
    spec = get_spec("welfare_payout_register")
    with translation.override("zh-hans"):
        report = validate_file(spec, path, "台账.xlsx", actor=world.carol, root=world.carol.union)
    assert not report.ok
    errors = report.row_errors()
    assert len(errors) == 1
    assert "5" in errors[0]
    assert "1300" in errors[0]
    assert "1400" in errors[0]
    with translation.override("zh-hans"):
        report = write_file(spec, path, "台账.xlsx", actor=world.carol, root=world.carol.union)
    assert _count() == 0
    rows[3]["金额（元）"] = "300"  # exactly 1,300
    path = _sheet(tmp_path / "台账2.xlsx", rows)
    report = write_file(spec, path, "台账2.xlsx", actor=world.carol, root=world.carol.union)
    assert report.ok, report.row_errors()
    assert _count() == 4


def test_an_import_refuses_a_shopping_card_and_a_non_member(world: World, tmp_path: Path) -> None:
    use_caps("AH-2018")
    a = member(world, 0)
    late = member(world, 1, joined=date(2025, 3, 1))
    path = _sheet(tmp_path / "t.xlsx", [_row(world, a.name, 发放形式="购物卡"), _row(world, late.name)])
    spec = get_spec("welfare_payout_register")
    report = validate_file(spec, path, "t.xlsx", actor=world.carol, root=world.carol.union)
    assert len(report.row_errors()) == 2


def test_the_api_lists_in_scope_and_refuses_over_the_cap(world: World, client_for: Any) -> None:
    use_caps("AH-2018")
    worker = member(world)
    client = client_for(world.carol)
    url = "/api/v1/welfare/payouts/"
    body = {
        "union": world.union_c.pk,
        "member": worker.name,
        "item": "birthday",
        "form": "goods",
        "amount": "301",
        "paid_on": "2025-06-01",
    }
    refused = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 400
    assert "301" in refused.content.decode()
    created = client.post(url, {**body, "amount": "300"}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert client.get(url).json()["count"] == 1
    assert client_for(world.dan).get(url).json()["count"] == 0
    assert client_for(world.dan).get(f"{url}{created.json()['id']}/").status_code == 404
