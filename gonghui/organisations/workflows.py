"""The founding pipeline (组建): an employer without a union is brought to found one or join a joint union.

    unorganised (未建会) ──start_preparing──▶ preparing (筹建) ──found──▶ founded (已建会)
         │                                      │
         ├──cover_by_joint──▶ joint (联合工会覆盖) ◀──cover_by_joint┘
         └──close──▶ closed (不再组建: closed down, not eligible, merged)   ◀──close── preparing

工会法 art. 11: 25 members or more elect a committee; fewer elect an organizer or join a joint union.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.declaration import CalendarDays, State, Transition, Workflow

if TYPE_CHECKING:
    from gonghui.core.services import Actor

FOUNDING_ROLES = frozenset({Role.COUNTY_ADMIN, Role.UNION_STAFF})
OPEN_STATES = ("unorganised", "preparing")
FORMS = "gonghui.organisations.forms_founding"

# The effects run inside the transition's transaction; the services they call are imported late
# (models.py imports this module).


def _start_preparing(case: Any, *, actor: Actor, note: str, data: dict[str, Any]) -> Any:
    from gonghui.organisations.services_founding import founding_case_start_preparing

    return founding_case_start_preparing(actor=actor, case=case, data=data)


def _found(case: Any, *, actor: Actor, note: str, data: dict[str, Any]) -> Any:
    from gonghui.organisations.services_founding import founding_case_found

    return founding_case_found(actor=actor, case=case, data=data)


def _cover_by_joint(case: Any, *, actor: Actor, note: str, data: dict[str, Any]) -> Any:
    from gonghui.organisations.services_founding import founding_case_cover_by_joint

    return founding_case_cover_by_joint(actor=actor, case=case, data=data)


def _close(case: Any, *, actor: Actor, note: str, data: dict[str, Any]) -> Any:
    from gonghui.organisations.services_founding import founding_case_close

    return founding_case_close(actor=actor, case=case, reason=data.get("reason", ""), note=note)


class FoundingFlow(Workflow):
    name = "founding"
    model = "organisations.FoundingCase"
    view_permission = "organisations.view_foundingcase"
    list_related = ("employer",)  # a case is named after its employer
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
            form=f"{FORMS}.StartPreparingForm",
            effect=_start_preparing,
            icon="hammer",
        ),
        Transition(
            "found",
            source="preparing",
            target="founded",
            label=_("Record the founding"),
            roles=FOUNDING_ROLES,
            form=f"{FORMS}.FoundForm",
            effect=_found,
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
            effect=_cover_by_joint,
            icon="diagram-3",
        ),
        Transition(
            "close",
            source=("unorganised", "preparing"),
            target="closed",
            label=_("Close without a union"),
            roles=FOUNDING_ROLES,
            form=f"{FORMS}.CloseForm",
            effect=_close,
            requires=("note",),
            style="outline-danger",
            icon="x-lg",
        ),
    ]
