"""A batch's documents: the signature sheet (PDF) and the bank's payment file (.xlsx).

Scope (404 outside it), approved or paid batches only, masking on the sheet and full values in
the bank file for those who may unmask, the audit row, and the capital numerals (大写) of totals.
"""

from __future__ import annotations

import io
import itertools
import shutil
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook
from stdnum.cn import ric

from gonghui.assistance import documents, services
from gonghui.assistance.documents import Recipient, SheetData
from gonghui.assistance.models import Disbursement, Grant, HardshipFile, Program
from gonghui.core.audit.models import AuditEvent
from gonghui.core.documents import FontMissing
from gonghui.core.documents.testing import flat, pdf_text
from gonghui.core.privacy.masking import mask
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.members import services as member_services

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
OPENED = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)  # a Monday
APPROVED = datetime(2026, 3, 15, 10, 0, tzinfo=SHANGHAI)
PROGRAMME = "元旦春节送温暖慰问金"
CHINESE_TITLE = "2027年元旦春节送温暖慰问金发放签收表"
TITLE_MSGID = "%(year)d %(programme)s disbursement signature sheet"
PDFTOTEXT = shutil.which("pdftotext")
_serial = itertools.count(101)


def new_id_number() -> str:
    body = f"11010119850307{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18


# --- Building an approved batch through the services ----------------------------------------------


@dataclass
class Household:
    file: HardshipFile
    name: str
    id_number: str
    account: str


def household_to_notice(world: World, name: str, account: str) -> Household:
    number = new_id_number()
    worker = member_services.worker_create(actor=world.carol, union=world.union_c, name=name, id_number=number)
    file = services.file_open(
        actor=world.carol,
        worker=worker,
        main_cause=HardshipFile.Cause.ILLNESS,
        applicant_monthly_income=Decimal("600"),  # ¥600 a head, below ¥900: deep hardship
        bank_name="中国农业银行测试县支行",
        bank_account=account,
    )
    transition_perform(actor=world.carol, obj=file, name="check")
    transition_perform(
        actor=world.carol,
        obj=file,
        name="visit",
        attachment=SimpleUploadedFile("visit.pdf", b"%PDF-1.4 signed forms", content_type="application/pdf"),
        data={"visited_on": timezone.localdate(), "visitors": "卡罗尔"},
    )
    transition_perform(actor=world.ann, obj=file, name="verify")
    transition_perform(
        actor=world.ann, obj=file, name="publish", data={"starts_on": timezone.localdate(), "working_days": 5}
    )
    file.refresh_from_db()
    return Household(file=file, name=name, id_number=number, account=account)


def make_batch(world: World, households: list[Household], amounts: list[Decimal | None]) -> Disbursement:
    program = services.program_create(
        actor=world.ann,
        union=world.county,
        year=2027,
        kind=Program.Kind.WARMTH,
        name=PROGRAMME,
        budget=Decimal("100000"),
        default_amount=Decimal("1000"),
    )
    batch = services.disbursement_create(actor=world.carol, program=program, union=world.union_c)
    for household, amount in zip(households, amounts, strict=True):
        services.grant_add(actor=world.carol, batch=batch, file=household.file, amount=amount)
    return batch


@dataclass
class Setting:
    batch: Disbursement
    households: list[Household]


@pytest.fixture
def approved(world: World) -> Setting:
    """A batch of union C with two households (¥1,000 and ¥1,500.50), approved by ann on 15 March 2026."""
    with time_machine.travel(OPENED, tick=False) as traveller:
        services.poverty_line_set(actor=world.ann, year=2026, monthly_amount=Decimal("900"))
        households = [
            household_to_notice(world, "张建国", "6228480012345678901"),
            household_to_notice(world, "李秀英", "6217000010001234567"),
        ]
        notice_ends = households[0].file.notice_ends
        assert notice_ends is not None
        traveller.move_to(datetime.combine(notice_ends + timedelta(days=1), datetime.min.time(), SHANGHAI))
        for household in households:
            transition_perform(actor=world.ann, obj=household.file, name="approve")
        traveller.move_to(APPROVED)
        batch = make_batch(world, households, [None, Decimal("1500.50")])
        transition_perform(actor=world.carol, obj=batch, name="submit")
        transition_perform(actor=world.bob, obj=batch, name="check")
        transition_perform(actor=world.ann, obj=batch, name="approve")
    batch.refresh_from_db()
    assert batch.state == "approved"
    return Setting(batch=batch, households=households)


def sheet_url(batch: Disbursement) -> str:
    return f"/assistance/disbursements/{batch.pk}/signature-sheet.pdf"


def bank_url(batch: Disbursement) -> str:
    return f"/assistance/disbursements/{batch.pk}/bank.xlsx"


