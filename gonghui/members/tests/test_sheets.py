"""The member sheet import (会员信息采集表): clean imports, re-imports, conflicts, damage, scope, export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets import services as sheet_services
from gonghui.core.sheets.specs import ExportParams, get_spec
from gonghui.core.sheets.tests.helpers import dropdown, dropdown_values
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members import samples, services
from gonghui.members.models import Membership, MembershipEvent, Worker
from gonghui.members.tests.conftest import EMPLOYER_C, EMPLOYER_D
from gonghui.members.tests.factories import make_worker
from gonghui.organisations.models import Employer, UnionProfile

Status = Membership.Status
Kind = MembershipEvent.Kind
HEADERS = samples.HEADERS


def run(actor: Any, path: Path, *, root: Any = None, write: bool = True) -> Any:
    spec = get_spec("members")
    root = root or actor.union
    return sheet_services.sheet_import_run(
        actor=actor, spec=spec, path=path, filename=path.name, root=root, write=write
    )


def counts() -> tuple[int, int, int]:
    with system_scope("test"):
        return Worker.unscoped.count(), Membership.unscoped.count(), MembershipEvent.unscoped.count()


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    """A sheet with the provincial headers and the given cells (by header)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("会员信息")
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(HEADERS):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, title in enumerate(HEADERS):
            value = row.get(title)
            if value is None:
                continue
            if isinstance(value, (int, float)):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value), text)
    book.close()
    return path


def row(name: str, number: str, **cells: Any) -> dict[str, Any]:
    return {"姓名": name, "证件号码": number, "工作单位": EMPLOYER_C, **cells}


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def errors_of(report: Any) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in report.errors]


def test_a_clean_sheet_imports_workers_memberships_events_and_counts(setting, tmp_path):
    world = setting
    sample = samples.write_member_sheet(
        tmp_path / "m.xlsx", rows=60, employers=[EMPLOYER_C, ""], seed=1, members_share=1.0, transfer_in_share=0.2
    )
    with system_scope("test"):
        audits = AuditEvent.objects.count()
    report = run(world.carol, sample.path)
    assert report.messages() == []
    assert report.written
    assert report.created == 60
    with system_scope("test"):
        workers = Worker.unscoped.filter(union=world.union_c)
        assert workers.count() == 60
        assert set(workers.values_list("member_status", flat=True)) == {Worker.MemberStatus.ACTIVE}
        assert Membership.unscoped.filter(union=world.union_c, status=Status.ACTIVE).count() == 60
        kinds = set(MembershipEvent.unscoped.filter(union=world.union_c).values_list("kind", flat=True))
        assert kinds <= {Kind.JOIN, Kind.TRANSFER_IN}
        assert Kind.JOIN in kinds
        assert UnionProfile.unscoped.get(union=world.union_c).member_count == 60
        first = Worker.unscoped.get(id_number_hash=services_blind(sample.id_numbers[0]))
        assert first.name == sample.names[0]
        assert first.card_number
        assert first.card_number.endswith(f"{first.pk:010d}")
        assert first.pinyin
        assert first.pinyin_initials
        assert first.phone_last4
        assert first.employer.name == EMPLOYER_C
        # one audit row for the whole import, not one per row
        assert AuditEvent.objects.count() - audits == 1
        assert AuditEvent.objects.latest("pk").action == AuditEvent.Action.IMPORT
    # found by pinyin initials through the registry's search
    from gonghui.members.selectors import workers_for_user

    assert workers_for_user(world.carol, q=first.pinyin_initials).filter(pk=first.pk).exists()


def services_blind(number: str) -> str:
    from gonghui.core.privacy.crypto import blind_index

    return blind_index("id_number", number) or ""


