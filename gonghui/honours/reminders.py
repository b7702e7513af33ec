"""The model-worker care reminders: no Spring Festival visit yet, no health check this year.

* **Spring Festival visit** (走访慰问): from ``VISIT_NOTICE_DAYS`` days before the festival up to
  it, every model worker of the user's subtree without a Spring Festival visit in the season
  (``rules.festival_season``), due on the festival.
* **Health check** (体检): from 1 September, every model worker without a health check this
  year, due on 31 December.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import DateField, QuerySet, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.accounts.roles import Role
from gonghui.core.web.reminders import Kind, Provider, Reminder
from gonghui.honours import rules, selectors
from gonghui.honours.models import ModelWorker

VISIT = Kind(key="model-worker-visit", label=gettext_lazy("Model workers not visited before the Spring Festival"))
HEALTH = Kind(key="model-worker-health", label=gettext_lazy("Model workers without a health check this year"))
REMINDED = frozenset({Role.UNION_STAFF, Role.COUNTY_ADMIN, Role.GRASSROOTS_OFFICER})
VISIT_NOTICE_DAYS = 70
HEALTH_FROM_MONTH = 9


def _reminded(user: Any) -> bool:
    return user.role in REMINDED and user.has_perm("honours.view_modelworker")


class VisitReminders(Provider):
    def kinds(self) -> list[Kind]:
        return [VISIT]

    def queryset(self, user: Any, today: date) -> QuerySet[ModelWorker] | None:
        if not _reminded(user):
            return None
        _start, festival = rules.festival_season(today)
        rows = selectors.model_workers_for_user(user, care="not_visited", today=today)
        if today < festival - timedelta(days=VISIT_NOTICE_DAYS):
            rows = rows.none()
        return rows.annotate(due_on=Value(festival, output_field=DateField())).order_by("due_on", "id")

    def reminders(self, rows: list[ModelWorker], user: Any, today: date) -> list[Reminder]:
        return [
            Reminder(
                kind=VISIT,
                due_on=row.due_on,  # type: ignore[attr-defined]
                overdue=row.due_on < today,  # type: ignore[attr-defined]
                title=f"{row.name}（{row.get_level_display()}）",
                url=row.get_absolute_url(),
                union=row.union,
                what=_("Visit before the Spring Festival (走访慰问)"),
                detail=row.honour,
            )
            for row in rows
        ]


class HealthCheckReminders(Provider):
    def kinds(self) -> list[Kind]:
        return [HEALTH]

    def queryset(self, user: Any, today: date) -> QuerySet[ModelWorker] | None:
        if not _reminded(user):
            return None
        rows = selectors.model_workers_for_user(user, care="no_health_check", today=today)
        if today.month < HEALTH_FROM_MONTH:
            rows = rows.none()
        due = date(today.year, 12, 31)
        return rows.annotate(due_on=Value(due, output_field=DateField())).order_by("due_on", "id")

    def reminders(self, rows: list[ModelWorker], user: Any, today: date) -> list[Reminder]:
        return [
            Reminder(
                kind=HEALTH,
                due_on=row.due_on,  # type: ignore[attr-defined]
                overdue=row.due_on < today,  # type: ignore[attr-defined]
                title=f"{row.name}（{row.get_level_display()}）",
                url=row.get_absolute_url(),
                union=row.union,
                what=_("Yearly health check (体检)"),
                detail=row.honour,
            )
            for row in rows
        ]
