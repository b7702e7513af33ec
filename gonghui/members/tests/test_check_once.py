"""Check once (core/sheets/plans.py) on the member sheet: the confirm step writes the plan the preview
checked while nothing it depends on changed, and checks every row again (saying why) otherwise."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets import plans
from gonghui.core.sheets import services as sheet_services
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.specs import get_spec
from gonghui.core.tree.scoping import system_scope
from gonghui.members import samples, services
from gonghui.members.models import Membership, Worker
from gonghui.members.tests.conftest import EMPLOYER_C
from gonghui.members.tests.factories import make_worker
from gonghui.members.tests.test_sheets import counts, row, write_rows

SPEC = get_spec("members")


@pytest.fixture(autouse=True)
def sheets_dir(settings: Any, tmp_path: Path) -> Path:
    settings.SHEETS_DIR = tmp_path / "sheets"
    return settings.SHEETS_DIR


def checked(actor: Any, path: Path) -> SheetImport:
    """Upload and check, as the check job does; the import as stored."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    sheet_import = sheet_services.sheet_import_create(actor=actor, spec=SPEC, upload=upload)
    sheet_services.sheet_import_check(sheet_import=sheet_import, spec=SPEC, actor=actor)
    return SheetImport.unscoped.select_related("union").get(pk=sheet_import.pk)


def confirmed(actor: Any, sheet_import: SheetImport) -> Any:
    return sheet_services.sheet_import_write(sheet_import=sheet_import, spec=SPEC, actor=actor)


