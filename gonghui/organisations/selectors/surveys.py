"""Reads of survey campaigns (普查), always through the actor's scope.

A campaign belongs to the union that opened it (the county, usually), so a township user does
not see it directly: they reach it through their own assignment (``SurveyAssignment`` is scoped
on the assigned union). The board's figures come from aggregate queries over the visits and the
founding cases (``GROUP BY`` assignment), never from one query per row.

A visit *counts* for the board as the latest visit of its employer in the assignment: an
employer visited twice is one employer visited, with the headcount and status found last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_id
from gonghui.organisations.models import Employer, FoundingCase, Survey, SurveyAssignment, SurveyVisit
from gonghui.organisations.workflows import OPEN_STATES, FoundingState

NONE = Employer.UnionStatus.NONE
# The lists behind the board's figures (``?show=`` on the assignment and campaign pages).
SHOW_VISITED = "visited"
SHOW_NONE = "none"
SHOW_DISCREPANCY = "discrepancy"
SHOW_CASES = "cases"
SHOW_FOUNDED = FoundingState.FOUNDED  # the cases behind a figure, by their state
SHOW_JOINT = FoundingState.JOINT
SHOW_CHOICES = (SHOW_VISITED, SHOW_NONE, SHOW_DISCREPANCY, SHOW_CASES, SHOW_FOUNDED, SHOW_JOINT)
TO_VISIT_LIMIT = 100


# --- Conditions ------------------------------------------------------------------------------


def latest_visit_q() -> Q:
    """The visit is its employer's latest in the assignment (later date, or same date and later id)."""
    # unscoped: compares the visit with the same employer's other visits of its own assignment
    later = SurveyVisit.unscoped.filter(assignment=OuterRef("assignment"), employer=OuterRef("employer")).filter(
        Q(visited_on__gt=OuterRef("visited_on")) | Q(visited_on=OuterRef("visited_on"), pk__gt=OuterRef("pk"))
    )
    return ~Q(Exists(later))


def discrepancy_q() -> Q:
    """The union status found contradicts the register, and the founding pipeline does not explain it.

    A visit that found no union where the employer has been in the founding pipeline since is
    no discrepancy: the register moved on through the pipeline (founded, joint coverage).
    """
    # unscoped: only whether a case exists for the visit's employer; nothing of the case is read.
    in_pipeline = Exists(FoundingCase.unscoped.filter(employer=OuterRef("employer")))
    return ~Q(union_status_found=F("employer__union_status")) & ~(Q(union_status_found=NONE) & Q(in_pipeline))


def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Campaigns and assignments ----------------------------------------------------------------


@selector
def opens_campaigns(actor: User) -> bool:
    """Whether the survey list shows ``actor`` campaigns (county) rather than their assignments (township)."""
    if actor.has_perm("organisations.add_survey"):
        return True
    if actor.union is not None and actor.union.kind == Union.Kind.COUNTY:
        return True
    return Survey.objects.exists()


@selector
def surveys_for_user(actor: User) -> QuerySet[Survey]:
    """The campaigns ``actor`` sees (in scope, or reached through an assignment in scope), with progress.

    ``target`` and ``visited`` sum over the assignments the actor sees.
    """
    assignments = SurveyAssignment.objects.filter(survey=OuterRef("pk"))
    target = assignments.values("survey").annotate(total=Sum("target")).values("total")
    visited = (
        SurveyVisit.objects.filter(assignment__survey=OuterRef("pk"))
        .values("assignment__survey")
        .annotate(total=Count("employer", distinct=True))
        .values("total")
    )
    reachable = Q(pk__in=Survey.objects.values("pk")) | Q(pk__in=SurveyAssignment.objects.values("survey_id"))
    return (
        # unscoped: a campaign above the actor is shown when one of its assignments is in scope
        Survey.unscoped.filter(reachable)
        .select_related("union")
        .annotate(
            target=Coalesce(Subquery(target), 0),
            visited=Coalesce(Subquery(visited), 0),
            assignment_count=Coalesce(Subquery(assignments.values("survey").annotate(n=Count("pk")).values("n")), 0),
        )
    )


@selector
def assignments_for_user(actor: User) -> QuerySet[SurveyAssignment]:
    """The assignments in ``actor``'s scope (a township user: their own), latest campaign first, with progress."""
    visited = (
        SurveyVisit.objects.filter(assignment=OuterRef("pk"))
        .values("assignment")
        .annotate(total=Count("employer", distinct=True))
        .values("total")
    )
    return (
        SurveyAssignment.objects.select_related("survey", "union")
        .annotate(visited=Coalesce(Subquery(visited), 0))
        .order_by("-survey__starts_on", "-survey_id", "union__path")
    )


@selector(sample=lambda s: {"survey_id": s.id("survey_id")})
def get_survey_for_user(actor: User, survey_id: int) -> Survey:
    """A campaign in ``actor``'s scope, or one with an assignment in scope; else 404."""
    survey = Survey.objects.select_related("union", "opened_by").filter(pk=survey_id).first()
    if survey is not None:
        return survey
    if SurveyAssignment.objects.filter(survey_id=survey_id).exists():
        # unscoped: the campaign (opened above the actor) of an assignment in their scope
        return Survey.unscoped.select_related("union", "opened_by").get(pk=survey_id)
    raise Http404


