"""Reads of the founding pipeline (组建), always through the actor's scope (``@selector``, core/selectors.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.core.workflow.models import Deadline
from gonghui.organisations.models import Employer, FoundingCase
from gonghui.organisations.workflows import OPEN_STATES, FoundingFlow, FoundingState

FOUNDING_FILTERS = ("state", "union", "q", "overdue", "year")
# The state filter's values beyond the workflow's states ("" means the open cases).
ALL_STATES = "all"
OPEN = "open"


def _overdue(today: date) -> Exists:
    """An open deadline of the case past its due day."""
    return Exists(
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(FoundingCase),
            object_id=OuterRef("pk"),
            closed_at__isnull=True,
            due_on__lt=today,
        )
    )


def _ended_in(year: int) -> Q:
    """Cases that ended in ``year``: founded (the meeting), covered (the employer's date) or closed."""
    return (
        Q(state=FoundingState.FOUNDED, founding_meeting_on__year=year)
        | Q(state=FoundingState.JOINT, employer__founded_on__year=year)
        | Q(state=FoundingState.CLOSED, closed_on__year=year)
    )


@selector
def founding_cases_for_user(
    actor: User,
    *,
    state: str = "",
    union: str = "",
    q: str = "",
    overdue: str = "",
    year: str = "",
    today: date | None = None,
) -> QuerySet[FoundingCase]:
    """The founding cases ``actor`` may see, filtered, largest employers first.

    ``state``: a workflow state, ``"all"``, or ``""``/``"open"`` for the open cases; ``union``
    the id of the responsible union; ``q`` a part of the employer's name; ``overdue`` any
    non-empty value for cases past their deadline; ``year`` the year a case ended (founded,
    covered or closed). Unknown values simply match nothing.
    """
    today = today or timezone.localdate()
    cases = FoundingCase.objects.select_related("employer", "union", "founded_union", "joint_union")
    if state in ("", OPEN):
        cases = cases.filter(state__in=OPEN_STATES)
    elif state != ALL_STATES:
        cases = cases.filter(state=state)
    if union:
        union_id = parse_id(union)
        cases = cases.filter(union_id=union_id) if union_id else cases.none()
    q = q.strip()
    if q:
        cases = cases.filter(employer__name__icontains=q)
    if overdue:
        cases = cases.filter(_overdue(today))
    if year:
        ended_year = parse_year(year)
        cases = cases.filter(_ended_in(ended_year)) if ended_year else cases.none()
    return cases.annotate(is_overdue=_overdue(today)).order_by("-employer__headcount", "employer__name", "id")


@selector(sample=lambda s: {"case_id": s.id("case_id")})
def get_founding_case_for_user(actor: User, case_id: int) -> FoundingCase:
    """One case in ``actor``'s scope, else 404."""
    return get_object_or_404(
        FoundingCase.objects.select_related(
            "union", "employer", "employer__union", "founded_union", "joint_union", "opened_by", "survey_visit"
        ),
        pk=case_id,
    )


@selector(sample=lambda s: {"employer": s.get(FoundingCase, "case_id").employer})
def founding_cases_of_employer(actor: User, employer: Employer) -> list[FoundingCase]:
    """The employer's cases ``actor`` may see, newest first (its founding history)."""
    return list(
        FoundingCase.objects.filter(employer=employer)
        .select_related("union", "founded_union", "joint_union")
        .order_by("-created_at", "-id")
    )


@selector(sample=lambda s: {"employer": s.get(Employer, "employer_id"), "cases": []})
def may_open_case(user: User, employer: Employer, cases: list[FoundingCase]) -> bool:
    """The employer page's "open a founding case" button: no union, operating, no open case, permission."""
    return (
        user.has_perm("organisations.add_foundingcase")
        and employer.status == Employer.Status.OPERATING
        and employer.union_status == Employer.UnionStatus.NONE
        and not any(case.is_open for case in cases)
    )


def list_url(**filters: Any) -> str:
    query = urlencode({k: v for k, v in filters.items() if v not in ("", None)})
    return reverse("organisations:founding_list") + (f"?{query}" if query else "")


@dataclass
class BoardFigure:
    """One figure of the board and the list it stands for."""

    label: Any
    value: int
    url: str
    key: str = ""


@dataclass
class UnionRow:
    union_id: int
    name: str
    counts: list[BoardFigure] = field(default_factory=list)


@dataclass
class Board:
    year: int
    totals: list[BoardFigure]
    unions: list[UnionRow]


@selector
def founding_board_for_user(actor: User, *, today: date | None = None) -> Board:
    """The pipeline's figures: open cases per state, overdue, founded and covered this year; per union.

    "This year" is the year of the founding meeting for a founded case and the employer's
    "covered since" for one covered by a joint union. One query whatever the number of cases.
    The per-union rows (the case's responsible union, usually a township federation) are
    given when the user sees cases of several unions.
    """
    today = today or timezone.localdate()
    year = today.year
    counts = {
        "unorganised": Count("pk", filter=Q(state=FoundingState.UNORGANISED)),
        "preparing": Count("pk", filter=Q(state=FoundingState.PREPARING)),
        "overdue": Count("pk", filter=Q(_overdue(today), state__in=OPEN_STATES)),
        "founded": Count("pk", filter=Q(state=FoundingState.FOUNDED, founding_meeting_on__year=year)),
        "joint": Count("pk", filter=Q(state=FoundingState.JOINT, employer__founded_on__year=year)),
    }
    rows = list(
        FoundingCase.objects.values("union_id", "union__name", "union__path").annotate(**counts).order_by("union__path")
    )
    labels = {
        "unorganised": FoundingFlow.state_label(FoundingState.UNORGANISED),
        "preparing": FoundingFlow.state_label(FoundingState.PREPARING),
        "overdue": _("Overdue"),
        "founded": FoundingFlow.state_label(FoundingState.FOUNDED),
        "joint": FoundingFlow.state_label(FoundingState.JOINT),
    }

    def figures(values: dict[str, Any], union: Any = "") -> list[BoardFigure]:
        filters: dict[str, dict[str, Any]] = {
            "unorganised": {"state": FoundingState.UNORGANISED},
            "preparing": {"state": FoundingState.PREPARING},
            "overdue": {"overdue": "1"},
            "founded": {"state": FoundingState.FOUNDED, "year": year},
            "joint": {"state": FoundingState.JOINT, "year": year},
        }
        return [
            BoardFigure(labels[key], values.get(key) or 0, list_url(union=union, **filters[key]), key) for key in counts
        ]

    totals = {key: sum(row[key] or 0 for row in rows) for key in counts}
    unions = [UnionRow(row["union_id"], row["union__name"], figures(row, row["union_id"])) for row in rows]
    return Board(year=year, totals=figures(totals), unions=unions if len(unions) > 1 else [])


@selector
def union_choices_for_user(actor: User) -> list[tuple[str, str]]:
    """The responsible unions of the cases ``actor`` may see, for the list's filter."""
    rows = FoundingCase.objects.values_list("union_id", "union__name").distinct().order_by("union__name")
    return [(str(pk), name) for pk, name in rows]
