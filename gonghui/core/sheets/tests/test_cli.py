"""``gonghui import`` and ``gonghui export`` from the command line."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from gonghui.core.audit.models import AuditEvent
from gonghui.core.sheets.management.language import command_language, environment_language
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.sheets.tests.helpers import union_rows, write_xlsx
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _no_locale_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands follow the locale environment: run them as on a server that sets none."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_import_writes_and_exits_zero(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 3))
    code, out = run("import", "unions", str(path), "--union", world.township_a.credit_code)
    assert code == 0
    assert "新增 3 条" in out
    with system_scope("test"):
        assert Union.unscoped.filter(name__startswith="测试导入").count() == 3
        event = AuditEvent.objects.filter(action="import", outcome="success").latest("at")
    assert event.actor_id is None
    assert event.union_id == world.township_a.pk


def test_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 3))
    code, out = run("import", "unions", str(path), "--dry-run")
    assert code == 0
    assert "试运行" in out
    with system_scope("test"):
        assert not Union.unscoped.filter(name__startswith="测试导入").exists()


def test_data_errors_exit_one_print_rows_and_write_the_error_workbook(world: World, tmp_path: Path) -> None:
    rows = union_rows(world.township_a.name, 3)
    rows[1][4] = "不存在"
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    errors = tmp_path / "errors.xlsx"
    code, out = run("import", "unions", str(path), "--errors", str(errors))
    assert code == 1
    assert "3" in out
    assert "基层工会类型" in out
    assert openpyxl.load_workbook(errors).worksheets[0].max_row == 4
    with system_scope("test"):
        assert not Union.unscoped.filter(name__startswith="测试导入").exists()


def test_a_refused_file_exits_two(world: World, tmp_path: Path) -> None:
    path = tmp_path / "u.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    code, out = run("import", "unions", str(path))
    assert code == 2
    assert "文件被拒绝" in out


def test_import_as_a_user_is_scoped(world: World, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 1))
    code, _out = run("import", "unions", str(path), "--as", world.bea.username)
    assert code == 1


def test_export_writes_the_workbook(world: World, tmp_path: Path) -> None:
    out_path = tmp_path / "out.xlsx"
    code, out = run("export", "unions", str(out_path), "--union", world.township_a.credit_code)
    assert code == 0
    assert "已导出 3 行" in out
    rows = list(openpyxl.load_workbook(out_path).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4


# --- the import's output: the operator's language, and the repairs made while reading -----------


def damaged_union_rows(parent: str) -> list[list[Any]]:
    """Four valid unions, each with one repairable fault (Excel rows 2–5)."""
    rows = union_rows(parent, 4)
    rows[0][0] = f"  {rows[0][0]} "  # stray spaces around the name
    rows[1][1] = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in rows[1][1])  # full-width digits
    assert rows[2][1][-1].isalpha()
    rows[2][1] = rows[2][1][:-1] + rows[2][1][-1].lower()  # a lower-case check character
    rows[3][3] = "2015.6.1"  # a dotted date, which Excel keeps as text
    return rows


def test_import_speaks_chinese_by_default_and_lists_the_repairs(world: World, tmp_path: Path) -> None:
    rows = damaged_union_rows(world.township_a.name)
    letter = rows[2][1][-1]
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    code, out = run("import", "unions", str(path), "--union", world.township_a.credit_code)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"导入工会组织：u.xlsx → {world.township_a.name}"
    assert "共 4 行：有效 4 行，有错误 0 行；将新增 4 条，将更新 0 条。" in lines
    assert "读取时自动修正了 4 处（不是错误）：" in lines
    assert "  第 2 行「工会名称」：已删除文字前后多余的空格。" in lines
    assert "  第 3 行「工会统一社会信用代码」：全角字母或数字已改为半角。" in lines
    assert f"  第 4 行「工会统一社会信用代码」：小写 {letter} 已改为大写 {letter.upper()}。" in lines
    assert "  第 5 行「建会日期」：“2015.6.1”不是 Excel 能识别的日期，已按 2015-06-01 读取。" in lines
    assert "导入完成：新增 4 条，更新 0 条。" in lines
    # No English words, apart from the file's and the union's names.
    prose = out.replace(path.name, "").replace(world.township_a.name, "").replace("Excel", "")
    assert not re.search(r"[A-Za-z]{4,}", prose), out
    with system_scope("test"):
        imported = Union.unscoped.filter(name__startswith="测试导入").order_by("name")
        assert [u.credit_code for u in imported] == [r[1] for r in union_rows("", 4)]
        assert imported[3].founding_date.isoformat() == "2015-06-01"


@pytest.mark.parametrize("how", ["option", "LANG", "LANGUAGE"])
def test_import_speaks_english_when_asked(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    rows = damaged_union_rows(world.township_a.name)
    letter = rows[2][1][-1]
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    args = ["import", "unions", str(path), "--union", world.township_a.credit_code, "--dry-run"]
    if how == "option":
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the option wins over the environment
        args += ["--language", "en"]
    elif how == "LANG":
        monkeypatch.setenv("LANG", "en_US.UTF-8")
    else:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        monkeypatch.setenv("LANGUAGE", "en_GB:zh_CN")  # gettext's order: LANGUAGE first
    code, out = run(*args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Import of Unions: u.xlsx → {world.township_a.name}"
    assert "4 rows: 4 valid, 0 with errors; 4 to add, 0 to update." in lines
    assert "4 repairs made while reading (not errors):" in lines
    assert "  Row 2「工会名称」: Stray spaces before or after the text were removed." in lines
    assert "  Row 3「工会统一社会信用代码」: Full-width letters or digits were changed to ordinary ones." in lines
    assert f"  Row 4「工会统一社会信用代码」: Lower-case {letter} changed to capital {letter.upper()}." in lines
    assert "  Row 5「建会日期」: “2015.6.1” is not a date Excel recognises; it was read as 2015-06-01." in lines
    assert "Checked: no errors (dry run: nothing was written)." in lines
    # Chinese appears only in the file's own headers and names.
    assert not CJK.search(re.sub(r"「[^」]*」|→ .*|“[^”]*”", "", out)), out


@register
class PeopleSheet(SheetSpec):
    """A sheet with personal data (the member module declares the real one): ID numbers and phones."""

    kind = "test_cli_people"
    title = "测试人员"
    import_permission = "tree.add_union"
    columns = (
        Column("name", "姓名", required=True),
        Column("id_number", "证件号码", type="code", digits=18, upper=True, required=True, personal="id_number"),
        Column("phone", "移动电话", type="code", digits=11, personal="phone"),
        Column("born", "出生日期", type="date"),
    )

    def validate_row(self, run: Any, row: Any) -> None:
        row.action = "create"

    def write_batch(self, run: Any, rows: list[Any]) -> None:
        run.created += len(rows)


def people(count: int) -> tuple[list[list[Any]], list[str], list[str]]:
    """Rows of people with damaged cells: a lower-case x, full-width phone digits, a dotted date."""
    ids = [f"3301021980010{i:04d}x" for i in range(count)]
    phones = [f"138{i:08d}" for i in range(count)]
    rows = [[f"张{i}", ids[i], "".join(chr(ord(c) + 0xFEE0) for c in phones[i]), "1980.1.1"] for i in range(count)]
    return rows, ids, phones


PEOPLE_HEADERS = ["姓名", "证件号码", "移动电话", "出生日期"]


def test_the_repairs_are_capped_and_never_show_personal_data(world: World, tmp_path: Path) -> None:
    rows, ids, phones = people(30)  # 90 repairs: 3 a row
    path = write_xlsx(tmp_path / "p.xlsx", rows, headers=PEOPLE_HEADERS)
    code, out = run("import", "test_cli_people", str(path), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert "读取时自动修正了 90 处（不是错误）：" in lines
    assert "  第 2 行「证件号码」：小写 x 已改为大写 X。" in lines
    assert "  第 2 行「移动电话」：全角字母或数字已改为半角。" in lines
    assert "  第 2 行「出生日期」：“1980.1.1”不是 Excel 能识别的日期，已按 1980-01-01 读取。" in lines
    assert len([line for line in lines if line.startswith("  第 ")]) == 50
    assert "  ……另有 40 处未列出，加 --all-repairs 可全部列出。" in lines
    # ID numbers and phones are never printed in clear, in either form.
    for number in ids + [i.upper() for i in ids] + phones:
        assert number not in out
        assert number[-8:] not in out

    code, out = run("import", "test_cli_people", str(path), "--dry-run", "--all-repairs")
    assert code == 0
    assert len([line for line in out.splitlines() if line.startswith("  第 ")]) == 90
    assert "另有" not in out


def test_errors_and_refusals_are_in_the_operators_language(world: World, tmp_path: Path) -> None:
    rows = union_rows(world.township_a.name, 2)
    rows[1][4] = "不存在"
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    code, out = run("import", "unions", str(path))
    assert code == 1
    assert "共 1 个错误：" in out
    assert "  第 3 行「基层工会类型」：" in out
    assert out.splitlines()[-1] == "未写入任何数据。"
    code, out = run("import", "unions", str(path), "--language", "en")
    assert code == 1
    assert "1 error:" in out
    assert "  Row 3「基层工会类型」: “不存在” is not one of:" in out
    assert out.splitlines()[-1] == "Nothing was written."

    refused = tmp_path / "r.xlsx"
    refused.write_bytes(b"%PDF-1.4 not a workbook")
    code, out = run("import", "unions", str(refused), "--language", "en")
    assert code == 2
    assert out.splitlines()[1].startswith("The file was refused: ")
    assert not CJK.search(out.splitlines()[1]), out

    with pytest.raises(CommandError, match="没有“nonsense”这种表格类型"):
        call_command("import", "nonsense", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match=r"^There is no file "):
        call_command("import", "unions", str(tmp_path / "none.xlsx"), "--language", "en", stdout=io.StringIO())
    with pytest.raises(CommandError, match="找不到工会“不存在的工会”"):
        call_command("import", "unions", str(path), "--union", "不存在的工会", stdout=io.StringIO())


def test_help_follows_the_environment(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    command = load_command_class("gonghui.core.sheets", "import")
    command.print_help("gonghui", "import")
    assert "先检查每一行" in capsys.readouterr().out
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    command.print_help("gonghui", "import")
    assert "check every row" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LANG": "zh_CN.GB18030"}, "zh-hans"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "fr:en"}, "en"),
    ],
)
def test_the_environment_decides_the_language(environ: dict[str, str], expected: str | None) -> None:
    assert environment_language(environ) == expected
    assert command_language(None, environ) == (expected or "zh-hans")
    assert command_language("en", environ) == "en"


def test_export_speaks_the_operators_language(world: World, tmp_path: Path) -> None:
    code, out = run("export", "unions", str(tmp_path / "out.xlsx"), "--union", world.township_a.credit_code)
    assert code == 0
    assert out.strip() == f"已导出 3 行，写到 {tmp_path / 'out.xlsx'}。"
    code, out = run(
        "export", "unions", str(tmp_path / "en.xlsx"), "--union", world.township_a.credit_code, "--language", "en"
    )
    assert code == 0
    assert out.strip() == f"3 rows written to {tmp_path / 'en.xlsx'}."
