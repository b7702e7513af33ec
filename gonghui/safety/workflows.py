"""A hazard's way from being found to being fixed (查隐患、促整改、保安全)::

    found ──issue_notice──▶ rectifying ──report──▶ reported ──recheck_pass──▶ closed
    (发现)  (整改通知书,       (整改中, due     (单位报告整改)   (复查合格)        (销号)
             N days)          on the notice)        │                           │
                 ▲                                   │ recheck_fail (复查不合格,   │ reopen (重新整改,
                 └───────────── new period ◀─────────┘  new period)    ◀─────────┘  new period)

Deadlines: the notice within ``rules.NOTICE_DAYS`` working days, the rectification by the
notice's due day (``rules.rectification_period``: the notice and the deadline are one
computation), the re-inspection within ``rules.RECHECK_DAYS`` working days. An overdue
deadline escalates after the core's grace period to the union above (the township), then,
after another grace period, to the one above that (the county): ``escalation_levels = None``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow
from gonghui.core.workflow.rules import Rule
from gonghui.safety import rules

HAZARD_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
FORMS = "gonghui.safety.forms"


# The effects run inside the transition's transaction, named by dotted path: the core imports them
# when a step is taken (models.py imports this module, the services import the models).
SERVICES = "gonghui.safety.services"


class HazardFlow(Workflow):
    name = "hazard"
    model = "safety.Hazard"
    view_permission = "safety.view_hazard"
    list_related = ("employer",)
    # Overdue: to the township, then the county (one grace period each), never past the root.
    escalation_levels = None
    states = [
        State("found", _("Found"), deadline=rules.NOTICE_RULE, responsible_roles=HAZARD_ROLES, kind=StateKind.OPEN),
        # The rule is the notice's own period (deadline_rule below); this one is never used.
        State(
            "rectifying",
            _("Being rectified"),
            deadline=rules.NOTICE_RULE,
            responsible_roles=HAZARD_ROLES,
            kind=StateKind.WAITING,
        ),
        State(
            "reported",
            _("Rectification reported"),
            deadline=rules.RECHECK_RULE,
            responsible_roles=HAZARD_ROLES,
            kind=StateKind.OPEN,
        ),
        # Not final: a hazard that comes back is reopened.
        State("closed", pgettext_lazy("safety", "Closed"), kind=StateKind.DONE),
    ]
    transitions = [
        Transition(
            "issue_notice",
            source="found",
            target="rectifying",
            label=_("Issue the rectification notice"),
            roles=HAZARD_ROLES,
            form=f"{FORMS}.NoticeForm",
            effect=f"{SERVICES}.hazard_notice_issue",
            icon="file-earmark-text",
        ),
        Transition(
            "report",
            source="rectifying",
            target="reported",
            label=_("Record the employer's rectification report"),
            roles=HAZARD_ROLES,
            form=f"{FORMS}.RectificationReportForm",
            effect=f"{SERVICES}.hazard_rectification_report",
            icon="clipboard-check",
        ),
        Transition(
            "recheck_pass",
            source="reported",
            target="closed",
            label=_("Re-inspected: fixed"),
            roles=HAZARD_ROLES,
            form=f"{FORMS}.RecheckForm",
            effect=f"{SERVICES}.hazard_recheck_pass",
            style="success",
            icon="check2-circle",
        ),
        Transition(
            "recheck_fail",
            source="reported",
            target="rectifying",
            label=_("Re-inspected: not fixed"),
            roles=HAZARD_ROLES,
            requires=("note",),
            form=f"{FORMS}.RecheckAgainForm",
            effect=f"{SERVICES}.hazard_recheck_fail",
            style="warning",
            icon="arrow-counterclockwise",
        ),
        Transition(
            "reopen",
            source="closed",
            target="rectifying",
            label=_("Reopen"),
            roles=HAZARD_ROLES,
            requires=("note",),
            form=f"{FORMS}.ReopenForm",
            effect=f"{SERVICES}.hazard_reopen",
            style="danger",
            icon="arrow-repeat",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """In rectification, the deadline is the notice's due day (its period counted from its day)."""
        if state == HazardState.RECTIFYING and obj.notice_issued_on and obj.rectification_days:
            return rules.rectification_period(obj.notice_issued_on, obj.rectification_days)
        return super().deadline_rule(obj, state, entered_on)


HazardState = HazardFlow.constants  # HazardState.FOUND == "found" …
#: Found, being rectified or reported: not closed.
OPEN_STATES = (HazardState.FOUND, HazardState.RECTIFYING, HazardState.REPORTED)


def timeliness_q(value: str, today: date) -> Q | None:
    """The hazards of one timeliness (``rules.TIMELINESS``), as a filter (None: not a timeliness).

    * fixed on time: closed, and the employer reported the rectification on or before the due day;
    * fixed late: closed, reported after the due day;
    * overdue: still being rectified (no report yet) after the due day.
    """
    if value == rules.ON_TIME:
        return Q(state=HazardState.CLOSED, rectified_on__isnull=False, rectified_on__lte=F("due_on"))
    if value == rules.LATE:
        return Q(state=HazardState.CLOSED, rectified_on__isnull=False, rectified_on__gt=F("due_on"))
    if value == rules.OVERDUE:
        return Q(state=HazardState.RECTIFYING, due_on__lt=today)
    return None


def is_overdue(state: str, due_on: date | None, today: date) -> bool:
    return state == HazardState.RECTIFYING and due_on is not None and due_on < today
