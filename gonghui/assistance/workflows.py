"""The hardship file's way to filing (建档) and out again, and a disbursement batch's four eyes.

Hardship file::

    application ──check──▶ checked ──visit──▶ visited ──verify──▶ verified ──publish──▶ notice ──approve──▶ filed
    (申请)        (初审)              (入户调查, signed forms)  (核对)               (公示 N working days)  (建档)
         └────────────── refuse (不予建档, with the reason) ◀───────────────────────────────┘
    filed ──exit──▶ exited (解困脱困, with the reason) ──reopen──▶ application (返困: checked again)

Disbursement batch::

    draft ──submit──▶ submitted ──check──▶ checked ──approve──▶ approved ──pay──▶ paid
      ▲                  │ (a second person)  │ (≠ the maker; every other grant checked)
      └──── return ◀─────┴────────────────────┘          cancel: draft / submitted / checked
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.calendar import statutory
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow, WorkingDays
from gonghui.core.workflow.guards import not_the_maker
from gonghui.core.workflow.rules import Rule

if TYPE_CHECKING:
    pass

LOCAL_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
CENTRE_ROLES = frozenset({Role.ASSISTANCE_CENTRE})
FILE_ROLES = LOCAL_ROLES | CENTRE_ROLES
MAKER_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN, Role.ASSISTANCE_CENTRE})
APPROVER_ROLES = frozenset({Role.ASSISTANCE_CENTRE, Role.COUNTY_ADMIN})
OPEN_FILE_STATES = ("application", "checked", "visited", "verified", "notice")
FORMS = "gonghui.assistance.forms"

NOTICE_BASIS = _("counted from the first day of the notice")
WAITING = StateKind.WAITING


def notice_period(starts_on: date, working_days: int) -> tuple[WorkingDays, date]:
    """A public notice (公示) of ``working_days`` working days from ``starts_on``, as a deadline rule.

    The rule and the day it counts from (the day before the notice, not counted itself): the
    notice's last day (``services.notice_end``) and the deadline of the file in notice are this
    one computation, so the page's notice period and its deadline cannot disagree.
    """
    return WorkingDays(working_days, basis=NOTICE_BASIS), starts_on - timedelta(days=1)


# The effects run inside the transition's transaction, named by dotted path: the core imports them
# when a step is taken (models.py imports this module, the services import the models).
SERVICES = "gonghui.assistance.services"


class HardshipFileFlow(Workflow):
    name = "hardship-file"
    model = "assistance.HardshipFile"
    view_permission = "assistance.view_hardshipfile"
    states = [
        State("application", _("Application"), deadline=WorkingDays(10), responsible_roles=LOCAL_ROLES, kind=WAITING),
        State(
            "checked", _("Checked by the union"), deadline=WorkingDays(10), responsible_roles=LOCAL_ROLES, kind=WAITING
        ),
        State("visited", _("Home visit made"), deadline=WorkingDays(15), responsible_roles=CENTRE_ROLES, kind=WAITING),
        State(
            "verified", _("Finances verified"), deadline=WorkingDays(5), responsible_roles=CENTRE_ROLES, kind=WAITING
        ),
        # The declared rule is the shortest notice; a file's deadline is its own notice's last day (below).
        State(
            "notice",
            _("Public notice"),
            deadline=WorkingDays(settings.GONGHUI_NOTICE_WORKING_DAYS, basis=NOTICE_BASIS),
            responsible_roles=CENTRE_ROLES,
            kind=WAITING,
        ),
        State("filed", _("Filed"), kind=StateKind.DONE),
        State("exited", _("Left hardship"), kind=StateKind.CANCELLED),
        State("refused", _("Not filed"), final=True, kind=StateKind.REFUSED),
    ]
    transitions = [
        Transition(
            "check",
            source="application",
            target="checked",
            label=_("First check passed (初审)"),
            roles=LOCAL_ROLES,
            effect=f"{SERVICES}.file_check_qualifies",
            icon="check2",
        ),
        Transition(
            "visit",
            source="checked",
            target="visited",
            label=_("Record the home visit (入户调查)"),
            roles=LOCAL_ROLES,
            form=f"{FORMS}.VisitStepForm",
            effect=f"{SERVICES}.file_record_visit",
            requires=("attachment",),
            icon="house-door",
        ),
        Transition(
            "verify",
            source="visited",
            target="verified",
            label=_("Finances verified (核对)"),
            roles=CENTRE_ROLES,
            effect=f"{SERVICES}.file_check_qualifies",
            icon="search",
        ),
        Transition(
            "publish",
            source="verified",
            target="notice",
            label=_("Publish the notice (公示)"),
            roles=CENTRE_ROLES,
            form=f"{FORMS}.NoticeStepForm",
            effect=f"{SERVICES}.file_publish_notice",
            icon="megaphone",
        ),
        Transition(
            "approve",
            source="notice",
            target="filed",
            label=_("Approve and file (建档)"),
            roles=CENTRE_ROLES,
            effect=f"{SERVICES}.file_approve",
            style="success",
            icon="folder-check",
        ),
        Transition(
            "refuse",
            source=OPEN_FILE_STATES,
            target="refused",
            label=_("Refuse"),
            roles=FILE_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
        Transition(
            "exit",
            source="filed",
            target="exited",
            label=_("Left hardship (解困脱困)"),
            roles=FILE_ROLES,
            form=f"{FORMS}.ExitStepForm",
            effect=f"{SERVICES}.file_exit",
            style="outline-secondary",
            icon="box-arrow-right",
        ),
        Transition(
            "reopen",
            source="exited",
            target="application",
            label=_("Hardship returned (返困)"),
            roles=FILE_ROLES,
            effect=f"{SERVICES}.file_reopen",
            requires=("note",),
            icon="arrow-counterclockwise",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """In notice, the file is due when its notice ends: the notice's own working days from its first day."""
        if state == "notice" and obj.notice_starts is not None and obj.notice_ends is not None:
            counted_from = obj.notice_starts - timedelta(days=1)
            # How many working days the notice was published for (its end is the last of them).
            days = statutory.working_days_between(counted_from, obj.notice_ends, assume_weekdays=True)
            return notice_period(obj.notice_starts, days)
        return super().deadline_rule(obj, state, entered_on)