def export_rows(batch: Disbursement) -> list[AuditEvent]:
    return list(
        AuditEvent.unscoped.filter(
            action=AuditEvent.Action.EXPORT, object_type="assistance.disbursement", object_id=str(batch.pk)
        )
    )


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The signature sheet -------------------------------------------------------------------------


def test_signature_sheet_of_an_approved_batch(world: World, approved: Setting, client_for: Any, tmp_path: Path) -> None:
    batch = approved.batch
    response = client_for(world.carol).get(sheet_url(batch))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline; ")
    assert f'filename="{batch.number}-signature-sheet.pdf"' in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = flat(pdf_text(response.content, tmp_path))

    title = gettext(TITLE_MSGID) % {"year": 2027, "programme": PROGRAMME}
    assert flat(title) in text
    if gettext(TITLE_MSGID) != TITLE_MSGID:  # once the catalogue holds the Chinese
        assert CHINESE_TITLE in text
    assert batch.number in text
    assert flat(world.union_c.name) in text
    for household in approved.households:
        assert household.name in text  # in full: the recipient signs against it
        assert mask("id_number", household.id_number) in text
        assert household.id_number not in text
        assert household.account not in text
    assert "¥1,000.00" in text
    assert "¥1,500.50" in text
    assert "¥2,500.50" in text  # the total
    assert "贰仟伍佰元伍角" in text  # … and in capitals
    assert flat(pgettext("signature sheet", "Total: %(households)d households") % {"households": 2}) in text
    assert "2026年3月15日" in text  # approved on
    for user in (world.carol, world.bob, world.ann):  # made, checked, approved by
        assert flat(user.full_name) in text
    assert flat(gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": 1}) in text

    (row,) = export_rows(batch)
    assert row.actor == world.carol
    assert row.union == world.union_c
    assert "signature sheet" in row.note


def test_signature_sheet_of_a_paid_batch_shows_the_payment_day(
    world: World, approved: Setting, client_for: Any, tmp_path: Path
) -> None:
    batch = approved.batch
    transition_perform(actor=world.ann, obj=batch, name="pay", data={"paid_on": date(2026, 3, 20)})
    response = client_for(world.ann).get(sheet_url(batch))
    assert response.status_code == 200
    assert "2026年3月20日" in flat(pdf_text(response.content, tmp_path))


def test_a_purged_household_shows_as_purged(world: World, approved: Setting, client_for: Any, tmp_path: Path) -> None:
    batch = approved.batch
    gone = approved.households[0]
    with system_scope("test: the purge empties the grant's file"):
        Grant.unscoped.filter(disbursement=batch, file=gone.file).update(file=None)
    response = client_for(world.ann).get(sheet_url(batch))
    assert response.status_code == 200
    text = flat(pdf_text(response.content, tmp_path))
    assert flat(gettext("(purged)")) in text
    assert gone.name not in text
    assert approved.households[1].name in text
    assert "¥2,500.50" in text  # the money stays


@pytest.mark.parametrize("intruder", ["dan", "bea"])
def test_a_batch_outside_the_scope_is_not_found(
    world: World, approved: Setting, client_for: Any, intruder: str
) -> None:
    client = client_for(getattr(world, intruder))
    assert client.get(sheet_url(approved.batch)).status_code == 404
    assert client.get(bank_url(approved.batch)).status_code == 404
    assert client.get("/assistance/disbursements/999999/signature-sheet.pdf").status_code == 404
    assert export_rows(approved.batch) == []


def test_a_worker_without_the_permission_is_refused(world: World, approved: Setting, client_for: Any) -> None:
    assert client_for(world.wendy).get(sheet_url(approved.batch)).status_code == 403


def test_a_batch_not_approved_has_no_documents(world: World, client_for: Any) -> None:
    with time_machine.travel(OPENED, tick=False) as traveller:
        services.poverty_line_set(actor=world.ann, year=2026, monthly_amount=Decimal("900"))
        household = household_to_notice(world, "王小明", "6228480099990000111")
        notice_ends = household.file.notice_ends
        assert notice_ends is not None
        traveller.move_to(datetime.combine(notice_ends + timedelta(days=1), datetime.min.time(), SHANGHAI))
        transition_perform(actor=world.ann, obj=household.file, name="approve")
        batch = make_batch(world, [household], [None])
    for user, url in ((world.carol, sheet_url(batch)), (world.ann, bank_url(batch))):
        response = client_for(user).get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/assistance/disbursements/{batch.pk}/"
        assert messages_of(response) == [
            gettext("Documents are made only for approved or paid batches; this one is “%(state)s”.")
            % {"state": batch.get_state_display()}
        ]
    transition_perform(actor=world.carol, obj=batch, name="submit")
    transition_perform(actor=world.bob, obj=batch, name="check")  # checked, not approved yet
    assert client_for(world.carol).get(sheet_url(batch)).status_code == 302
    with pytest.raises(ValidationError):
        documents.signature_sheet_pdf(batch, user=world.carol)
    assert export_rows(batch) == []


def test_a_missing_font_is_named_and_nothing_is_recorded(
    world: World, approved: Setting, client_for: Any, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-font.otf"
    with override_settings(GONGHUI_PDF_FONT=missing):
        with pytest.raises(FontMissing) as raised:
            documents.signature_sheet_pdf(approved.batch, user=world.carol)
        assert raised.value.setting == "GONGHUI_PDF_FONT"
        assert str(missing) in str(raised.value)
        response = client_for(world.carol).get(sheet_url(approved.batch))
    assert response.status_code == 302
    assert response["Location"] == f"/assistance/disbursements/{approved.batch.pk}/"
    (message,) = messages_of(response)
    assert "GONGHUI_PDF_FONT" in message
    assert export_rows(approved.batch) == []


def test_a_long_sheet_repeats_its_heading_and_numbers_its_pages(tmp_path: Path) -> None:
    recipients = tuple(
        Recipient(
            number=n,
            name=f"测试{n:02d}",
            id_number="110101198503070512",
            workplace="丙公司工会委员会",
            category="deep hardship",
            amount=Decimal("800.00"),
        )
        for n in range(1, 61)
    )
    data = SheetData(
        title="2027年元旦春节送温暖慰问金发放签收表",
        batch_number="FF202700001",
        batch_title="测试批次",
        made_on=date(2026, 3, 10),
        union_name="丙公司工会委员会",
        programme="2027 元旦春节送温暖慰问金",
        approved_on=date(2026, 3, 15),
        paid_on=None,
        printed_on=date(2026, 3, 16),
        made_by="卡罗尔",
        checked_by="鲍勃",
        approved_by="安帮扶",
        printed_by="安帮扶",
        recipients=recipients,
    )
    pages = [flat(page) for page in pdf_text(documents.render_signature_sheet(data), tmp_path).split("\f")]
    pages = [page for page in pages if page]
    assert len(pages) >= 3
    heading = flat(pgettext("signature sheet", "Signature"))
    for number, page in enumerate(pages, start=1):
        assert heading in page
        assert flat(gettext("Page %(page)s of %(pages)s") % {"page": number, "pages": len(pages)}) in page
    assert "¥48,000.00" in pages[-1]
    assert "肆万捌仟元整" in pages[-1]
    assert "测试60" in pages[-1]


# --- The bank's payment file ---------------------------------------------------------------------


@pytest.mark.parametrize("user", ["carol", "bob", "alice"])
def test_the_bank_file_needs_the_unmask_permissions(
    world: World, approved: Setting, client_for: Any, user: str
) -> None:
    """Grassroots and township staff may not unmask ID numbers; the county administrator not bank accounts."""
    actor = getattr(world, user)
    assert client_for(actor).get(bank_url(approved.batch)).status_code == 403
    with pytest.raises(PermissionDenied):
        documents.bank_export_xlsx(approved.batch, user=actor)
    assert export_rows(approved.batch) == []


def test_the_bank_file_holds_ids_and_accounts_in_full(world: World, approved: Setting, client_for: Any) -> None:
    batch = approved.batch
    response = client_for(world.ann).get(bank_url(batch))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith(f'attachment; filename="{batch.number}-bank.xlsx"')
    assert "filename*=UTF-8''" in response["Content-Disposition"]

    book = load_workbook(io.BytesIO(response.content))
    data, info = book.worksheets[0], book["导出信息"]
    rows = [[cell.value for cell in row] for row in data.iter_rows()]
    assert rows[0] == ["序号", "姓名", "身份证号", "开户银行", "银行账号", "金额", "备注"]
    assert len(rows) == 3
    for row, household in zip(rows[1:], approved.households, strict=True):
        assert row[1] == household.name
        assert row[2] == household.id_number  # in full, as text
        assert row[3] == "中国农业银行测试县支行"
        assert row[4] == household.account
        assert isinstance(row[2], str)
        assert isinstance(row[4], str)
    assert data.cell(row=2, column=3).number_format == "@"
    assert data.cell(row=2, column=5).number_format == "@"
    assert [row[5] for row in rows[1:]] == [1000, 1500.5]
    facts = {row[0].value: row[1].value for row in info.iter_rows()}
    assert world.ann.full_name in facts.values()
    assert batch.number in " ".join(str(value) for value in facts.values())

    (row,) = export_rows(batch)
    assert row.actor == world.ann
    assert "in full" in row.note


def test_the_bank_file_is_formula_safe(world: World, approved: Setting, client_for: Any) -> None:
    file = approved.households[0].file
    services.file_update(actor=world.ann, file=file, bank_name='=HYPERLINK("http://x")')
    response = client_for(world.ann).get(bank_url(approved.batch))
    book = load_workbook(io.BytesIO(response.content))
    cell = book.worksheets[0].cell(row=2, column=4)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x")'