@pytest.fixture
def no_second_check(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the rows validated while the confirm step runs (set ``armed`` first)."""
    calls: list[int] = []
    original = type(SPEC).validate_row

    def counting(self: Any, run: Any, row: Any) -> None:
        if run.writing:
            calls.append(row.number)
        original(self, run, row)

    monkeypatch.setattr(type(SPEC), "validate_row", counting)
    return calls


def sample_file(tmp_path: Path, rows: int = 30) -> Path:
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=rows, employers=[EMPLOYER_C, ""], seed=7)
    return sample.path


def test_nothing_changed_the_checked_plan_is_written_without_a_second_check(setting, tmp_path, no_second_check):
    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path))
    plan = sheet_import.report["plan"]
    assert sheet_import.plan_path.exists()
    assert plan["rows"] == 30
    # What the check read: the workers it looked up, the employers, the unions, the national lists.
    assert {"members_worker", "organisations_employer", "tree_union", "reference_ethnicgroup"} <= set(plan["stamps"])
    assert not any(table.startswith(("jobs_", "sheets_", "audit_")) for table in plan["stamps"])

    report = confirmed(world.carol, sheet_import)

    assert report.written
    assert report.checked_once
    assert not report.rechecked
    assert no_second_check == []  # not one row validated again
    assert report.created == 30
    assert counts()[0] == 30
    assert not sheet_import.plan_path.exists()
    stored = SheetImport.unscoped.get(pk=sheet_import.pk)
    assert stored.status == SheetImport.Status.DONE
    assert stored.report["plan"] == {}
    with system_scope("test"):
        audit = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).latest("pk")
    assert audit.changes["checked_once"] is True
    assert audit.changes["created"] == 30
    # What the plan wrote is what the full pass writes: members, cards, search columns, counts.
    with system_scope("test"):
        workers = Worker.unscoped.filter(union=world.union_c)
        assert workers.exclude(card_number=None).count() == Membership.unscoped.filter(union=world.union_c).count()
        assert not workers.filter(pinyin="").exists()


def test_a_conflict_made_after_the_preview_is_caught_by_the_second_check(setting, tmp_path, no_second_check):
    world = setting
    number = "110101199003071233"
    path = write_rows(tmp_path / "one.xlsx", [row("张三", number, 会籍变化类型="入会", 会籍变化日期="2024-03-01")])
    sheet_import = checked(world.carol, path)
    assert sheet_import.report["plan"], sheet_import.report
    # Meanwhile township B's union records the same person as its member.
    worker = make_worker(world.dan, world.union_d, name="张三", id_number=number)
    services.membership_join(actor=world.dan, worker=worker, union=world.union_d, on=date(2023, 5, 1))

    report = confirmed(world.carol, sheet_import)

    assert not report.written
    assert not report.checked_once
    assert no_second_check  # the rows were checked again
    assert str(Worker._meta.verbose_name_plural) in report.rechecked  # names what changed
    assert report.notices[0] == f"每一行都重新检查了：{report.rechecked}。"
    assert [(e["row"], e["column"]) for e in report.errors] == [(2, "证件号码")]
    with system_scope("test"):
        assert Worker.unscoped.filter(union=world.union_c).count() == 0
    assert not sheet_import.plan_path.exists()
    assert SheetImport.unscoped.get(pk=sheet_import.pk).status == SheetImport.Status.CHECKED


def test_a_change_to_a_table_the_check_never_read_keeps_the_plan(setting, tmp_path, no_second_check):
    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path, rows=5))
    read = set(sheet_import.report["plan"]["stamps"])
    from gonghui.core.figures.stamps import stamped_tables

    untouched = sorted(set(stamped_tables()) - read - {"django_content_type"})
    assert untouched
    with connection.cursor() as cursor:  # a change elsewhere: any stamped table the check did not read
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(untouched[0])} WHERE 1 = 0")  # noqa: S608
        cursor.execute("UPDATE figures_tablestamp SET stamp = stamp + 1 WHERE table_name = %s", [untouched[0]])

    report = confirmed(world.carol, sheet_import)

    assert report.written
    assert report.checked_once
    assert no_second_check == []


@pytest.mark.parametrize("change", ["file", "plan", "day", "missing plan"])
def test_anything_else_the_plan_depends_on_changed_means_a_second_check(
    setting, tmp_path, no_second_check, change, monkeypatch
):
    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path, rows=8))
    assert sheet_import.report["plan"]
    if change == "file":
        other = samples.write_member_sheet(tmp_path / "other.xlsx", rows=8, employers=[EMPLOYER_C], seed=8)
        sheet_import.stored_path.write_bytes(other.path.read_bytes())
    elif change == "plan":
        data = bytearray(sheet_import.plan_path.read_bytes())
        data[-3] ^= 1
        sheet_import.plan_path.write_bytes(bytes(data))
    elif change == "day":
        tomorrow = timezone.localdate() + timedelta(days=1)
        monkeypatch.setattr(plans.timezone, "localdate", lambda: tomorrow)
    else:
        sheet_import.plan_path.unlink()

    report = confirmed(world.carol, sheet_import)

    assert not report.checked_once
    assert report.rechecked
    assert no_second_check  # every row was checked again
    assert report.written
    assert report.created == 8


def test_a_plan_checked_by_another_account_or_union_is_not_written(setting, tmp_path):
    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path, rows=2))
    plan = sheet_import.report["plan"]
    kwargs = {"spec": SPEC, "path": sheet_import.stored_path, "plan_path": sheet_import.plan_path}
    assert plans.unusable(plan, actor=world.carol, root=world.union_c, **kwargs) == ""
    moved = type(world.carol).unscoped.get(pk=world.carol.pk)
    moved.union_id = world.union_d.pk
    assert plans.unusable(plan, actor=moved, root=world.union_c, **kwargs) == "您的账号或所在工会在检查后发生了变化"
    assert plans.unusable(plan, actor=world.dan, root=world.union_c, **kwargs)
    assert plans.unusable(plan, actor=world.carol, root=world.union_d, **kwargs)
    assert plans.unusable({**plan, "code": "0:old"}, actor=world.carol, root=world.union_c, **kwargs)


def test_a_file_with_errors_keeps_no_plan(setting, tmp_path):
    world = setting
    path = write_rows(
        tmp_path / "bad.xlsx", [row("张三", "110101199003071233"), row("李四", "110101199003071234")]
    )  # the second number's check digit is wrong
    sheet_import = checked(world.carol, path)
    assert sheet_import.report["error_count"] >= 1
    assert sheet_import.report["plan"] == {}
    assert not sheet_import.plan_path.exists()
    assert not list(sheet_import.plan_path.parent.glob("*.part"))


def test_discarding_an_import_removes_its_plan(setting, tmp_path):
    sheet_import = checked(setting.carol, sample_file(tmp_path, rows=3))
    assert sheet_import.plan_path.exists()
    sheet_services.sheet_import_discard(sheet_import=sheet_import)
    assert not sheet_import.plan_path.exists()
    assert not sheet_import.stored_path.exists()


def failing_at_batch(monkeypatch: pytest.MonkeyPatch, failing: int) -> list[int]:
    """The import's batch number ``failing`` raises a database error; the sizes of the batches tried."""
    from django.db import DatabaseError

    from gonghui.members import importing

    original = importing.write_plans
    batches: list[int] = []

    def write_plans(run: Any, plans_: list[Any]) -> tuple[int, int]:
        batches.append(len(plans_))
        if len(batches) == failing:
            raise DatabaseError("disk full")
        return original(run, plans_)

    monkeypatch.setattr(importing, "write_plans", write_plans)
    return batches


def test_a_write_that_fails_inside_the_plan_leaves_nothing(setting, tmp_path, monkeypatch):
    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path, rows=2500))
    batches = failing_at_batch(monkeypatch, 2)
    report = confirmed(world.carol, sheet_import)
    assert not report.written
    assert batches == [1000, 1000]
    assert counts() == (0, 0, 0)