@selector(sample=lambda s: {"assignment_id": s.id("assignment_id")})
def get_assignment_for_user(actor: User, assignment_id: int) -> SurveyAssignment:
    """One assignment in ``actor``'s scope, else 404."""
    return get_object_or_404(SurveyAssignment.objects.select_related("survey", "union"), pk=assignment_id)


@selector(sample=lambda s: {"survey": s.get(Survey, "survey_id")})
def assignable_unions_for_user(actor: User, *, survey: Survey | None = None) -> QuerySet[Union]:
    """Township and sector federations under ``actor``'s union (not yet assigned to ``survey``)."""
    unions = Union.objects.filter(kind__in=[Union.Kind.TOWNSHIP, Union.Kind.SECTOR])
    if actor.union is not None:
        unions = unions.filter(subtree_q("path", actor.union.path))
    if survey is not None:
        unions = unions.filter(subtree_q("path", survey.union.path)).exclude(
            # unscoped: every union already assigned, wherever it lies
            pk__in=SurveyAssignment.unscoped.filter(survey=survey).values("union_id")
        )
    return unions.order_by("path")


# --- The board ---------------------------------------------------------------------------------


@dataclass
class BoardRow:
    """One assignment's figures (or the totals when ``assignment`` is None)."""

    assignment: SurveyAssignment | None
    target: int = 0
    visited: int = 0
    none_found: int = 0
    discrepancies: int = 0
    workers: int = 0
    cases: int = 0
    founded: int = 0
    joint: int = 0
    base_url: str = ""

    @property
    def progress(self) -> Decimal | None:
        """Employers visited ÷ target, in per cent (may pass 100 if employers were added since)."""
        return _percent(self.visited, self.target)

    @property
    def progress_bar(self) -> Decimal:
        return min(self.progress or Decimal(0), Decimal(100))

    @property
    def organised(self) -> int:
        return self.founded + self.joint

    def url(self, show: str = "") -> str:
        return f"{self.base_url}?show={show}#visits" if show else self.base_url

    @property
    def target_url(self) -> str:
        return f"{self.base_url}#to-visit" if self.assignment is not None else self.base_url

    visited_url = property(lambda self: self.url(SHOW_VISITED))
    none_url = property(lambda self: self.url(SHOW_NONE))
    discrepancy_url = property(lambda self: self.url(SHOW_DISCREPANCY))
    cases_url = property(lambda self: self.url(SHOW_CASES))
    founded_url = property(lambda self: self.url(SHOW_FOUNDED))
    joint_url = property(lambda self: self.url(SHOW_JOINT))


@dataclass
class Board:
    survey: Survey
    total: BoardRow
    rows: list[BoardRow] = field(default_factory=list)


