"""A nomination's way from the nominating union's list to commendation.

::

    draft ──submit──▶ submitted ──review_township──▶ township_reviewed ──review_county──▶ county_reviewed
    (推荐)            (报送)                          (乡镇初审)                            (县级评审)
        ──publish──▶ notice ──approve──▶ commended (表彰, certificate issued)
                     (公示 N working days; approval only after the notice's last day)
    withdraw: draft / submitted → withdrawn;  refuse: submitted … notice → refused (with the reason)

Submission is refused while the nominating union's list for the campaign is over its quota or
breaks one of the campaign's composition rules (``rules.composition``). A reviewer is never the
person who wrote the nomination (maker ≠ checker).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.calendar import statutory
from gonghui.core.workflow.declaration import State, StateKind, Transition, Workflow, WorkingDays
from gonghui.core.workflow.rules import Rule

if TYPE_CHECKING:
    from gonghui.core.services import Actor

SERVICES = "gonghui.honours.services"
FORMS = "gonghui.honours.forms"

NOMINATING_ROLES = frozenset({Role.GRASSROOTS_OFFICER, Role.UNION_STAFF, Role.COUNTY_ADMIN})
TOWNSHIP_ROLES = frozenset({Role.UNION_STAFF, Role.COUNTY_ADMIN})
COUNTY_ROLES = frozenset({Role.COUNTY_ADMIN})
WAITING = StateKind.WAITING
NOTICE_BASIS = _("counted from the first day of the notice")
# The shortest public notice (公示) of a nomination, in working days.
MIN_NOTICE_DAYS = 5

# The states whose nominations count against the quota and the composition rules.
LIVE_STATES = ("draft", "submitted", "township_reviewed", "county_reviewed", "notice", "commended")
REVIEW_STATES = ("submitted", "township_reviewed", "county_reviewed", "notice")


def notice_period(starts_on: date, working_days: int) -> tuple[WorkingDays, date]:
    """A notice of ``working_days`` working days from ``starts_on``: the rule and the day it counts from."""
    return WorkingDays(working_days, basis=NOTICE_BASIS), starts_on - timedelta(days=1)


def _not_the_maker(nomination: Any, actor: Actor) -> bool:
    return actor is None or nomination.made_by_id != actor.pk


def _list_in_order(nomination: Any, actor: Actor) -> bool:
    from gonghui.honours import rules  # rules reads the models, which import this module

    return not rules.submission_problems(nomination.campaign, nomination.union, adding=nomination)


class NominationFlow(Workflow):
    name = "nomination"
    model = "honours.Nomination"
    view_permission = "honours.view_nomination"
    list_related = ("campaign",)
    states = [
        State("draft", _("Being prepared"), responsible_roles=NOMINATING_ROLES),
        State(
            "submitted",
            _("Submitted, township review"),
            deadline=WorkingDays(10),
            responsible_roles=TOWNSHIP_ROLES,
            kind=WAITING,
        ),
        State(
            "township_reviewed",
            _("Reviewed by the township, county review"),
            deadline=WorkingDays(10),
            responsible_roles=COUNTY_ROLES,
            kind=WAITING,
        ),
        State(
            "county_reviewed",
            _("Reviewed by the county, notice to publish"),
            deadline=WorkingDays(5),
            responsible_roles=COUNTY_ROLES,
            kind=WAITING,
        ),
        State(
            "notice",
            _("Public notice"),
            deadline=WorkingDays(MIN_NOTICE_DAYS, basis=NOTICE_BASIS),
            responsible_roles=COUNTY_ROLES,
            kind=WAITING,
        ),
        State("commended", _("Commended"), final=True, kind=StateKind.DONE),
        State("refused", _("Not commended"), final=True, kind=StateKind.REFUSED),
        State("withdrawn", _("Withdrawn"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "submit",
            source="draft",
            target="submitted",
            label=_("Submit (报送)"),
            roles=NOMINATING_ROLES,
            guard=_list_in_order,
            guard_message=_("The union's list is over its quota or breaks a composition rule: see the campaign."),
            icon="send",
        ),
        Transition(
            "review_township",
            source="submitted",
            target="township_reviewed",
            label=_("Township review passed (初审)"),
            roles=TOWNSHIP_ROLES,
            guard=_not_the_maker,
            guard_message=_("Someone other than the person who wrote the nomination reviews it."),
            icon="check2",
        ),
        Transition(
            "review_county",
            source="township_reviewed",
            target="county_reviewed",
            label=_("County review passed (评审)"),
            roles=COUNTY_ROLES,
            guard=_not_the_maker,
            guard_message=_("Someone other than the person who wrote the nomination reviews it."),
            icon="check2-all",
        ),
        Transition(
            "publish",
            source="county_reviewed",
            target="notice",
            label=_("Publish the notice (公示)"),
            roles=COUNTY_ROLES,
            form=f"{FORMS}.NoticeStepForm",
            effect=f"{SERVICES}.nomination_publish_notice",
            icon="megaphone",
        ),
        Transition(
            "approve",
            source="notice",
            target="commended",
            label=_("Approve and commend (表彰)"),
            roles=COUNTY_ROLES,
            effect=f"{SERVICES}.nomination_approve",
            style="success",
            icon="award",
        ),
        Transition(
            "refuse",
            source=REVIEW_STATES,
            target="refused",
            label=_("Not to be commended"),
            roles=TOWNSHIP_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
        Transition(
            "withdraw",
            source=("draft", "submitted"),
            target="withdrawn",
            label=_("Withdraw"),
            roles=NOMINATING_ROLES,
            style="outline-secondary",
            icon="arrow-counterclockwise",
        ),
    ]

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """In notice, the nomination is due when its notice ends."""
        if state == "notice" and obj.notice_starts is not None and obj.notice_ends is not None:
            counted_from = obj.notice_starts - timedelta(days=1)
            days = statutory.working_days_between(counted_from, obj.notice_ends, assume_weekdays=True)
            return notice_period(obj.notice_starts, days)
        return super().deadline_rule(obj, state, entered_on)


NominationState = NominationFlow.constants
