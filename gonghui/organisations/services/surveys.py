"""Writes of survey campaigns (普查, "广普查、深组建、全覆盖"): opening, assigning, closing, visits.

The county federation opens a campaign for a period and assigns it to township (or sector)
federations; each assignment's target is the operating employers kept in that federation's
part of the tree. Township staff record one visit per employer seen: a headcount found that
differs from the register updates the register (audited); an employer found without a union
that the register also has without one enters the founding pipeline; a union status found
that contradicts the register is not written over the register but shows as a discrepancy
to reconcile (see ``selectors.surveys.discrepancy_q``).

Every service is a ``@service`` (``core/services.py``): the actor's permission, one transaction,
the actor's scope; it validates, writes and records one audit row. ``actor=None`` is the
operator's command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.organisations.models import Employer, FoundingCase, Survey, SurveyAssignment, SurveyVisit
from gonghui.organisations.services.employers import employer_update
from gonghui.organisations.services.founding import founding_case_open

ASSIGNABLE_KINDS = (Union.Kind.TOWNSHIP, Union.Kind.SECTOR)
SURVEY_FIELDS = ["union", "name", "starts_on", "ends_on", "notes", "status"]
VISIT_FIELDS = [
    "assignment",
    "employer",
    "visited_on",
    "visitors",
    "headcount_found",
    "union_status_found",
    "notes",
]


@dataclass(frozen=True)
class VisitOutcome:
    """What recording a visit did: the visit, the founding case it led to, what it changed or flagged."""

    visit: SurveyVisit
    founding_case: FoundingCase | None = None
    case_opened: bool = False  # False: the employer's open case already existed
    headcount_updated: bool = False
    discrepancy: bool = False


def targets_for(unions: Iterable[Union]) -> dict[int, int]:
    """The operating employers kept in each union's part of the tree, in one aggregate query."""
    unions = list(unions)
    if not unions:
        return {}
    with system_scope("counting the employers each assigned union keeps"):
        # unscoped: targets count every employer in each assigned union's part of the tree
        counts = Employer.unscoped.filter(status=Employer.Status.OPERATING).aggregate(
            **{f"u{union.pk}": Count("pk", filter=subtree_q("union__path", union.path)) for union in unions}
        )
    return {union.pk: counts[f"u{union.pk}"] or 0 for union in unions}


def _validate_assignable(opener: Union, unions: list[Union]) -> None:
    for union in unions:
        if union.kind not in ASSIGNABLE_KINDS:
            raise ValidationError(
                {"assigned_unions": _("%(union)s is not a township or sector federation.") % {"union": union.name}}
            )
        if not union.path.startswith(opener.path):
            raise ValidationError(
                {
                    "assigned_unions": _("%(union)s is not under %(opener)s.")
                    % {"union": union.name, "opener": opener.name}
                }
            )


def _create_assignments(survey: Survey, unions: list[Union]) -> list[SurveyAssignment]:
    targets = targets_for(unions)
    created: list[SurveyAssignment] = []
    for union in unions:
        # unscoped: a create, under a union the service checked in scope
        assignment = SurveyAssignment.unscoped.create(survey=survey, union=union, target=targets[union.pk])
        audit_record(
            Action.CREATE,
            obj=assignment,
            changes={"survey": [None, survey.pk], "union": [None, union.pk], "target": [None, assignment.target]},
        )
        created.append(assignment)
    return created


@service(perm=("organisations.add_survey", "organisations.add_surveyassignment"))
def survey_open(
    *,
    actor: Actor,
    union: Union,
    name: str,
    starts_on: date,
    ends_on: date,
    notes: str = "",
    assigned_unions: Iterable[Union],
) -> Survey:
    """Open a campaign of ``union`` (the county, usually) and assign it to township/sector federations.

    Each assignment's target is the operating employers its union keeps in its part of the tree
    when the campaign opens.
    """
    unions = list({u.pk: u for u in assigned_unions}.values())
    check_scope(actor, union)
    for assigned in unions:
        check_scope(actor, assigned)
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = _("Give the campaign a name.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The campaign cannot end before it starts.")
    if not unions:
        errors["assigned_unions"] = _("Assign the campaign to at least one township or sector federation.")
    if errors:
        raise ValidationError(errors)
    _validate_assignable(union, unions)
    survey = Survey(
        union=union,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        notes=(notes or "").strip(),
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    survey.full_clean(exclude=["union", "opened_by"])
    survey.save()
    audit_record(Action.CREATE, obj=survey, changes=diff({}, snapshot(survey, SURVEY_FIELDS)))
    _create_assignments(survey, sorted(unions, key=lambda u: u.path))
    return survey


@service(perm="organisations.add_surveyassignment")
def survey_assign(*, actor: Actor, survey: Survey, union: Union) -> SurveyAssignment:
    """Add a township or sector federation to an open campaign (its target counted now)."""
    check_scope(actor, survey.union)
    check_scope(actor, union)
    survey = Survey.unscoped.select_for_update().get(pk=survey.pk)  # unscoped: its union checked above
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("The campaign is closed."))
    _validate_assignable(survey.union, [union])
    # unscoped: the campaign's assignments, the union's included wherever it lies
    if SurveyAssignment.unscoped.filter(survey=survey, union=union).exists():
        raise ValidationError({"union": _("%(union)s is already assigned to this campaign.") % {"union": union.name}})
    (assignment,) = _create_assignments(survey, [union])
    return assignment