def test_reimporting_the_same_sheet_changes_nothing(setting, tmp_path):
    world = setting
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=40, employers=[EMPLOYER_C], seed=2)
    assert run(world.carol, sample.path).written
    before = counts()
    with system_scope("test"):
        stamps = list(Worker.unscoped.order_by("pk").values_list("updated_at", flat=True))
    again = run(world.carol, sample.path)
    assert again.written
    assert again.messages() == []
    assert (again.to_create, again.to_update, again.created, again.updated) == (0, 0, 0, 0)
    assert counts() == before
    with system_scope("test"):
        assert list(Worker.unscoped.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_the_same_id_twice_with_different_names_makes_both_rows_errors(setting, tmp_path):
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    path = write_rows(
        tmp_path / "d.xlsx",
        [
            row("张三", number),
            row("李四", number),
            row("王五", samples.id_number(timezone.localdate().replace(year=1991, month=1, day=1), 13)),
        ],
    )
    report = run(world.carol, path, write=False)
    rows = {r for r, _c, _m in errors_of(report)}
    assert rows == {2, 3}
    assert any("第 2 行" in m for r, _c, m in errors_of(report) if r == 3)  # names the first row


def test_the_same_id_twice_with_the_same_name_makes_the_later_row_an_error(setting, tmp_path):
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    path = write_rows(tmp_path / "d.xlsx", [row("张三", number), row("张三", number)])
    report = run(world.carol, path, write=False)
    assert [(r, c) for r, c, _m in errors_of(report)] == [(3, "")]
    assert "2" in report.errors[0]["message"]


def test_a_member_of_a_union_outside_scope_is_an_error_without_its_name(setting, tmp_path):
    world = setting
    worker = make_worker(world.dan, world.union_d, "赵六")
    services.membership_join(actor=world.dan, worker=worker, union=world.union_d, on=timezone.localdate())
    path = write_rows(
        tmp_path / "o.xlsx", [row("赵六", worker.id_number, 会籍变化类型="入会", 会籍变化日期=days_ago(1))]
    )
    before = counts()
    report = run(world.carol, path)
    assert not report.written
    [(number, column, message)] = errors_of(report)
    assert (number, column) == (2, "证件号码")
    assert "another union" in message or "其他工会" in message
    assert "丁公司" not in message
    assert counts() == before


def test_a_member_in_scope_joins_by_transfer_only(setting, tmp_path):
    world = setting
    worker = make_worker(world.bob, world.joint_a, "钱七")
    services.membership_join(
        actor=world.bob, worker=worker, union=world.joint_a, on=timezone.localdate() - timedelta(days=30)
    )
    joining = write_rows(
        tmp_path / "j.xlsx", [row("钱七", worker.id_number, 会籍变化类型="入会", 会籍变化日期=days_ago(1))]
    )
    report = run(world.bob, joining, write=False)
    [(_n, column, message)] = errors_of(report)
    assert column == "会籍变化类型"
    assert world.joint_a.name in message
    moving = write_rows(
        tmp_path / "t.xlsx", [row("钱七", worker.id_number, 会籍变化类型="转入", 会籍变化日期=days_ago(1))]
    )
    report = run(world.bob, moving)
    assert report.written, report.messages()
    with system_scope("test"):
        worker.refresh_from_db()
        assert worker.union_id == world.union_c.pk
        old = Membership.unscoped.get(worker=worker, union=world.joint_a)
        new = Membership.unscoped.get(worker=worker, union=world.union_c)
        assert old.status == Status.TRANSFERRED_OUT
        assert new.status == Status.ACTIVE
        assert new.transferred_from_id == old.pk
        assert (
            MembershipEvent.unscoped.get(membership=old, kind=Kind.TRANSFER_OUT).counterpart_union_id
            == world.union_c.pk
        )
        assert (
            MembershipEvent.unscoped.get(membership=new, kind=Kind.TRANSFER_IN).counterpart_union_id == world.joint_a.pk
        )
        assert UnionProfile.unscoped.get(union=world.union_c).member_count == 1
        assert UnionProfile.unscoped.get(union=world.joint_a).member_count == 0


def test_status_changes_follow_the_services_rules(setting, tmp_path):
    world = setting
    a = make_worker(world.carol, world.union_c, "孙一")
    b = make_worker(world.carol, world.union_c, "孙二")
    for worker in (a, b):
        services.membership_join(
            actor=world.carol, worker=worker, union=world.union_c, on=timezone.localdate() - timedelta(days=60)
        )
    bad = write_rows(
        tmp_path / "bad.xlsx",
        [
            row("孙一", a.id_number, 会籍变化类型="保留", 会籍变化日期=days_ago(1), 会籍变化原因="个人要求退会"),
            row("孙二", b.id_number, 会籍变化类型="退会", 会籍变化日期=days_ago(90), 会籍变化原因="个人要求退会"),
        ],
    )
    report = run(world.carol, bad, write=False)
    assert {(r, c) for r, c, _m in errors_of(report)} == {(2, "会籍变化原因"), (3, "会籍变化日期")}
    good = write_rows(
        tmp_path / "good.xlsx",
        [
            row("孙一", a.id_number, 会籍变化类型="保留", 会籍变化日期=days_ago(1), 会籍变化原因="失业"),
            row("孙二", b.id_number, 会籍变化类型="退会", 会籍变化日期=days_ago(1), 会籍变化原因="个人要求退会"),
        ],
    )
    report = run(world.carol, good)
    assert report.written, report.messages()
    with system_scope("test"):
        a.refresh_from_db()
        b.refresh_from_db()
        assert (a.member_status, b.member_status) == (Worker.MemberStatus.KEPT, Worker.MemberStatus.FORMER)
        left = Membership.unscoped.get(worker=b)
        assert left.status == Status.LEFT
        assert left.end_reason == "personal"
        assert UnionProfile.unscoped.get(union=world.union_c).member_count == 1
    again = run(world.carol, good)
    assert again.written
    assert (again.to_create, again.to_update) == (0, 0)


def test_sex_and_birth_date_must_agree_with_the_id_number(setting, tmp_path):
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)  # odd: male
    path = write_rows(tmp_path / "s.xlsx", [row("张三", number, 性别="女", 出生日期="1990-05-06")])
    report = run(world.carol, path, write=False)
    found = {c: m for _r, c, m in errors_of(report)}
    assert set(found) == {"性别", "出生日期"}
    assert "证件号码" in found["性别"]
    assert "证件号码" in found["出生日期"]


