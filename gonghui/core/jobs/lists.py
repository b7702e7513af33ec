"""The user's background jobs as a list: its filters, its pages and its export (the ``jobs`` sheet)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.jobs import selectors
from gonghui.core.jobs.models import Job
from gonghui.core.sheets.specs import Column, register
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, choice, search


class JobFilters(FilterForm):
    q = search(_("title"), testid="job-search")
    status = choice(_("status"), Job.Status.choices)


JOBS = ListDef(rows=selectors.jobs_for_user, filters=JobFilters, export="jobs")

TIMES = ("created_at", "started_at", "finished_at")


@register
class JobSheet(ListSheet):
    kind = "jobs"
    title = _("Background jobs")
    export_permission = "jobs.view_job"
    list_url_name = "jobs:job_list"
    page_list = JOBS
    columns = (
        Column("title", "任务", width=40),
        Column("get_status_display", "状态", width=10),
        Column("done", "已处理", width=10),
        Column("total", "总数", width=10),
        Column("created_at", "提交时间", width=18),
        Column("started_at", "开始时间", width=18),
        Column("finished_at", "结束时间", width=18),
        Column("attempt", "第几次运行", width=10),
        Column("message", "说明", width=50),
    )

    def export_values(self, obj: Any) -> list[Any]:
        values = super().export_values(obj)
        for index, column in enumerate(self.columns):
            if column.field in TIMES:
                when = getattr(obj, column.field)
                values[index] = timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S") if when else ""
        return values

    def narrow(self, rows: QuerySet[Any], union: Any) -> QuerySet[Any]:
        return rows.filter(subtree_q("union_path", union.path))
