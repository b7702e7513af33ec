"""The founding pipeline (组建): an employer without a union is brought to found one or join a joint union.

    unorganised (未建会) ──start_preparing──▶ preparing (筹建) ──found──▶ founded (已建会)
         │                                      │
         ├──cover_by_joint──▶ joint (联合工会覆盖) ◀──cover_by_joint┘
         └──close──▶ closed (不再组建: closed down, not eligible, merged)   ◀──close── preparing

工会法 art. 11: 25 members or more elect a committee; fewer elect an organizer or join a joint union.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import CalendarDays, State, StateKind, Transition, Workflow

FOUNDING_ROLES = frozenset({Role.COUNTY_ADMIN, Role.UNION_STAFF})
FORMS = "gonghui.organisations.forms.founding"
# The effects run inside the transition's transaction, named by dotted path: the core imports them
# when a step is taken (models.py imports this module, the services import the models).
SERVICES = "gonghui.organisations.services.founding"


class FoundingFlow(Workflow):
    name = "founding"
    model = "organisations.FoundingCase"
    view_permission = "organisations.view_foundingcase"
    list_related = ("employer",)  # a case is named after its employer
    states = [
        State(
            "unorganised",
            _("No union yet"),
            deadline=CalendarDays(30),
            responsible_roles=FOUNDING_ROLES,
            kind=StateKind.WAITING,
        ),
        State("preparing", _("Preparing"), deadline=CalendarDays(180), responsible_roles=FOUNDING_ROLES),
        State("founded", _("Union founded"), final=True),
        State("joint", _("Covered by a joint union"), final=True),
        State("closed", _("Closed without a union"), final=True, kind=StateKind.CANCELLED),
    ]
    transitions = [
        Transition(
            "start_preparing",
            source="unorganised",
            target="preparing",
            label=_("Start preparing"),
            roles=FOUNDING_ROLES,
            form=f"{FORMS}.StartPreparingForm",
            effect=f"{SERVICES}.founding_case_start_preparing",
            icon="hammer",
        ),
        Transition(
            "found",
            source="preparing",
            target="founded",
            label=_("Record the founding"),
            roles=FOUNDING_ROLES,
            form=f"{FORMS}.FoundForm",
            effect=f"{SERVICES}.founding_case_found",
            style="success",
            icon="flag",
        ),
        Transition(
            "cover_by_joint",
            source=("unorganised", "preparing"),
            target="joint",
            label=_("Cover by a joint union"),
            roles=FOUNDING_ROLES,
            form=f"{FORMS}.CoverByJointForm",
            effect=f"{SERVICES}.founding_case_cover_by_joint",
            icon="diagram-3",
        ),
        Transition(
            "close",
            source=("unorganised", "preparing"),
            target="closed",
            label=_("Close without a union"),
            roles=FOUNDING_ROLES,
            form=f"{FORMS}.CloseForm",
            effect=f"{SERVICES}.founding_case_close",
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]


#: The founding case's states as constants: ``FoundingState.PREPARING == "preparing"``.
FoundingState = FoundingFlow.constants
OPEN_STATES = (FoundingState.UNORGANISED, FoundingState.PREPARING)