def test_every_kind_of_damage_is_named_with_row_and_column(setting, tmp_path):
    world = setting
    sample = samples.write_member_sheet(tmp_path / "bad.xlsx", rows=80, employers=[EMPLOYER_C], seed=3, damage=True)
    before = counts()
    report = run(world.carol, sample.path)
    assert not report.written
    assert counts() == before  # nothing half-written
    found = {(r, c) for r, c, _m in errors_of(report)}
    expected_column = {
        "id_as_number": "证件号码",
        "check_digit": "证件号码",
        "sex_mismatch": "性别",
        "unknown_ethnic_group": "民族",
        "employer_out_of_scope": "工作单位",
        "future_date": "会籍变化日期",
    }
    for kind, column in expected_column.items():
        for number in sample.damaged[kind]:
            assert (number, column) in found, (kind, number, column, sorted(found))
    first, second = sample.damaged["duplicate_id"]
    assert {r for r, _c in found} >= {first, second}
    assert {r for r, _c in found} <= {n for rows in sample.damaged.values() for n in rows}


def test_an_employer_outside_scope_is_a_row_error(setting, tmp_path):
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    path = write_rows(tmp_path / "e.xlsx", [{**row("张三", number), "工作单位": EMPLOYER_D}])
    report = run(world.carol, path, write=False)
    assert [(r, c) for r, c, _m in errors_of(report)] == [(2, "工作单位")]


def test_an_empty_employer_means_the_unions_own(setting, tmp_path):
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    path = write_rows(tmp_path / "e.xlsx", [{**row("张三", number), "工作单位": None}])
    assert run(world.carol, path).written
    report = run(world.bob, path, write=False)  # the township has no own employer
    assert [(r, c) for r, c, _m in errors_of(report)] == [(2, "工作单位")]


def test_a_sheet_without_rows_is_refused(setting, tmp_path):
    world = setting
    path = write_rows(tmp_path / "empty.xlsx", [])
    before = counts()
    report = run(world.carol, path)
    assert not report.written
    assert report.refused or report.file_errors
    assert counts() == before


def test_an_officer_of_another_township_cannot_import_here_nor_see_the_workers(setting, tmp_path):
    from django.core.exceptions import PermissionDenied

    from gonghui.members.selectors import workers_for_user

    world = setting
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=20, employers=[EMPLOYER_C], seed=4)
    assert run(world.carol, sample.path).written
    with pytest.raises(PermissionDenied):
        sheet_services.import_root(actor=world.dan, union=world.union_c)
    assert not workers_for_user(world.dan).exists()
    assert not workers_for_user(world.bea).exists()
    assert workers_for_user(world.bob).count() == 20
    # dan's own import of the same people: they are members of a union outside his scope
    with system_scope("test"):
        Employer.unscoped.filter(name=EMPLOYER_D).update(name=EMPLOYER_C + "丁")
    report = run(world.dan, sample.path, write=False)
    assert report.error_count >= 20