def test_the_plan_keeps_the_dates_the_check_compared(setting, tmp_path):
    """A row's dates are checked against today: the plan records the day it was checked."""
    sheet_import = checked(setting.carol, sample_file(tmp_path, rows=2))
    assert date.fromisoformat(sheet_import.report["plan"]["today"]) == timezone.localdate()


@pytest.fixture
def helper_batches(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A helper process for every import (``GONGHUI_BULK_HELPER_ROWS``); the rows of each batch it prepares."""
    from gonghui.core.demo import bulk

    settings.GONGHUI_BULK_HELPER_ROWS = 1
    handed: list[int] = []
    original = bulk.Helper.prepare

    def counting(self: Any, using: str, now: Any, groups: list[Any]) -> Any:
        handed.append(sum(len(rows) for _label, _with_id, rows in groups))
        return original(self, using, now, groups)

    monkeypatch.setattr(bulk.Helper, "prepare", counting)
    return handed


def test_with_a_helper_process_the_confirm_writes_what_it_writes_alone(setting, tmp_path, helper_batches):
    import multiprocessing

    from gonghui.core.demo.bulk import blind_index_of
    from gonghui.members.services import worker_search_fields

    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path, rows=2500))
    report = confirmed(world.carol, sheet_import)
    assert report.written
    assert report.checked_once
    assert report.created == 2500
    assert len(helper_batches) == 3  # three batches of up to 1,000 rows, each prepared by the helper
    assert not multiprocessing.active_children()  # stopped when the write ended
    workers, memberships, events = counts()
    assert workers == 2500
    assert memberships == events > 2000
    with system_scope("test"):
        for worker in Worker.unscoped.filter(union=world.union_c).order_by("?")[:50]:
            assert worker.id_number_hash == blind_index_of(Worker, "id_number", worker.id_number)
            expected = worker_search_fields(worker.name, worker.phone)
            assert {key: getattr(worker, key) for key in expected} == expected
        assert not Membership.unscoped.filter(union=world.union_c, last_seen_on=None).exists()


def test_with_a_helper_process_a_failed_write_leaves_nothing_and_stops_it(
    setting, tmp_path, helper_batches, monkeypatch
):
    import multiprocessing

    world = setting
    sheet_import = checked(world.carol, sample_file(tmp_path, rows=2500))
    failing_at_batch(monkeypatch, 3)
    report = confirmed(world.carol, sheet_import)
    assert not report.written
    assert len(helper_batches) == 2  # the third batch never reached the helper
    assert not multiprocessing.active_children()
    assert counts() == (0, 0, 0)


def test_with_a_helper_process_the_write_pass_of_the_command_line_writes_every_row(setting, tmp_path, helper_batches):
    from gonghui.members.sheets import import_member_sheet

    report = import_member_sheet(sample_file(tmp_path, rows=1500), union=setting.union_c, actor=setting.carol)
    assert report.written
    assert report.created == 1500
    assert len(helper_batches) == 2
    assert counts()[0] == 1500
