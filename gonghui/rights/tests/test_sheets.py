"""The dispute register: imported through the core pipeline (every row checked first), exported in the same columns."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gonghui.core.sheets import services
from gonghui.core.sheets.specs import get_spec
from gonghui.core.sheets.tests.helpers import write_xlsx
from gonghui.core.testing.exports import workbook_rows
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import TimelineEntry
from gonghui.rights.models import Dispute
from gonghui.rights.sheets import DisputeSheet
from gonghui.rights.tests.factories import make_committee, make_employer

HEADERS = [c.header for c in DisputeSheet.columns]


@pytest.fixture(autouse=True)
def _sheets_dir(settings: Any, tmp_path: Path) -> None:
    settings.SHEETS_DIR = tmp_path / "sheets"


def row(**values: Any) -> list[Any]:
    return [values.get(c.field) for c in DisputeSheet.columns]


def run(user: Any, path: Path, *, write: bool = True) -> Any:
    return services.sheet_import_run(
        actor=user, spec=get_spec("rights_disputes"), path=path, filename=path.name, root=user.union, write=write
    )


def test_a_register_is_imported_in_every_state_with_its_history(world: World, tmp_path: Path) -> None:
    committee = make_committee(world)
    employer = make_employer(world.union_c, name=f"登记台账厂{MARKER}")
    common = {
        "employer": employer.name,
        "committee": committee.name,
        "summary": "拖欠工资",
        "claim": "劳动报酬",
        "amount_claimed": 8000,
    }
    path = write_xlsx(
        tmp_path / "register.xlsx",
        [
            row(number="调2025-001", applied_on="2025-09-30", applicants="张三", state="调解中", **common),
            row(
                number="调2025-002",
                applied_on="2025-03-03",
                applicants="李四、王五",
                state="转交仲裁",
                ended_on="2025-03-18",
                arbitration_on="2025-03-25",
                knew_on="2025-02-01",
                **common,
            ),
            row(
                applied_on="2025-05-06",
                applicants="赵六",
                workers=26,
                representatives="赵六、钱七",
                state="协议已履行",
                ended_on="2025-05-12",
                amount_agreed=8000,
                perform_by="2025-05-31",
                amount_recovered=8000,
                **common,
            ),
        ],
        HEADERS,
    )
    report = run(world.carol, path)
    assert report.error_count == 0, report.errors
    with system_scope("the test reads what the import wrote"):
        cases = {d.applied_on: d for d in Dispute.unscoped.filter(employer=employer)}  # unscoped: the test reads
        assert {d.state for d in cases.values()} == {"mediating", "arbitration", "fulfilled"}
        handed = cases[date(2025, 3, 3)]
        assert handed.number == "调2025-002"
        assert handed.mediation_due == date(2025, 3, 18)
        assert handed.applicants.count() == 2
        collective = cases[date(2025, 5, 6)]
        assert collective.kind == "collective"
        assert collective.number.startswith("TJ2025")
        entries = TimelineEntry.unscoped.filter(object_id=handed.pk, workflow="dispute")  # unscoped: the test reads
        assert list(entries.values_list("transition", flat=True)) == ["start", "accept", "fail", "hand_over"]


def test_bad_rows_are_named_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    theirs = make_committee(world, township_b=True)
    employer = make_employer(world.union_c, name=f"坏数据厂{MARKER}")
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            row(
                applied_on="2025-09-30",
                applicants="张三",
                employer=employer.name,
                committee=theirs.name,
                summary="x",
                state="调解中",
            ),
            row(
                applied_on="2025-09-30",
                applicants="张三",
                employer="不存在的厂",
                committee=theirs.name,
                summary="x",
                state="转交仲裁",
                workers=12,
            ),
        ],
        HEADERS,
    )
    report = run(world.carol, path)
    columns = {(e["row"], e["column"]) for e in report.errors}
    assert (2, "调解委员会") in columns  # another township's committee is not one Carol can see
    assert (3, "被申请单位") in columns
    assert (3, "调解结束日期") in columns
    assert (3, "推举代表") in columns
    with system_scope("the test checks nothing was written"):
        assert not Dispute.unscoped.filter(employer=employer).exists()  # unscoped: the test reads the table


def test_the_export_has_the_register_columns(world: World, client_for: Any) -> None:
    from gonghui.rights.tests.figure_data import build

    build(world)
    rows = workbook_rows(client_for(world.bob).get("/sheets/rights_disputes/export/"))
    assert list(rows[0]) == HEADERS
    assert len(rows) > 1