def test_the_export_imports_back_unchanged(setting, tmp_path):
    world = setting
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=30, employers=[EMPLOYER_C], seed=5)
    assert run(world.carol, sample.path).written
    before = counts()
    out = tmp_path / "export.xlsx"
    spec = get_spec("members")
    exported = sheet_services.sheet_export(
        actor=None, spec=spec, params=ExportParams(unmasked=True, union=world.union_c), path=out
    )
    assert exported == 30
    report = run(world.carol, out)
    assert report.messages() == []
    assert report.written
    assert (report.total, report.to_create, report.to_update) == (30, 0, 0)
    assert counts() == before
    # a masked export (the default) keeps the phones but cannot be a source of ID numbers
    masked = tmp_path / "masked.xlsx"
    sheet_services.sheet_export(actor=world.carol, spec=spec, params=ExportParams(), path=masked)
    report = run(world.carol, masked, write=False)
    assert {c for _r, c, _m in errors_of(report)} == {"证件号码"}


def test_the_template_has_dropdowns_and_text_codes(setting, tmp_path):
    import openpyxl

    from gonghui.core.sheets import workbooks

    path = tmp_path / "template.xlsx"
    workbooks.write_template(get_spec("members"), path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in sheet[1]]
    validated = {headers[cell.min_col - 1] for dv in sheet.data_validations.dataValidation for cell in dv.sqref.ranges}
    assert {"性别", "证件类别", "会籍变化类型", "会籍变化原因", "是否农民工会员"} <= validated
    # The national lists are offered too (warning only: codes and short forms are also read)
    book = sheet.parent
    ethnic = dropdown(book, "民族")
    assert ethnic.errorStyle == "warning"
    values = dropdown_values(book, ethnic)
    assert len(values) >= 56
    assert "汉族" in values
    assert "本科" in "".join(dropdown_values(book, dropdown(book, "学历")))
    assert dropdown(book, "会籍变化类型").errorStyle in (None, "stop")
    for header in ("证件号码", "移动电话"):
        letter = openpyxl.utils.get_column_letter(headers.index(header) + 1)
        assert sheet.column_dimensions[letter].number_format == "@"


def test_the_command_line_imports_under_a_union(setting, tmp_path):
    from django.core.management import call_command

    world = setting
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=25, employers=[EMPLOYER_C], seed=6)
    call_command("import", "members", str(sample.path), "--union", str(world.union_c.pk), "--dry-run")
    assert counts()[0] == 0
    call_command("import", "members", str(sample.path), "--union", str(world.union_c.pk))
    assert counts()[0] == 25
    bad = samples.write_member_sheet(tmp_path / "bad.xlsx", rows=40, employers=[EMPLOYER_C], seed=8, damage=True)
    out = tmp_path / "errors.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "members", str(bad.path), "--union", str(world.union_c.pk), "--errors", str(out))
    assert exit_info.value.code == 1
    assert out.exists()


def test_parse_id_agrees_with_the_core(setting):
    from django.core.exceptions import ValidationError

    from gonghui.core.identifiers import parse_id_number
    from gonghui.members.sheets import parse_id

    good = samples.id_number(timezone.localdate().replace(year=1985, month=2, day=28), 12)
    for value in (good, good.lower(), "\uff11" + good[1:] if good[0] == "1" else good):
        ours, core = parse_id(value), parse_id_number(value)
        assert (ours.value, ours.sex, ours.birth_date) == (core.value, core.sex, core.birth_date)
    for value in (
        good[:17] + ("0" if good[17] != "0" else "1"),
        good[:15],
        "1234567890123456AB",
        "339901" + "19991332" + "0011",
    ):
        with pytest.raises(ValidationError) as ours_error:
            parse_id(value)
        with pytest.raises(ValidationError) as core_error:
            parse_id_number(value)
        assert ours_error.value.messages == core_error.value.messages


def test_twenty_thousand_rows_import(setting, tmp_path):
    world = setting
    sample = samples.write_member_sheet(tmp_path / "big.xlsx", rows=20_000, employers=[EMPLOYER_C, ""], seed=9)
    report = run(world.carol, sample.path)
    assert report.written, report.messages()[:5]
    assert report.created == 20_000
    with system_scope("test"):
        assert Worker.unscoped.count() == 20_000
        assert Membership.unscoped.count() == MembershipEvent.unscoped.count()


