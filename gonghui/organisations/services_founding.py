"""Writes of the founding pipeline (组建): opening a case; the steps are the workflow's transitions.

An employer without a union enters the pipeline once: opening a case for an employer that
already has an open one returns that case. ``actor=None`` is the operator's command line.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record
from gonghui.core.tree.scoping import acting_as, assert_in_scope, system_scope
from gonghui.core.workflow.services import workflow_start
from gonghui.organisations.models import Employer, FoundingCase, SurveyVisit
from gonghui.organisations.workflows import OPEN_STATES


def _acting(actor: Any) -> Any:
    return acting_as(actor) if actor is not None else system_scope("founding case from the command line")


@transaction.atomic
def founding_case_open(
    *,
    actor: Any,
    employer: Employer,
    source: str = FoundingCase.Source.REGISTER,
    survey_visit: SurveyVisit | None = None,
    note: str = "",
) -> FoundingCase:
    """Put an employer without a union into the founding pipeline (or return its open case).

    Refused for an employer that has a union, is covered by a joint union, is not eligible or
    has closed down.
    """
    if actor is not None and not actor.has_perm("organisations.add_foundingcase"):
        raise PermissionDenied(_("You may not open founding cases."))
    with _acting(actor):
        if actor is not None:
            assert_in_scope(employer.union.path)
        # Serialise per employer: two visits recorded at once must not open two cases.
        Employer.unscoped.select_for_update().filter(pk=employer.pk).first()
        existing = FoundingCase.unscoped.filter(employer=employer, state__in=OPEN_STATES).first()
        if existing is not None:
            return existing
        if employer.status != Employer.Status.OPERATING:
            raise ValidationError(_("%(name)s has closed down.") % {"name": employer.name}, code="closed")
        if employer.union_status != Employer.UnionStatus.NONE:
            raise ValidationError(
                _("%(name)s is not without a union: %(status)s.")
                % {"name": employer.name, "status": employer.get_union_status_display()},
                code="organised",
            )
        case = FoundingCase.unscoped.create(
            union=employer.union,
            employer=employer,
            source=source,
            survey_visit=survey_visit,
            opened_by=actor,
        )
        workflow_start(actor=actor, obj=case, note=note)
        audit_record(
            Action.CREATE, obj=case, actor=actor, changes={"employer": [None, employer.pk], "source": [None, source]}
        )
    return case
