"""Messages about a personal column never quote its value.

Excel shows an 18-digit ID number typed into a number cell as ``3.30102198001011e+17``: most of
the number. The reader's messages about such cells go into the stored report, the preview, the
error workbook and the command's output, where personal data appears only masked; for a column
declared ``personal=...`` they say what is wrong, and the row and column say where.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from gonghui.core.sheets import engine
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.reading import clean_code, clean_text
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.sheets.tests.helpers import write_xlsx
from gonghui.core.testing.world import World

ID_NUMBER = "330102198001011236"
ACCOUNT = "6222021234567890123"
PHONE = "13812345678"
CARD = "8800776655443322119"


def leaks(text: str, number: str, run: int = 12) -> list[str]:
    """The runs of ``run`` consecutive digits of ``number`` that appear in ``text``."""
    return [number[i : i + run] for i in range(len(number) - run + 1) if number[i : i + run] in text]


@register
class PersonalCellsSheet(SheetSpec):
    """Personal columns of every type the engine cleans, and one code column that is not personal."""

    kind = "test_personal_cells"
    title = "测试个人信息"
    import_permission = "tree.add_union"
    columns = (
        Column("name", "姓名", required=True),
        Column("id_number", "证件号码", type="code", digits=18, upper=True, required=True, personal="id_number"),
        Column("phone", "移动电话", type="code", digits=11, personal="phone"),
        Column("bank_account", "银行账号", personal="bank_account"),  # a text column: clean_text
        Column("card", "会员证号", type="code"),  # not personal: its value helps find the cell
    )

    def validate_row(self, run: Any, row: Any) -> None:
        row.action = "create"

    def write_batch(self, run: Any, rows: list[Any]) -> None:
        run.created += len(rows)


HEADERS = ["姓名", "证件号码", "移动电话", "银行账号", "会员证号"]
ROWS: list[list[Any]] = [
    ["张三", float(ID_NUMBER), PHONE, ACCOUNT, None],  # row 2: the ID typed into a number cell
    ["李四", "3.30102198001011E+17", int(PHONE[1:]), None, None],  # row 3: as text; a phone missing a digit
    ["王五", f"{ID_NUMBER}.0", float(f"{PHONE}.5"), float(ACCOUNT), None],  # row 4: via a float; decimals
    ["赵六", ID_NUMBER, PHONE, ACCOUNT, float(CARD)],  # row 5: only the card number is damaged
]


def assert_no_personal_data(text: str) -> None:
    assert leaks(text, ID_NUMBER) == []
    assert leaks(text, ACCOUNT) == []
    assert PHONE[1:] not in text  # the 10 digits Excel kept of the phone missing its first digit


# --- the reader ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (float(ID_NUMBER), "digits_lost"),
        (int(ID_NUMBER), "digits_lost"),
        ("3.30102198001011E+17", "scientific_notation"),
        (f"{ID_NUMBER}.0", "digits_lost"),
    ],
)
def test_a_mangled_personal_code_is_refused_without_its_digits(raw: Any, code: str) -> None:
    with translation.override("zh-hans"):
        cleaned = clean_code(raw, digits=18, column="证件号码", upper=True, personal=True)
    assert cleaned.fatal
    assert [issue.code for issue in cleaned.issues] == [code]
    message = cleaned.issues[0].message
    assert message.startswith("证件号码")
    assert "后几位" in message
    assert leaks(message, ID_NUMBER) == []
    assert "e+17" not in message.lower()


def test_a_personal_code_with_decimals_or_lost_zeros_is_refused_without_its_digits() -> None:
    with translation.override("zh-hans"):
        decimals = clean_code(float(f"{PHONE}.5"), digits=11, column="移动电话", personal=True)
        short = clean_code(int(PHONE[1:]), digits=11, column="移动电话", personal=True)
    assert decimals.issues[0].message == "移动电话填的是带小数的数字，不可能是号码。"
    assert short.issues[0].message == (
        "移动电话被存成了数字，不足 11 位，开头的0已经丢失：请把该列设置为「文本」格式后重新录入。"
    )
    assert decimals.fatal
    assert short.fatal


def test_a_personal_text_cell_that_lost_digits_is_refused_without_them() -> None:
    cleaned = clean_text(float(ACCOUNT), personal=True)
    assert cleaned.fatal
    assert [issue.code for issue in cleaned.issues] == ["digits_lost"]
    assert leaks(cleaned.issues[0].message, ACCOUNT) == []


def test_a_code_that_is_not_personal_still_shows_what_excel_shows() -> None:
    assert repr(float(CARD)) in clean_code(float(CARD), column="会员证号").issues[0].message
    assert "3.30102198001011E+17" in clean_code("3.30102198001011E+17").issues[0].message


def test_a_personal_value_outside_the_choices_is_masked() -> None:
    column = Column("name", "姓名", choices=(("甲", "a"),), personal="name")
    value, errors, _warnings = engine.clean_value(column, "王五")
    assert value is None
    assert "王五" not in errors[0]
    assert "王*" in errors[0]


# --- the pipeline: stored report, preview, error workbook, command line -------------------------


def damaged_workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "people.xlsx", ROWS, headers=HEADERS)


@pytest.mark.django_db
def test_the_stored_report_preview_and_error_workbook_hold_no_personal_digits(
    world: World, client_for, tmp_path: Path
) -> None:
    client = client_for(world.bob)
    path = damaged_workbook(tmp_path)
    response = client.post(
        reverse("sheets:import_start", kwargs={"sheet_kind": PersonalCellsSheet.kind}),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert response.status_code == 302
    sheet_import = SheetImport.unscoped.filter(owner=world.bob).latest("created_at")
    report = sheet_import.report
    # The damaged cells are refused where they are ...
    found = {(e["row"], e["column"]) for e in report["errors"]}
    assert found == {
        (2, "证件号码"),
        (3, "证件号码"),
        (3, "移动电话"),
        (4, "证件号码"),
        (4, "移动电话"),
        (4, "银行账号"),
        (5, "会员证号"),
    }
    # ... without the digits of the personal ones in what is stored,
    assert_no_personal_data(json.dumps(report, ensure_ascii=False))
    # while the card number (not personal) is still quoted as Excel shows it.
    (card_error,) = [e["message"] for e in report["errors"] if e["column"] == "会员证号"]
    assert repr(float(CARD)) in card_error

    preview = client.get(reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk}))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "证件号码被Excel存成了数字，后几位已经丢失：" in page
    assert_no_personal_data(page)

    download = client.get(reverse("sheets:import_errors", kwargs={"import_id": sheet_import.pk}))
    errors_path = tmp_path / "errors.xlsx"
    errors_path.write_bytes(b"".join(download.streaming_content))
    sheet = openpyxl.load_workbook(errors_path).worksheets[0]
    notes = [cell.comment.text for row in sheet.iter_rows() for cell in row if cell.comment]
    explained = [row[-1].value or "" for row in sheet.iter_rows(min_row=2)]
    assert len(notes) == 7
    assert_no_personal_data("\n".join(notes + explained))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_command_prints_no_personal_digits(world: World, tmp_path: Path, language: str) -> None:
    path = damaged_workbook(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import", PersonalCellsSheet.kind, str(path), "--dry-run", "--language", language, stdout=out, stderr=err
        )
    assert exit_info.value.code == 1
    printed = out.getvalue() + err.getvalue()
    assert ("第 2 行「证件号码」：" if language == "zh-hans" else "Row 2「证件号码」: ") in printed
    assert_no_personal_data(printed)
    assert repr(float(CARD)) in printed
