"""Import of an existing hazard register through the core sheets pipeline: checked fully, then written with history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from gonghui.core.sheets.engine import validate_file, write_file
from gonghui.core.sheets.specs import get_spec
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.safety import rules
from gonghui.safety.models import Hazard, MajorHazardReport
from gonghui.safety.tests.helpers import employer_c, employer_d

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in get_spec("safety_hazard_register").columns]


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("隐患台账")
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, title in enumerate(HEADERS):
            if row.get(title) is not None:
                sheet.write_string(r, col, str(row[title]), text)
    book.close()
    return path


def hazard_row(employer: str, **cells: Any) -> dict[str, Any]:
    return {
        "单位名称": employer,
        "发现日期": "2025-03-02",
        "隐患类别": "消防安全",
        "隐患等级": "一般隐患",
        "隐患描述": "消防通道堵塞",
        "整改责任人": "王厂长",
        **cells,
    }


def test_a_register_imports_each_hazard_in_the_state_its_dates_say(world: World, tmp_path: Path) -> None:
    name = employer_c(world).name
    path = write_rows(
        tmp_path / "台账.xlsx",
        [
            hazard_row(name, 隐患描述="配电箱未上锁"),
            hazard_row(name, 隐患描述="灭火器过期", 整改通知日期="2025-03-03", **{"整改期限（天）": "10"}),
            hazard_row(
                name,
                隐患描述="叉车未检验",
                隐患等级="重大隐患",
                整改通知日期="2025-03-03",
                **{"整改期限（天）": "7", "整改完成日期": "2025-03-08", "复查日期": "2025-03-10"},
            ),
        ],
    )
    spec = get_spec("safety_hazard_register")
    with translation.override("zh-hans"):
        report = write_file(spec, path, "台账.xlsx", actor=world.carol, root=world.union_c)
    assert report.messages() == []
    assert report.written
    assert report.created == 3
    with system_scope("the test reads what the import wrote"):
        # unscoped: the test's checks
        hazards = {h.description: h for h in Hazard.unscoped.filter(source=Hazard.Source.IMPORT)}
        assert hazards["配电箱未上锁"].state == "found"
        rectifying = hazards["灭火器过期"]
        assert rectifying.state == "rectifying"
        assert rectifying.due_on == rules.rectification_due(rectifying.notice_issued_on, 10)
        deadline = Deadline.unscoped.get(workflow="hazard", object_id=rectifying.pk, closed_at=None)
        assert deadline.due_on == rectifying.due_on
        assert deadline.overdue_since is not None  # it fell due long ago
        closed = hazards["叉车未检验"]
        assert (closed.state, closed.closed_on) == ("closed", closed.rechecked_on)
        transitions = TimelineEntry.unscoped.filter(workflow="hazard", object_id=closed.pk).values_list(
            "transition", flat=True
        )
        assert list(transitions) == ["start", "issue_notice", "report", "recheck_pass"]
        # a closed major hazard is history: not reported up again
        assert not MajorHazardReport.unscoped.filter(hazard=closed).exists()


def test_every_row_is_checked_before_anything_is_written_with_errors_named_in_chinese(
    world: World, tmp_path: Path
) -> None:
    name = employer_c(world).name
    path = write_rows(
        tmp_path / "台账.xlsx",
        [
            hazard_row(name, 隐患描述="一"),
            hazard_row("不存在的公司", 隐患描述="二"),
            hazard_row(employer_d(world).name, 隐患描述="三"),  # township B: not Carol's
            hazard_row(name, 隐患描述="四", 整改完成日期="2025-03-08"),
            hazard_row(name, 隐患描述="五", 整改通知日期="2025-03-01", **{"整改期限（天）": "10"}),
            hazard_row(name, 隐患描述="六", 整改通知日期="2025-03-03", **{"整改期限（天）": "400"}),
            hazard_row(name, 隐患描述="一"),
        ],
    )
    spec = get_spec("safety_hazard_register")
    with translation.override("zh-hans"):
        report = validate_file(spec, path, "台账.xlsx", actor=world.carol, root=world.union_c)
        errors = {(e["row"], e["column"]): e["message"] for e in report.errors}
        written = write_file(spec, path, "台账.xlsx", actor=world.carol, root=world.union_c)
    assert report.valid == 1
    assert "单位" in errors[(3, "单位名称")]
    assert (4, "单位名称") in errors
    assert "整改通知书" in errors[(5, "整改完成日期")] or "通知" in errors[(5, "整改完成日期")]
    assert "发现日期" in errors[(6, "整改通知日期")] or "早于" in errors[(6, "整改通知日期")]
    assert "1至180天" in errors[(7, "整改期限（天）")]
    assert any(row == 8 for row, _column in errors)  # the same hazard twice in the file
    assert not written.written
    with system_scope("the test checks nothing was written"):
        assert not Hazard.unscoped.filter(source=Hazard.Source.IMPORT).exists()  # unscoped: the test's check
