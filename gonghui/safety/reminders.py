"""The safety module's reminders: major hazards reported to the user's union, not acknowledged yet.

A hazard's own deadlines (notice, rectification, re-inspection) are the workflow's reminders
(``core.workflow.reminders.DeadlineReminders``), escalated ones included.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.accounts.roles import Role
from gonghui.core.web.reminders import Badge, Kind, Provider, Reminder
from gonghui.safety import selectors
from gonghui.safety.models import MajorHazardReport

MAJOR = Kind(key="major-hazard", label=gettext_lazy("Major hazards reported"))
REMINDED = frozenset({Role.UNION_STAFF, Role.COUNTY_ADMIN})


class MajorHazardReminders(Provider):
    """Major hazards reported to the user's own union (township, county) until someone acknowledges them."""

    due_field = "reported_on"

    def kinds(self) -> list[Kind]:
        return [MAJOR]

    def queryset(self, user: Any, today: date) -> QuerySet[MajorHazardReport] | None:
        if user.role not in REMINDED or not user.has_perm("safety.view_hazard"):
            return None
        return selectors.major_reports_pending(user)

    def reminders(self, rows: list[MajorHazardReport], user: Any, today: date) -> list[Reminder]:
        return [
            Reminder(
                kind=MAJOR,
                due_on=report.reported_on,
                overdue=report.reported_on < today,
                title=str(report.hazard),
                url=report.hazard.get_absolute_url(),
                union=report.hazard.union,
                what=_("Major hazard: acknowledge the report"),
                detail=_("found on %(day)s") % {"day": f"{report.hazard.found_on:%Y-%m-%d}"},
                badges=(Badge(_("major"), "danger"),),
            )
            for report in rows
        ]