def test_the_error_workbook_fixed_imports(setting, tmp_path):
    """The officer's round trip: errors → error workbook → rows corrected → imported."""
    import openpyxl

    from gonghui.core.sheets import workbooks

    world = setting
    sample = samples.write_member_sheet(tmp_path / "demo.xlsx", rows=40, employers=[EMPLOYER_C], seed=10, damage=True)
    report = run(world.carol, sample.path, write=False)
    assert report.error_count
    errors = tmp_path / "errors.xlsx"
    with system_scope("test"):
        workbooks.write_error_workbook(get_spec("members"), report, sample.path, errors)
    book = openpyxl.load_workbook(errors)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    fixes = {
        "证件号码": lambda i: sample.id_numbers[i],  # as intended (the duplicate row: its own number)
        "性别": lambda i: "男" if int(sample.id_numbers[i][16]) % 2 else "女",
        "出生日期": lambda i: "-".join(
            (sample.id_numbers[i][6:10], sample.id_numbers[i][10:12], sample.id_numbers[i][12:14])
        ),
        "民族": lambda i: "汉族",
        "工作单位": lambda i: EMPLOYER_C,
        "会籍变化日期": lambda i: days_ago(1),
    }
    for error in report.errors:
        if not error["column"]:
            continue  # "duplicates row N": fixed with the ID number
        excel_row = error["row"]
        sheet.cell(excel_row, headers.index(error["column"]) + 1).value = fixes[error["column"]](excel_row - 2)
    fixed = tmp_path / "fixed.xlsx"
    book.save(fixed)
    again = run(world.carol, fixed)
    assert again.messages() == []
    assert again.created == 40


def test_the_template_page_downloads(setting, client_for):
    response = client_for(setting.carol).get("/sheets/members/template/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_windows_of_one_row_give_the_same_result(setting, tmp_path, monkeypatch):
    from gonghui.members import sheets

    world = setting
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=30, employers=[EMPLOYER_C, ""], seed=11)
    assert run(world.carol, sample.path).written
    monkeypatch.setattr(sheets.MemberSheet, "prescan_rows", 1)
    again = run(world.carol, sample.path)
    assert again.messages() == []
    assert (again.to_create, again.to_update) == (0, 0)
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    path = write_rows(tmp_path / "d.xlsx", [row("张三", number), row("李四", number)])
    report = run(world.carol, path, write=False)
    assert {r for r, _c, _m in errors_of(report)} == {3}


def test_the_prescan_is_used(setting, tmp_path, monkeypatch):
    from gonghui.members import sheets

    calls: list[int] = []
    original = sheets.load_existing

    def counting(hashes: list[str]) -> Any:
        calls.append(len(hashes))
        return original(hashes)

    monkeypatch.setattr(sheets, "load_existing", counting)
    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=30, employers=[EMPLOYER_C], seed=12)
    run(setting.carol, sample.path, write=False)
    assert calls == [30]  # the whole file in one lookup, not one per row


def test_an_imported_member_is_found_by_initials_and_transferred(setting, tmp_path, client_for):
    from gonghui.members.selectors import workers_for_user

    world = setting
    sample = samples.write_member_sheet(
        tmp_path / "m.xlsx", rows=20, employers=[EMPLOYER_C], seed=13, members_share=1.0
    )
    assert run(world.carol, sample.path).written
    with system_scope("test"):
        worker = Worker.unscoped.get(id_number_hash=services_blind(sample.id_numbers[0]))
    found = workers_for_user(world.carol, q=worker.pinyin_initials)
    assert worker.pk in set(found.values_list("pk", flat=True))
    page = client_for(world.carol).get("/members/", {"q": worker.pinyin_initials})
    assert page.status_code == 200
    assert worker.name in page.content.decode()
    with system_scope("test"):
        membership = Membership.unscoped.get(worker=worker, status=Status.ACTIVE)
    new = services.membership_transfer(
        actor=world.carol, membership=membership, to_union=world.union_d, on=timezone.localdate()
    )
    assert new.union_id == world.union_d.pk
    with system_scope("test"):
        assert UnionProfile.unscoped.get(union=world.union_c).member_count == 19
        assert UnionProfile.unscoped.get(union=world.union_d).member_count == 1


def test_conflicts_further_apart_than_the_read_ahead_flag_the_later_row(setting, tmp_path, monkeypatch):
    from gonghui.members import sheets

    monkeypatch.setattr(sheets.MemberSheet, "prescan_rows", 2)
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    other = samples.id_number(timezone.localdate().replace(year=1991, month=5, day=5), 13)
    path = write_rows(
        tmp_path / "d.xlsx",
        [row("张三", number), row("王五", other), row("李四", number), row("赵六", other)],
    )
    report = run(setting.carol, path, write=False)
    # rows 2 and 4 are in different windows: only the later one is flagged; 3 and 5 likewise
    assert {r for r, _c, _m in errors_of(report)} == {4, 5}
    monkeypatch.setattr(sheets.MemberSheet, "prescan_rows", 10)
    report = run(setting.carol, path, write=False)
    assert {r for r, _c, _m in errors_of(report)} == {2, 3, 4, 5}


