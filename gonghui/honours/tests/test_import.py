"""Import of the model-worker roster: every row checked before anything is written, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import translation
from openpyxl import Workbook

from gonghui.core.sheets.engine import write_file
from gonghui.core.sheets.specs import get_spec
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.honours.models import ModelWorker

HEADERS = ["姓名", "劳模级别", "荣誉称号", "获得年份", "在职/退休", "农民劳模", "工作单位", "联系电话"]


def _import(world: World, rows: list[list[Any]], tmp_path: Path) -> Any:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    path = tmp_path / f"roster{len(list(tmp_path.iterdir()))}.xlsx"
    book.save(path)
    spec = get_spec("honours_model_worker_roster")
    with translation.override("zh-hans"):
        return write_file(spec, path, "劳模名册.xlsx", actor=world.bob, root=world.township_a)


def _count() -> int:
    with system_scope("the test counts the register"):
        return ModelWorker.unscoped.count()  # unscoped: the test counts every row


def test_a_good_roster_is_written(world: World, tmp_path: Path) -> None:
    report = _import(
        world,
        [
            ["王建国", "全国", "全国劳动模范", 2005, "退休", "否", "县供电公司", "13800001111"],
            ["李秀英", "县级", "县劳动模范", 2019, "在职", "是", "城关镇农业合作社", ""],
        ],
        tmp_path,
    )
    assert report.ok, report.messages()
    assert report.created == 2
    with system_scope("the test reads the register"):
        farmer = ModelWorker.unscoped.get(name="李秀英")  # unscoped: the test checks the row
        assert (farmer.level, farmer.farmer, farmer.status, farmer.union_id) == (
            "county",
            True,
            "in_post",
            world.township_a.pk,
        )


def test_one_bad_row_writes_nothing(world: World, tmp_path: Path) -> None:
    report = _import(
        world,
        [
            ["王建国", "全国", "全国劳动模范", 2005, "退休", "否", "县供电公司", "13800001111"],
            ["李秀英", "乡级", "县劳动模范", 2099, "在职", "是", "", "123"],
        ],
        tmp_path,
    )
    assert not report.ok
    assert report.error_count >= 3
    assert _count() == 0
    # a row already on the register is refused
    _import(world, [["王建国", "全国", "全国劳动模范", 2005, "退休", "否", "", ""]], tmp_path)
    again = _import(world, [["王建国", "全国", "全国劳动模范", 2005, "退休", "否", "", ""]], tmp_path)
    assert not again.ok
    assert _count() == 1
