"""The statistics form's workflow: a union fills it in and submits it; the federation above may reopen it.

::

    draft ──submit (every table reads 逻辑正确)──▶ submitted
      ▲                                              │
      └──────────reopen (the federation above, a reason)──┘

Submitting is refused while a check fails: the guard hides the step, and the effect names the
failing rules should the form have changed meanwhile. Only a union above the form's union reopens
it (its staff or the county), never the union itself.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow

FILLING_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
REOPENING_ROLES = frozenset({Role.UNION_STAFF, Role.COUNTY_ADMIN})

# Effects by dotted path: the core imports them when a step is taken (the services import the models).
SERVICES = "gonghui.statistics.services"


def _checks_pass(report: Any, actor: Any) -> bool:
    from gonghui.statistics import selectors  # the selectors read the models, which import this module

    return selectors.report_checks_pass(actor, report)


def _from_above(report: Any, actor: Any) -> bool:
    """The actor sits at a union above the form's union (a federation), not at the union itself."""
    return actor is None or actor.union_id != report.union_id


class ReportFlow(Workflow):
    name = "statistics-report"
    model = "statistics.StatisticsReport"
    view_permission = "statistics.view_statisticsreport"
    list_related = ("union",)
    states = [
        State("draft", _("Being filled in"), responsible_roles=FILLING_ROLES),
        State("submitted", _("Submitted"), kind=StateKind.DONE),  # not final: the federation may reopen it
    ]
    transitions = [
        Transition(
            "submit",
            source="draft",
            target="submitted",
            label=_("Submit the form"),
            roles=FILLING_ROLES,
            guard=_checks_pass,
            guard_message=_("Every table must read “Logic correct” before the form is submitted."),
            effect=f"{SERVICES}.report_submitted",
            icon="send",
        ),
        Transition(
            "reopen",
            source="submitted",
            target="draft",
            label=_("Reopen the form"),
            roles=REOPENING_ROLES,
            guard=_from_above,
            guard_message=_("Only the federation above the union reopens its form."),
            requires=("note",),
            effect=f"{SERVICES}.report_reopened",
            style="outline-secondary",
            icon="arrow-counterclockwise",
        ),
    ]


ReportState = ReportFlow.constants
