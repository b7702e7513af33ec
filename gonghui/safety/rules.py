"""The safety module's rules, in one place: rectification periods, re-inspection, timeliness, reporting up.

Sources (``/work/shared/reference/domain.md`` §2, safety row): the union supervises workplace
safety, may demand that hazards be fixed and joins accident investigations (安全生产法 arts. 7
and 60; 工会法 arts. 24–27). No statute sets how many days an employer has to fix a hazard found
by a union inspector: the inspector sets the period on the rectification notice (整改通知书), and
the platform counts it as the law counts periods (the notice's day not counted; a period ending
on a holiday or rest day ends on the next working day — ``core.calendar.statutory``). The other
periods below are this platform's defaults, not law, and are named as such wherever shown.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from gonghui.core.tree import paths as tree_paths
from gonghui.core.workflow.rules import CalendarDays, WorkingDays

#: Working days to issue the rectification notice after a hazard is recorded (platform default).
NOTICE_DAYS = 3
#: Working days to re-inspect (复查) once the employer reports the hazard fixed (platform default).
RECHECK_DAYS = 5
#: The longest rectification period a notice may set, in days (longer work is phased in notices).
MAX_RECTIFICATION_DAYS = 180
#: The period the notice form proposes: 15 days for a general hazard, 7 for a major one.
DEFAULT_DAYS = {"general": 15, "major": 7}

NOTICE_BASIS = _("the platform's rule for issuing the rectification notice")
RECHECK_BASIS = _("the platform's rule for re-inspection")
RECTIFICATION_BASIS = _("the period set by the rectification notice (整改通知书)")

NOTICE_RULE = WorkingDays(NOTICE_DAYS, basis=NOTICE_BASIS)
RECHECK_RULE = WorkingDays(RECHECK_DAYS, basis=RECHECK_BASIS)


def rectification_period(issued_on: date, days: int) -> tuple[CalendarDays, date]:
    """The rectification period of a notice issued on ``issued_on`` for ``days`` days, as a deadline rule.

    The rule and the day it counts from (the notice's day, not counted): the due date printed on
    the notice (``rectification_due``) and the workflow's deadline are this one computation.
    """
    return CalendarDays(days, basis=RECTIFICATION_BASIS), issued_on


def rectification_due(issued_on: date, days: int) -> date:
    """The last day to fix the hazard (整改期限): ``days`` calendar days after the notice, next working day if rest."""
    rule, start = rectification_period(issued_on, days)
    return rule.due(start).date


# --- Timeliness: what "fixed on time" and "overdue" mean, for lists and figures alike ------------

# The timeliness of a hazard; its filter, which reads the workflow's states, is ``workflows.timeliness_q``.
ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"
TIMELINESS = (
    (ON_TIME, _("fixed on time")),
    (LATE, _("fixed late")),
    (OVERDUE, _("overdue")),
)


# --- A major hazard is reported up the tree at once ----------------------------------------------


def report_paths(union_path: str) -> list[str]:
    """The unions a major hazard found under ``union_path`` is reported to: every union above it, nearest first."""
    return list(reversed(tree_paths.ancestor_paths(union_path)))
