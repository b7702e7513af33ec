"""The documents of a disbursement batch: the signature sheet (发放签收表) and the bank's payment file.

* ``signature_sheet_pdf``: the A4 sheet that recipients sign when cash is handed over. Full names
  (the recipient signs against their own), ID numbers masked, amounts, a total in figures and in
  Chinese capital numerals (大写, ``core.money.amount_in_capitals``), the names of who made,
  checked and approved the batch.
* ``bank_export_xlsx``: the bank's file for paying a batch into the households' accounts. The bank
  needs ID and account numbers in full, so only users who may unmask both kinds of data may take
  it (``may_download_bank_file``); it is written by the core export writer (text cells for codes,
  formula-safe, the 导出信息 sheet).

Both serve approved or paid batches only and both write an export row to the audit log
(``services.disbursement_viewed_export``). Money stays ``Decimal`` from the database to the page.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from gonghui.assistance import services
from gonghui.assistance.models import Disbursement, Grant
from gonghui.assistance.workflows import BatchState
from gonghui.core.documents import Document, long_date
from gonghui.core.documents.pdf import FONT
from gonghui.core.money import amount_in_capitals, yuan
from gonghui.core.privacy.display import unmask_permission
from gonghui.core.privacy.masking import mask
from gonghui.core.sheets import workbooks
from gonghui.core.sheets.specs import Column, SheetSpec
from gonghui.core.tree.scoping import acting_as
from gonghui.core.workflow.models import TimelineEntry

DOCUMENT_STATES = (BatchState.APPROVED, BatchState.PAID)
VIEW_PERMISSION = "assistance.view_disbursement"
FILE_PERMISSION = "assistance.view_hardshipfile"  # the bank file shows what the households' files hold
# The bank file shows both kinds in full: the general permissions, as for any bulk export.
BANK_FILE_KINDS = ("id_number", "bank_account")
# The sheet's short words ("Name", "Date" …) carry the msgctxt "signature sheet" (a literal, so makemessages finds it).

# --- What the documents show ---------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """One line of a batch's documents. Personal data in full: each document masks what it must."""

    number: int
    name: str
    id_number: str
    workplace: str
    category: str
    amount: Decimal
    goods: str = ""
    bank_name: str = ""
    bank_account: str = ""
    purged: bool = False


@dataclass(frozen=True)
class SheetData:
    """Everything the signature sheet prints, read before any drawing starts."""

    title: str
    batch_number: str
    batch_title: str
    made_on: date | None
    union_name: str
    programme: str
    approved_on: date | None
    paid_on: date | None
    printed_on: date
    made_by: str
    checked_by: str
    approved_by: str
    printed_by: str
    recipients: tuple[Recipient, ...]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.recipients), Decimal("0"))


def may_download_bank_file(user: Any) -> bool:
    """Whether ``user`` may take a batch's bank file: ID and account numbers in full."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_perm(VIEW_PERMISSION)
        and user.has_perm(FILE_PERMISSION)
        and all(user.has_perm(unmask_permission(kind)) for kind in BANK_FILE_KINDS)
    )


def printable(batch: Disbursement) -> bool:
    return batch.state in DOCUMENT_STATES


def _batch_for(user: Any, batch: Disbursement) -> Disbursement:
    """``batch`` fetched again in ``user``'s scope (404 outside it), refused unless approved or paid."""
    if not user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    with acting_as(user):
        found = (
            Disbursement.objects.select_related("program", "union", "made_by", "checked_by", "approved_by")
            .filter(pk=batch.pk)
            .first()
        )
    if found is None:
        raise Http404
    if not printable(found):
        raise ValidationError(
            _("Documents are made only for approved or paid batches; this one is “%(state)s”.")
            % {"state": found.get_state_display()},
            code="state",
        )
    return found


def _recipients(user: Any, batch: Disbursement) -> tuple[Recipient, ...]:
    with acting_as(user):
        grants = list(
            Grant.objects.filter(disbursement=batch)
            .select_related("file", "file__worker", "file__worker__employer", "file__union")
            .order_by("id")
        )
    rows: list[Recipient] = []
    for number, grant in enumerate(grants, start=1):
        file = grant.file
        if file is None:  # purged ten years after exit: the money stays, the person does not
            rows.append(
                Recipient(
                    number=number,
                    name=_("(purged)"),
                    id_number="",
                    workplace="",
                    category="",
                    amount=grant.amount,
                    goods=grant.goods,
                    purged=True,
                )
            )
            continue
        worker = file.worker
        rows.append(
            Recipient(
                number=number,
                name=worker.name,
                id_number=worker.id_number or "",
                workplace=worker.employer.name if worker.employer else file.union.name,
                category=str(file.get_category_display()),
                amount=grant.amount,
                goods=grant.goods,
                bank_name=file.bank_name,
                bank_account=file.bank_account or "",
            )
        )
    return tuple(rows)