_not_the_maker = not_the_maker("made_by")


class DisbursementFlow(Workflow):
    name = "disbursement"
    model = "assistance.Disbursement"
    view_permission = "assistance.view_disbursement"
    states = [
        State("draft", _("Being made"), responsible_roles=MAKER_ROLES),
        State(
            "submitted", _("Waiting for a check"), deadline=WorkingDays(5), responsible_roles=MAKER_ROLES, kind=WAITING
        ),
        State(
            "checked",
            _("Waiting for approval"),
            deadline=WorkingDays(5),
            responsible_roles=APPROVER_ROLES,
            kind=WAITING,
        ),
        State(
            "approved",
            _("Approved, to be paid"),
            deadline=WorkingDays(10),
            responsible_roles=APPROVER_ROLES,
            kind=StateKind.DONE,  # the four eyes have approved; the payment is bookkeeping
        ),
        State("paid", _("Paid"), final=True),
        State("cancelled", _("Cancelled"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "submit",
            source="draft",
            target="submitted",
            label=_("Submit for checking"),
            roles=MAKER_ROLES,
            effect=f"{SERVICES}.disbursement_validate_for_step",
            icon="send",
        ),
        Transition(
            "check",
            source="submitted",
            target="checked",
            label=_("Checked (second person)"),
            roles=MAKER_ROLES,
            guard=_not_the_maker,
            guard_message=_("The person who made the batch cannot check it: a second person must."),
            effect=f"{SERVICES}.disbursement_record_checker",
            icon="check2-square",
        ),
        Transition(
            "approve",
            source="checked",
            target="approved",
            label=_("Approve"),
            roles=APPROVER_ROLES,
            guard=_not_the_maker,
            guard_message=_("The person who made the batch cannot approve it."),
            effect=f"{SERVICES}.disbursement_approve",
            style="success",
            icon="patch-check",
        ),
        Transition(
            "pay",
            source="approved",
            target="paid",
            label=_("Mark as paid"),
            roles=APPROVER_ROLES,
            form=f"{FORMS}.PayStepForm",
            effect=f"{SERVICES}.disbursement_pay",
            icon="cash-coin",
        ),
        Transition(
            "return",
            source=("submitted", "checked"),
            target="draft",
            label=_("Return to the maker"),
            roles=MAKER_ROLES,
            requires=("note",),
            style="outline-secondary",
            icon="arrow-return-left",
        ),
        Transition(
            "cancel",
            source=("draft", "submitted", "checked"),
            target="cancelled",
            label=_("Cancel the batch"),
            roles=MAKER_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]


#: The states as constants: ``FileState.FILED == "filed"``, ``BatchState.PAID == "paid"``.
FileState = HardshipFileFlow.constants
BatchState = DisbursementFlow.constants
