"""Export of a worker list in the member collection sheet's columns (会员信息采集表), masked and audited.

A page export is capped (``EXPORT_LIMIT`` rows); the full import/export pipeline (core/sheets,
a background job) serves whole counties. Personal data is masked (``display_value``), every
cell is formula-safe, and the export writes one audit row.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.privacy.display import display_value
from gonghui.core.sheets.workbooks import escape_formula
from gonghui.core.tree.scoping import acting_as
from gonghui.members.models import MembershipEvent, Worker

EXPORT_LIMIT = 5000
# The columns of the provincial member template (deptMemberTemplates.xlsx), in its order.
COLUMNS = (
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "就业状况",
    "有效证件类别",
    "证件号码",
    "学历",
    "技术等级",
    "移动电话",
    "户籍类型",
    "户籍所在地",
    "会籍变化类型",
    "会籍变化日期",
    "会籍变化原因",
    "政治面貌",
    "工作单位",
    "籍贯",
    "会员证号",
    "是否农民工会员",
)
KIND_TEXT: dict[str, str] = {
    MembershipEvent.Kind.JOIN: "入会",
    MembershipEvent.Kind.TRANSFER_IN: "转入",
    MembershipEvent.Kind.KEEP: "保留",
    MembershipEvent.Kind.RESUME: "入会",
    MembershipEvent.Kind.TRANSFER_OUT: "转出",
    MembershipEvent.Kind.REMOVAL: "除名",
    MembershipEvent.Kind.LEAVE: "退会",
}
REASON_TEXT = {
    "labour_relation": "劳动（工作）关系发生变化",
    "laid_off": "在本单位下岗后待岗",
    "unemployed": "失业",
    "bankruptcy": "所在企业破产",
    "personal": "个人要求退会",
    "expelled": "因犯罪被开除会籍",
}
SEX_TEXT = {"male": "男", "female": "女"}


def _latest_events(actor: Any, worker_ids: list[int]) -> dict[int, MembershipEvent]:
    """The latest event in ``actor``'s scope per worker: one query."""
    latest: dict[int, MembershipEvent] = {}
    with acting_as(actor):
        for event in MembershipEvent.objects.filter(worker_id__in=worker_ids).order_by("worker_id", "-on", "-id"):
            latest.setdefault(event.worker_id, event)
    return latest


def worker_rows(actor: Any, workers: list[Worker]) -> list[list[Any]]:
    """The template rows of ``workers`` as ``actor`` may see them (personal data masked)."""
    events = _latest_events(actor, [w.pk for w in workers])
    rows: list[list[Any]] = []
    for number, worker in enumerate(workers, start=1):
        event = events.get(worker.pk)
        rows.append(
            [
                number,
                worker.name,
                SEX_TEXT.get(worker.sex, ""),
                worker.birth_date.strftime("%Y/%m/%d"),
                worker.ethnic_group.name if worker.ethnic_group else "",
                worker.employment_status.name if worker.employment_status else "",
                "居民身份证",
                display_value(actor, worker, "id_number"),
                worker.education.name if worker.education else "",
                worker.skill_level.name if worker.skill_level else "",
                display_value(actor, worker, "phone") or "",
                worker.household_type.name if worker.household_type else "",
                worker.household_place,
                KIND_TEXT.get(event.kind, "") if event else "",
                event.on.strftime("%Y/%m/%d") if event else "",
                REASON_TEXT.get(event.reason, "") if event else "",
                worker.political_status.name if worker.political_status else "",
                worker.employer.name if worker.employer else "",
                worker.native_place,
                worker.card_number or "",
                "是" if worker.category == Worker.Category.MIGRANT and worker.member_status != "none" else "否",
            ]
        )
    return rows


def workers_xlsx_response(actor: Any, workers: QuerySet[Worker]) -> HttpResponse:
    """An .xlsx of at most ``EXPORT_LIMIT`` workers in the template columns; audited."""
    import xlsxwriter

    with acting_as(actor):
        chosen = list(
            workers.select_related(
                "ethnic_group", "employment_status", "education", "skill_level", "household_type", "political_status"
            )[:EXPORT_LIMIT]
        )
    rows = worker_rows(actor, chosen)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    sheet = book.add_worksheet("会员信息")
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(COLUMNS):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, escape_formula(str(value)), text)
    book.close()
    audit_record(
        Action.EXPORT,
        actor=actor,
        union=getattr(actor, "union", None),
        object_repr=_("Workers (%(n)s rows)") % {"n": len(rows)},
        note=_("member template columns, personal data masked"),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="members-{stamp}.xlsx"'
    return response