@selector(sample=lambda s: {"survey": s.get(Survey, "survey_id")})
def survey_board(actor: User, survey: Survey, *, only: SurveyAssignment | None = None) -> Board:
    """One row per assignment of ``survey`` that ``actor`` sees (or ``only`` that one), and the totals.

    Three queries whatever the number of assignments, visits and cases.
    """
    assignments_qs = SurveyAssignment.objects.filter(survey=survey).select_related("union")
    if only is not None:
        assignments_qs = assignments_qs.filter(pk=only.pk)
    assignments = list(assignments_qs)
    ids = [a.pk for a in assignments]
    visits = (
        SurveyVisit.objects.filter(assignment_id__in=ids)
        .filter(latest_visit_q())
        .annotate(differs=Q(discrepancy_q()))
        .values("assignment_id")
        .annotate(
            visited=Count("pk"),
            none_found=Count("pk", filter=Q(union_status_found=NONE)),
            discrepancies=Count("pk", filter=Q(differs=True)),
            workers=Coalesce(Sum("headcount_found"), 0),
        )
        .order_by()
    )
    by_visits = {row["assignment_id"]: row for row in visits}
    cases = (
        FoundingCase.objects.filter(survey_visit__assignment_id__in=ids)
        .values("survey_visit__assignment_id")
        .annotate(
            cases=Count("pk"),
            founded=Count("pk", filter=Q(state=FoundingState.FOUNDED)),
            joint=Count("pk", filter=Q(state=FoundingState.JOINT)),
        )
        .order_by()
    )
    by_cases = {row["survey_visit__assignment_id"]: row for row in cases}
    total = BoardRow(assignment=None, base_url=reverse("organisations:survey_detail", kwargs={"survey_id": survey.pk}))
    board = Board(survey=survey, total=total)
    for assignment in assignments:
        v = by_visits.get(assignment.pk, {})
        c = by_cases.get(assignment.pk, {})
        row = BoardRow(
            assignment=assignment,
            target=assignment.target,
            visited=v.get("visited", 0),
            none_found=v.get("none_found", 0),
            discrepancies=v.get("discrepancies", 0),
            workers=v.get("workers", 0),
            cases=c.get("cases", 0),
            founded=c.get("founded", 0),
            joint=c.get("joint", 0),
            base_url=assignment.get_absolute_url(),
        )
        board.rows.append(row)
        for name in ("target", "visited", "none_found", "discrepancies", "workers", "cases", "founded", "joint"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return board


# --- Lists -------------------------------------------------------------------------------------


@selector(sample=lambda s: {"assignment": s.get(SurveyAssignment, "assignment_id")})
def employers_to_visit(actor: User, assignment: SurveyAssignment, *, q: str = "") -> QuerySet[Employer]:
    """Operating employers in the assignment union's part of the tree not yet visited in the campaign.

    Largest first; ``q`` narrows by a part of the name.
    """
    visited = SurveyVisit.objects.filter(assignment__survey_id=assignment.survey_id, employer=OuterRef("pk"))
    employers = (
        Employer.objects.filter(subtree_q("union__path", assignment.union.path))
        .filter(status=Employer.Status.OPERATING)
        .exclude(Exists(visited))
        .select_related("division")
        .order_by("-headcount", "name", "pk")
    )
    q = q.strip()
    if q:
        employers = employers.filter(name__icontains=q)
    return employers


@selector(sample=lambda s: {"survey": s.get(Survey, "survey_id")})
def visits_for_user(
    actor: User,
    *,
    assignment: SurveyAssignment | None = None,
    survey: Survey | None = None,
    show: str = "",
) -> QuerySet[SurveyVisit]:
    """Visits of an assignment (or of every assignment of a campaign the actor sees), newest first.

    Each visit carries ``discrepancy`` and the employer's latest founding case (``case_id``,
    ``case_state``). ``show`` gives the list behind one of the board's figures.
    """
    visits = SurveyVisit.objects.all()
    if assignment is not None:
        visits = visits.filter(assignment=assignment)
    if survey is not None:
        visits = visits.filter(assignment__survey=survey)
    # The case the visit bears on: still open, or opened on or after the visit (a case the employer
    # went through years before is its history, not this campaign's work).
    latest_case = (
        FoundingCase.objects.filter(employer=OuterRef("employer"))
        .filter(Q(state__in=OPEN_STATES) | Q(created_at__date__gte=OuterRef("visited_on")))
        .order_by("-created_at", "-pk")
    )
    visits = visits.select_related("employer", "assignment__union", "assignment__survey").annotate(
        discrepancy=Q(discrepancy_q()),
        case_id=Subquery(latest_case.values("pk")[:1]),
        case_state=Subquery(latest_case.values("state")[:1]),
    )
    if show in (SHOW_VISITED, SHOW_NONE, SHOW_DISCREPANCY):
        visits = visits.filter(latest_visit_q())
    if show == SHOW_NONE:
        visits = visits.filter(union_status_found=NONE)
    elif show == SHOW_DISCREPANCY:
        visits = visits.filter(discrepancy=True)
    elif show in (SHOW_CASES, SHOW_FOUNDED, SHOW_JOINT):
        opened = FoundingCase.objects.filter(survey_visit=OuterRef("pk"))
        if show != SHOW_CASES:
            opened = opened.filter(state=show)
        visits = visits.filter(Exists(opened))
    return visits.order_by("-visited_on", "-pk")


@selector(sample=lambda s: {"employer": s.first(SurveyVisit, assignment_id=s.id("assignment_id")).employer})
def employer_visits_for_user(actor: User, employer: Employer) -> list[SurveyVisit]:
    """The survey visits of ``employer`` that ``actor`` may see, newest first."""
    if not actor.has_perm("organisations.view_surveyvisit"):
        return []
    return list(
        SurveyVisit.objects.filter(employer=employer)
        .select_related("assignment__survey", "assignment__union")
        .order_by("-visited_on", "-pk")[:50]
    )


@selector(sample=lambda s: {"assignment": s.get(SurveyAssignment, "assignment_id")})
def employers_for_visit(actor: User, assignment: SurveyAssignment) -> QuerySet[Employer]:
    """The employers a visit of ``assignment`` may be recorded for: operating, in its part of the tree."""
    return (
        Employer.objects.filter(subtree_q("union__path", assignment.union.path))
        .filter(status=Employer.Status.OPERATING)
        .order_by("-headcount", "name", "pk")
    )


@selector(sample=lambda s: {"survey": str(s.id("survey_id")), "show": SHOW_VISITED})
def visit_list_for_user(
    actor: User, *, survey: str = "", assignment: str = "", show: str = ""
) -> QuerySet[SurveyVisit]:
    """The visit list a campaign's or an assignment's page shows, and its export: the same rows.

    ``survey`` and ``assignment`` are ids as the query string gives them; without either, or with
    one the actor does not see, the list is empty. ``show`` names one of the board's figures.
    """
    survey_id, assignment_id = parse_id(survey), parse_id(assignment)
    if survey_id is None and assignment_id is None:
        return SurveyVisit.objects.none()
    visits = visits_for_user(actor, show=show if show in SHOW_CHOICES else "")
    if survey_id is not None:
        visits = visits.filter(assignment__survey_id=survey_id)
    if assignment_id is not None:
        visits = visits.filter(assignment_id=assignment_id)
    return visits