def _full_name(user: Any) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _approved_on(user: Any, batch: Disbursement) -> date | None:
    with acting_as(user):
        entry = (
            TimelineEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Disbursement),
                object_id=batch.pk,
                transition="approve",
            )
            .order_by("-at")
            .first()
        )
    return timezone.localdate(entry.at) if entry is not None else None


def sheet_title(batch: Disbursement) -> str:
    """E.g. 2027年元旦春节送温暖慰问金发放签收表: the programme's year and name, then the form's name."""
    program = batch.program
    if str(program.year) in program.name:
        return _("%(programme)s disbursement signature sheet") % {"programme": program.name}
    return _("%(year)d %(programme)s disbursement signature sheet") % {"year": program.year, "programme": program.name}


def _sheet_data(batch: Disbursement, *, user: Any) -> SheetData:
    return SheetData(
        title=sheet_title(batch),
        batch_number=batch.number,
        batch_title=batch.title,
        made_on=timezone.localdate(batch.created_at) if batch.created_at else None,
        union_name=batch.union.name,
        programme=batch.program.name,
        approved_on=_approved_on(user, batch),
        paid_on=batch.paid_on,
        printed_on=timezone.localdate(),
        made_by=_full_name(batch.made_by),
        checked_by=_full_name(batch.checked_by),
        approved_by=_full_name(batch.approved_by),
        printed_by=_full_name(user),
        recipients=_recipients(user, batch),
    )


def sheet_data(batch: Disbursement, *, user: Any) -> SheetData:
    """What the documents of ``batch`` show to ``user`` (scope, permission and state checked)."""
    return _sheet_data(_batch_for(user, batch), user=user)


# --- The signature sheet -------------------------------------------------------------------------

PAGE_MARGIN = 12  # mm; A4 is 210 × 297
# 序号, 姓名, 身份证号, 工作单位/工会, 困难类别, 金额, 签字, 日期: 186 mm between the margins.
COLUMN_WIDTHS = (10, 20, 35, 42, 17, 22, 24, 16)
ROW_HEIGHT = 11  # mm: room for a signature
FOOTER_BLOCK = 34  # mm the names and signatures below the table need


def render_signature_sheet(data: SheetData) -> bytes:
    """The signature sheet as PDF (core/documents): A4 portrait, the table's heading repeated on every page."""
    doc = Document(
        data.title,
        author=data.printed_by,
        margin=PAGE_MARGIN,
        footer_left=pgettext("signature sheet", "Batch %(number)s") % {"number": data.batch_number},
        footer_right=pgettext("signature sheet", "Printed %(day)s") % {"day": long_date(data.printed_on)},
    )
    doc.title_block(data.title)
    facts = [
        (pgettext("signature sheet", "Batch number"), data.batch_number),
        (pgettext("signature sheet", "Proposed by"), data.union_name),
        (pgettext("signature sheet", "Programme"), data.programme),
        (pgettext("signature sheet", "Batch"), data.batch_title),
        (pgettext("signature sheet", "Made on"), long_date(data.made_on)),
        (pgettext("signature sheet", "Approved on"), long_date(data.approved_on)),
    ]
    if data.paid_on is not None:
        facts.append((pgettext("signature sheet", "Paid on"), long_date(data.paid_on)))
    doc.facts(facts)
    doc.paragraph(pgettext("signature sheet", "Recipients check the amount and sign in their own hand."), size=8.5)

    headings = (
        pgettext("signature sheet", "No."),
        pgettext("signature sheet", "Name"),
        pgettext("signature sheet", "ID number"),
        pgettext("signature sheet", "Workplace / union"),
        pgettext("signature sheet", "Hardship category"),
        pgettext("signature sheet", "Amount"),
        pgettext("signature sheet", "Signature"),
        pgettext("signature sheet", "Date"),
    )
    rows = []
    for recipient in data.recipients:
        amount = yuan(recipient.amount)
        if recipient.goods:
            amount = f"{amount}\n{recipient.goods}"
        rows.append(
            [
                str(recipient.number),
                recipient.name,
                mask("id_number", recipient.id_number) or "",
                recipient.workplace,
                recipient.category,
                amount,
                "",
                "",
            ]
        )
    total = pgettext("signature sheet", "Total: %(households)d households") % {"households": len(data.recipients)}
    words = pgettext("signature sheet", "Total in words: RMB %(words)s") % {"words": amount_in_capitals(data.total)}
    doc.table(
        headings,
        rows,
        widths=COLUMN_WIDTHS,
        aligns=("center", "center", "center", "left", "center", "right", "center", "center"),
        min_row_height=ROW_HEIGHT,
        totals=[
            [(total, {"colspan": 5, "align": "LEFT"}), (yuan(data.total), {"align": "RIGHT"}), ("", {"colspan": 2})],
            [(words, {"colspan": len(headings), "align": "LEFT"})],
        ],
    )

    doc.keep(FOOTER_BLOCK)
    pdf = doc.pdf
    pdf.ln(4)
    pdf.set_font(FONT, "", 10)
    third = doc.width / 3
    half = doc.width / 2
    for label, name in (
        (pgettext("signature sheet", "Made by"), data.made_by),
        (pgettext("signature sheet", "Checked by"), data.checked_by),
        (pgettext("signature sheet", "Approved by"), data.approved_by),
    ):
        pdf.cell(third, 8, pgettext("signature sheet", "%(label)s: %(value)s") % {"label": label, "value": name})
    pdf.ln(12)
    pdf.cell(half, 8, pgettext("signature sheet", "Paid out by (signature): ____________________"))
    pdf.cell(half, 8, pgettext("signature sheet", "Date paid out: ________________"))
    pdf.ln(8)
    return doc.render()


