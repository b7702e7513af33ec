"""Hardship assistance's lists: their filters, their pages and their exports (``core.web.lists``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.assistance import selectors
from gonghui.assistance.classification import Category
from gonghui.assistance.models import FileReview, HardshipFile, Program
from gonghui.assistance.workflows import BatchState, FileState
from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.converters import parse_id
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, flag, search


class FileFilters(FilterForm):
    q = search(_("name or file number"), testid="file-search")
    state = choice(_("state"), [("open", _("on the way to filing")), *FileState.choices])
    category = choice(_("hardship category"), Category.choices)
    cause = choice(_("main cause of hardship"), HardshipFile.Cause.choices)
    township = choice(_("township"))
    year = forms.CharField(
        label=_("filed in"),
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )

    def setup(self, user: Any) -> None:
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]


class DisbursementFilters(FilterForm):
    state = choice(_("state"), BatchState.choices)
    program = carried(_("programme"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None


class GrantFilters(FilterForm):
    state = choice(_("state of the batch"), BatchState.choices)
    kind = choice(_("programme kind"), Program.Kind.choices)
    township = choice(_("township"))
    year = forms.CharField(
        label=_("year"),
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )

    def setup(self, user: Any) -> None:
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]


class FileReviewFilters(FilterForm):
    round = carried(_("annual review"))
    pending = flag(_("not reviewed yet"))
    spot = flag(_("spot checks"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None  # the page's own round


def file_reviews(user: Any, *, round: str = "", pending: str = "", spot: str = "") -> QuerySet[FileReview]:
    """The reviews of one annual review ``round`` (an id; outside the user's scope: 404)."""
    review = selectors.get_review_round_for_user(user, parse_id(round) or 0)
    return selectors.reviews_of_round(user, review, pending_only=bool(pending), spot_only=bool(spot))


FILES = ListDef(rows=selectors.files_for_user, filters=FileFilters, export="hardship_files")
# The public notice is printed for the notice board: one page holds a township's notices.
NOTICES = ListDef(rows=selectors.notices_for_user, per_page=500, export="hardship_notices")
PROGRAMMES = ListDef(rows=selectors.programs_for_user, decorate=selectors.with_level_amounts, export="programmes")
DISBURSEMENTS = ListDef(
    rows=selectors.disbursements_for_user,
    filters=DisbursementFilters,
    decorate=selectors.with_totals,
    export="disbursements",
)
# Every grant to the households in scope, whichever union proposed the batch: the money received.
GRANTS = ListDef(rows=selectors.grants_for_user, filters=GrantFilters, export="grants")
REVIEW_ROUNDS = ListDef(rows=selectors.review_rounds_for_user, export="review_rounds")
FILE_REVIEWS = ListDef(rows=file_reviews, filters=FileReviewFilters, export="file_reviews")


@register
class FileSheet(ListSheet):
    kind = "hardship_files"
    title = _("Hardship files")
    export_permission = "assistance.view_hardshipfile"
    list_url_name = "assistance:file_list"
    page_list = FILES
    columns = (
        Column("number", "档案编号", type="code", width=16),
        Column("worker.name", "姓名", width=12),
        Column("worker.id_number", "证件号码", type="code", personal="id_number", width=22),
        Column("worker.phone", "移动电话", type="code", personal="phone", width=14),
        Column("union.name", "工会", width=30),
        Column("get_category_display", "困难类别", width=12),
        Column("per_head_monthly", "家庭人均月收入", type="decimal", width=12),
        Column("get_main_cause_display", "主要致困原因", width=14),
        Column("get_state_display", "状态", width=10),
        Column("filed_on", "建档日期", type="date", width=12),
    )


@register
class NoticeSheet(ListSheet):
    kind = "hardship_notices"
    title = _("Public notices")
    export_permission = "assistance.view_hardshipfile"
    list_url_name = "assistance:notice_list"
    page_list = NOTICES
    columns = (
        Column("number", "档案编号", type="code", width=16),
        Column("worker.name", "姓名", personal="name", width=12),
        Column("union.name", "工会", width=30),
        Column("get_category_display", "困难类别", width=12),
        Column("get_main_cause_display", "主要致困原因", width=14),
        Column("notice_starts", "公示开始日期", type="date", width=12),
        Column("notice_ends", "公示结束日期", type="date", width=12),
    )


@register
class ProgrammeSheet(ListSheet):
    kind = "programmes"
    title = _("Programmes")
    export_permission = "assistance.view_program"
    list_url_name = "assistance:program_list"
    page_list = PROGRAMMES
    columns = (
        Column("year", "年度", width=8),
        Column("name", "项目名称", width=30),
        Column("get_kind_display", "类别", width=14),
        Column("union.name", "实施工会", width=30),
        Column("budget", "预算金额", type="decimal", width=12),
        Column("default_amount", "每户标准", type="decimal", width=12),
    )

    def narrow(self, rows: QuerySet[Any], union: Any) -> QuerySet[Any]:
        return rows  # programmes are read above the user too: the union's own list is the list


@register
class DisbursementSheet(ListSheet):
    kind = "disbursements"
    title = _("Disbursements")
    export_permission = "assistance.view_disbursement"
    list_url_name = "assistance:disbursement_list"
    page_list = DISBURSEMENTS
    columns = (
        Column("number", "批次编号", type="code", width=16),
        Column("title", "批次名称", width=30),
        Column("program.name", "项目", width=24),
        Column("union.name", "提出工会", width=30),
        Column("made_by.full_name", "经办人", width=12),
        Column("get_state_display", "状态", width=10),
        Column("households", "户数", width=8),
        Column("total", "金额", type="decimal", width=12),
    )


@register
class GrantSheet(ListSheet):
    kind = "grants"
    title = _("Grants")
    export_permission = "assistance.view_grant"
    list_url_name = "assistance:grant_list"
    page_list = GRANTS
    columns = (
        Column("file.number", "档案编号", type="code", width=16),
        Column("file.worker.name", "姓名", width=12),
        Column("union.name", "工会", width=30),
        Column("disbursement.program.name", "项目", width=24),
        Column("get_kind_display", "类别", width=16),
        Column("year", "年度", width=8),
        Column("disbursement.number", "批次编号", type="code", width=16),
        Column("disbursement.get_state_display", "状态", width=10),
        Column("disbursement.paid_on", "发放日期", type="date", width=12),
        Column("amount", "金额", type="decimal", width=12),
    )


@register
class ReviewRoundSheet(ListSheet):
    kind = "review_rounds"
    title = _("Annual review")
    export_permission = "assistance.view_reviewround"
    list_url_name = "assistance:review_list"
    page_list = REVIEW_ROUNDS
    columns = (
        Column("year", "年度", width=8),
        Column("union.name", "工会", width=30),
        Column("files", "复核户数", width=10),
        Column("spot_checks", "入户抽查户数", width=12),
        Column("done", "已复核户数", width=10),
    )


@register
class FileReviewSheet(ListSheet):
    kind = "file_reviews"
    title = _("Reviews of the annual review")
    export_permission = "assistance.view_reviewround"
    list_url_name = "assistance:review_list"
    page_list = FILE_REVIEWS
    columns = (
        Column("file.number", "档案编号", type="code", width=16),
        Column("file.worker.name", "姓名", width=12),
        Column("union.name", "工会", width=30),
        Column("spot_check", "入户抽查", width=8),
        Column("get_outcome_display", "复核结论", width=14),
        Column("reviewed_at", "复核日期", type="date", width=12),
    )

    def export_values(self, obj: Any) -> list[Any]:
        values = super().export_values(obj)
        values[3] = "是" if obj.spot_check else "否"
        return values
