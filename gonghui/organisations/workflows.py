"""The founding pipeline (组建): an employer without a union is brought to found one or join a joint union.

    unorganised (未建会) ──start_preparing──▶ preparing (筹建) ──found──▶ founded (已建会)
         │                                      │
         ├──cover_by_joint──▶ joint (联合工会覆盖) ◀──cover_by_joint┘
         └──close──▶ closed (不再组建: closed down, not eligible, merged)   ◀──close── preparing

工会法 art. 11: 25 members or more elect a committee; fewer elect an organiser or join a joint union.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import CalendarDays, State, Transition, Workflow

FOUNDING_ROLES = frozenset({Role.COUNTY_ADMIN, Role.UNION_STAFF})
OPEN_STATES = ("unorganised", "preparing")


class FoundingFlow(Workflow):
    name = "founding"
    model = "organisations.FoundingCase"
    view_permission = "organisations.view_foundingcase"
    states = [
        State("unorganised", _("No union yet"), deadline=CalendarDays(30), responsible_roles=FOUNDING_ROLES),
        State("preparing", _("Preparing"), deadline=CalendarDays(180), responsible_roles=FOUNDING_ROLES),
        State("founded", _("Union founded"), final=True),
        State("joint", _("Covered by a joint union"), final=True),
        State("closed", _("Closed without a union"), final=True),
    ]
    transitions = [
        Transition(
            "start_preparing",
            source="unorganised",
            target="preparing",
            label=_("Start preparing"),
            roles=FOUNDING_ROLES,
            icon="hammer",
        ),
        Transition(
            "found",
            source="preparing",
            target="founded",
            label=_("Record the founding"),
            roles=FOUNDING_ROLES,
            style="success",
            icon="flag",
        ),
        Transition(
            "cover_by_joint",
            source=("unorganised", "preparing"),
            target="joint",
            label=_("Cover by a joint union"),
            roles=FOUNDING_ROLES,
            icon="diagram-3",
        ),
        Transition(
            "close",
            source=("unorganised", "preparing"),
            target="closed",
            label=_("Close without a union"),
            roles=FOUNDING_ROLES,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]