def signature_sheet_pdf(batch: Disbursement, *, user: Any) -> bytes:
    """The signature sheet of an approved or paid batch as PDF; the export is recorded in the audit log.

    Raises ``Http404`` outside the user's scope, ``PermissionDenied`` without view permission,
    ``ValidationError`` for a batch not approved yet, ``FontMissing`` without the font file.
    """
    batch = _batch_for(user, batch)
    data = _sheet_data(batch, user=user)
    content = render_signature_sheet(data)
    services.disbursement_viewed_export(
        actor=user,
        batch=batch,
        what=f"signature sheet (PDF): {len(data.recipients)} households, full names, ID numbers masked",
    )
    return content


# --- The bank's payment file ---------------------------------------------------------------------


class BankFileSheet(SheetSpec):
    """The bank's payment file of one batch. Not registered: it is no list export or import."""

    kind = "assistance-bank-file"
    title = gettext_lazy("Bank payment file")
    export_permission = VIEW_PERMISSION
    columns = (
        Column("number", "序号", width=6),
        Column("name", "姓名", width=12),
        Column("id_number", "身份证号", type="code", personal="id_number", width=22),
        Column("bank_name", "开户银行", width=28),
        Column("bank_account", "银行账号", type="code", personal="bank_account", width=26),
        Column("amount", "金额", type="decimal", width=12),
        Column("note", "备注", width=30),
    )


def bank_rows(data: SheetData, *, purpose: str) -> list[list[Any]]:
    """The bank file's rows: ID and account numbers in full, amounts as ``Decimal``."""
    rows: list[list[Any]] = []
    for recipient in data.recipients:
        notes = [purpose]
        if recipient.purged:
            notes.append(_("file purged: do not pay"))
        elif not recipient.bank_account:
            notes.append(_("no bank account on file"))
        rows.append(
            [
                recipient.number,
                recipient.name,
                recipient.id_number,
                recipient.bank_name,
                recipient.bank_account,
                recipient.amount,
                "; ".join(notes),
            ]
        )
    return rows


def bank_export_xlsx(batch: Disbursement, *, user: Any) -> bytes:
    """The bank's payment file of an approved or paid batch (.xlsx); recorded in the audit log.

    Only for users who may unmask ID and bank account numbers (``may_download_bank_file``):
    ``PermissionDenied`` otherwise. Written by the core export writer: codes as text cells, every
    string formula-safe, and the 导出信息 sheet naming the exporter and the time.
    """
    if not may_download_bank_file(user):
        raise PermissionDenied
    batch = _batch_for(user, batch)
    data = _sheet_data(batch, user=user)
    spec = BankFileSheet()
    now = timezone.now()
    with tempfile.TemporaryDirectory(prefix="gonghui-bank-") as folder:
        path = Path(folder) / "bank.xlsx"
        count = workbooks.write_export(
            spec,
            bank_rows(data, purpose=data.programme),
            path,
            exported_by=data.printed_by,
            exported_at=now,
            masked=False,
            filters={str(_("batch")): data.batch_number},
        )
        content = path.read_bytes()
    services.disbursement_viewed_export(
        actor=user,
        batch=batch,
        what=f"bank payment file (xlsx): {count} rows, ID numbers and bank accounts in full",
    )
    return content