@service(perm="organisations.change_survey")
def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    """Close a campaign: no more visits are recorded in it."""
    check_scope(actor, survey.union)
    survey = Survey.unscoped.select_for_update().get(pk=survey.pk)  # unscoped: its union checked above
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("The campaign is already closed."))
    before = snapshot(survey, SURVEY_FIELDS)
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    audit_record(Action.UPDATE, obj=survey, changes=diff(before, snapshot(survey, SURVEY_FIELDS)))
    return survey


def _validate_visit(
    *, assignment: SurveyAssignment, survey: Survey, employer: Employer, visited_on: date, visitors: str
) -> None:
    if survey.status != Survey.Status.OPEN:
        raise ValidationError(_("The campaign is closed: no more visits can be recorded."))
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if visited_on > today:
        errors["visited_on"] = _("The visit date lies in the future.")
    elif not survey.starts_on <= visited_on <= survey.ends_on:
        errors["visited_on"] = _("The visit date lies outside the campaign (%(start)s to %(end)s).") % {
            "start": survey.starts_on.isoformat(),
            "end": survey.ends_on.isoformat(),
        }
    if not (visitors or "").strip():
        errors["visitors"] = _("Say who made the visit.")
    with system_scope("the assignment union's part of the tree"):
        # unscoped: the employer's keeping union, compared with the assignment's
        employer_path = Union.unscoped.filter(pk=employer.union_id).values_list("path", flat=True).first() or ""
    if not employer_path.startswith(assignment.union.path):
        errors["employer"] = _("%(employer)s is not in the part of the tree assigned to %(union)s.") % {
            "employer": employer.name,
            "union": assignment.union.name,
        }
    if errors:
        raise ValidationError(errors)


def _check_headcount(employer: Employer, headcount_found: int) -> None:
    """Refuse a headcount below the register's women, migrant or dispatched workers: correct those first."""
    parts = (
        ("women", _("women workers")),
        ("migrant_workers", _("migrant workers")),
        ("dispatched_workers", _("dispatched workers")),
    )
    for field, label in parts:
        recorded = getattr(employer, field) or 0
        if recorded > headcount_found:
            raise ValidationError(
                {
                    "headcount_found": _(
                        "The register records %(count)s %(what)s, more than the %(found)s workers found: "
                        "correct the employer's record first."
                    )
                    % {"count": recorded, "what": label, "found": headcount_found}
                }
            )


@service(perm="organisations.add_surveyvisit")
def visit_record(
    *,
    actor: Actor,
    assignment: SurveyAssignment,
    employer: Employer,
    visited_on: date,
    visitors: str,
    headcount_found: int,
    union_status_found: str,
    notes: str = "",
) -> VisitOutcome:
    """Record a visit to ``employer`` in ``assignment``'s campaign.

    Refused: a closed campaign, a date in the future or outside the campaign, an employer
    outside the assignment union's part of the tree (or the actor's). A headcount that differs
    from the register updates it through ``employer_update`` (refused if the register's women,
    migrant or dispatched workers would exceed it). An employer found without a union that the
    register also has without one (operating) enters the founding pipeline: its open case is
    returned. Any other union status that differs from the register is a discrepancy to
    reconcile: the register is not changed.
    """
    if union_status_found not in Employer.UnionStatus.values:
        raise ValidationError({"union_status_found": _("Choose the union status found.")})
    if headcount_found is None or headcount_found < 0:
        raise ValidationError({"headcount_found": _("Give the number of workers found.")})
    check_scope(actor, assignment.union)
    check_scope(actor, employer.union)
    survey = Survey.unscoped.get(pk=assignment.survey_id)  # unscoped: the county's campaign of an assignment in scope
    # The employer's row is locked: two visits recorded at once see one register.
    # unscoped: the employer, checked in scope above
    employer = Employer.unscoped.select_for_update().select_related("union").get(pk=employer.pk)
    _validate_visit(assignment=assignment, survey=survey, employer=employer, visited_on=visited_on, visitors=visitors)
    headcount_updated = False
    if headcount_found != employer.headcount:
        _check_headcount(employer, headcount_found)
        try:
            employer_update(actor=actor, employer=employer, headcount=headcount_found)
        except PermissionDenied as exc:
            raise PermissionDenied(_("You may not change the employer's headcount.")) from exc
        except ValidationError as exc:
            problems = "; ".join(exc.messages)
            raise ValidationError(
                {
                    "headcount_found": _(
                        "The employer's record cannot take the headcount found (%(problems)s): "
                        "correct the employer's record first."
                    )
                    % {"problems": problems}
                }
            ) from exc
        headcount_updated = True
    visit = SurveyVisit(
        assignment=assignment,
        union=assignment.union,
        employer=employer,
        visited_on=visited_on,
        visitors=visitors.strip(),
        headcount_found=headcount_found,
        union_status_found=union_status_found,
        notes=(notes or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    visit.full_clean(exclude=["assignment", "union", "employer", "recorded_by"])
    visit.save()
    discrepancy = union_status_found != employer.union_status
    audit_record(
        Action.CREATE,
        obj=visit,
        changes=diff({}, snapshot(visit, VISIT_FIELDS)),
        note=_("Union status found differs from the register (%(register)s): to reconcile.")
        % {"register": employer.get_union_status_display()}
        if discrepancy
        else "",
    )
    case: FoundingCase | None = None
    opened = False
    none = Employer.UnionStatus.NONE
    if union_status_found == none and employer.union_status == none and employer.status == Employer.Status.OPERATING:
        case = founding_case_open(actor=actor, employer=employer, source=FoundingCase.Source.SURVEY, survey_visit=visit)
        opened = case.survey_visit_id == visit.pk
    return VisitOutcome(
        visit=visit,
        founding_case=case,
        case_opened=opened,
        headcount_updated=headcount_updated,
        discrepancy=discrepancy,
    )