def test_import_member_sheet_for_scripts(setting, tmp_path):
    from gonghui.members.sheets import import_member_sheet

    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=20, employers=[EMPLOYER_C], seed=14)
    assert import_member_sheet(sample.path, union=setting.union_c, write=False).ok
    assert import_member_sheet(sample.path, union=setting.union_c).created == 20


def test_native_place_is_kept_updated_and_exported(setting, tmp_path):
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1988, month=3, day=3), 21)
    assert run(world.carol, write_rows(tmp_path / "a.xlsx", [row("张三", number, 籍贯="安徽阜阳")])).written
    with system_scope("test"):
        assert Worker.unscoped.get(name="张三").native_place == "安徽阜阳"
    # a later sheet with another native place updates the record
    report = run(world.carol, write_rows(tmp_path / "b.xlsx", [row("张三", number, 籍贯="江西上饶")]))
    assert (report.updated, report.created) == (1, 0)
    with system_scope("test"):
        worker = Worker.unscoped.get(name="张三")
    assert worker.native_place == "江西上饶"
    # and the export carries it in the template's column
    spec = get_spec("members")
    with acting_as(world.carol):
        exported = [list(r) for r in spec.export_rows(spec.export_queryset(world.carol, ExportParams(unmasked=True)))]
    headers = [c.header for c in spec.columns]
    assert [r[headers.index("籍贯")] for r in exported if r[0] == "张三"] == ["江西上饶"]


def test_the_stored_report_holds_no_unmasked_id_or_phone(setting, tmp_path):
    import json

    sample = samples.write_member_sheet(tmp_path / "m.xlsx", rows=25, employers=[EMPLOYER_C], seed=9)
    report = run(setting.carol, sample.path, write=False)
    stored = json.dumps(report.as_dict(), ensure_ascii=False)
    assert report.preview
    assert not [n for n in sample.id_numbers if n in stored]
    id_column = report.headers.index("证件号码")
    assert all("*" in r["cells"][id_column] for r in report.preview)


def test_an_id_number_typed_as_a_number_is_refused_without_its_digits(setting, tmp_path, client_for, settings):
    """Excel shows an 18-digit ID in a number cell as 3.30102198001011e+17, most of the number: the
    refusal says so without the digits, in the stored report, the preview, the command's output and
    the error workbook's notes."""
    import io
    import json

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from gonghui.core.sheets.models import SheetImport

    settings.SHEETS_DIR = tmp_path / "sheets"
    world = setting
    number = samples.id_number(timezone.localdate().replace(year=1990, month=5, day=5), 11)
    assert number.isdigit()
    path = write_rows(tmp_path / "m.xlsx", [row("张三", int(number), 移动电话="13812345678")])

    def id_digits_in(text: str) -> list[str]:
        return [number[i : i + 12] for i in range(len(number) - 11) if number[i : i + 12] in text]

    client = client_for(world.carol)
    response = client.post("/sheets/members/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302
    sheet_import = SheetImport.unscoped.filter(owner=world.carol).latest("created_at")
    assert [(e["row"], e["column"]) for e in sheet_import.report["errors"]] == [(2, "证件号码")]
    assert id_digits_in(json.dumps(sheet_import.report, ensure_ascii=False)) == []
    page = client.get(f"/sheets/imports/{sheet_import.pk}/preview/")
    assert page.status_code == 200
    assert "证件号码被Excel存成了数字，后几位已经丢失：" in page.content.decode()
    assert id_digits_in(page.content.decode()) == []

    out, errors = io.StringIO(), tmp_path / "errors.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import",
            "members",
            str(path),
            "--union",
            str(world.union_c.pk),
            "--language",
            "zh-hans",
            "--errors",
            str(errors),
            stdout=out,
            stderr=io.StringIO(),
        )
    assert exit_info.value.code == 1
    assert "  第 2 行「证件号码」：证件号码被Excel存成了数字，后几位已经丢失：" in out.getvalue()
    assert id_digits_in(out.getvalue()) == []
    sheet = openpyxl.load_workbook(errors).worksheets[0]
    notes = [cell.comment.text for line in sheet.iter_rows() for cell in line if cell.comment]
    assert len(notes) == 1
    assert id_digits_in(notes[0] + str(sheet.cell(2, sheet.max_column).value)) == []
    assert counts() == (0, 0, 0)
