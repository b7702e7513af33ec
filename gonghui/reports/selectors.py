"""The work report's reads: each answers for the user it is given (``core/selectors.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.core.selectors import selector
from gonghui.reports.models import ReportTemplate, WorkReport

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User


@selector
def reports_for_user(user: User) -> QuerySet[WorkReport]:
    """The work reports of ``user``'s subtree they may read, newest first: their own, and the finished
    reports of others whose every figure they may read too."""
    rows = WorkReport.objects.select_related("union", "requested_by").filter(
        Q(requested_by=user) | Q(status=WorkReport.Status.READY)
    )
    held = set(user.get_all_permissions())
    named = {p for text in rows.values_list("permissions", flat=True).distinct() for p in (text or "").split()}
    for permission in sorted(named - held):
        rows = rows.exclude(Q(permissions__contains=f" {permission} ") & ~Q(requested_by=user))
    return rows.order_by("-created_at", "-id")


@selector(sample=lambda s: {"report_id": s.id("report_id")})
def get_report_for_user(user: User, report_id: int) -> WorkReport:
    """One work report ``user`` may read; 404 outside their subtree or their reading."""
    return get_object_or_404(reports_for_user(user), pk=report_id)


@selector
def templates_for_user(user: User) -> QuerySet[ReportTemplate]:
    """The templates uploaded in ``user``'s subtree, newest first (the county's, for the county)."""
    return ReportTemplate.objects.select_related("uploaded_by").order_by("-created_at", "-id")


def county_template() -> ReportTemplate | None:
    """The template in use: the newest active one uploaded by the county (None: the default template).

    Reads no user's rows: the county's template is what every report in the county is written into,
    the report of a township included, whose staff cannot see the county's own rows.
    """
    # unscoped: the county's template serves every report in the county, a township's too
    templates = ReportTemplate.unscoped.filter(active=True, union__depth=1)
    return templates.order_by("-created_at", "-id").first()
