"""Workplace safety's reads: each answers for the user it is given (``core/selectors.py``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.modules.concerns import Concern
from gonghui.core.reference.models import Industry
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.safety import rules
from gonghui.safety.models import Hazard, HazardPhoto, Inspector, MajorHazardReport, SafetyActivity
from gonghui.safety.workflows import OPEN_STATES, timeliness_q

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

HAZARD_FILTERS = (
    "q",
    "state",
    "level",
    "category",
    "township",
    "industry",
    "year",
    "month",
    "timeliness",
    "employer",
    "inspector",
)
OPEN = "open"


@selector
def townships_for_user(actor: User) -> list[Union]:
    """The township and sector federations in the user's scope (the filters' choices)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


def industry_sections() -> list[tuple[str, str]]:
    """GB/T 4754 sections (code, name): reference data, belonging to no union."""
    return list(
        Industry.objects.filter(level=Industry.Level.SECTION, active=True)
        .order_by("position", "code")
        .values_list("code", "name")
    )


def _within_union(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    union_id = parse_id(value)
    node = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
    return rows.filter(subtree_q("union__path", node.path)) if node else rows.none()


@selector
def hazards_for_user(
    actor: User,
    *,
    q: str = "",
    state: str = "",
    level: str = "",
    category: str = "",
    township: str = "",
    industry: str = "",
    year: str = "",
    month: str = "",
    timeliness: str = "",
    employer: str = "",
    inspector: str = "",
    today: date | None = None,
) -> QuerySet[Hazard]:
    """The hazards ``actor`` may see, newest first, filtered (unknown values match nothing).

    ``state``: a workflow state or ``open`` (not closed); ``township``: a union id (its
    subtree); ``industry``: a GB/T 4754 section letter of the employer; ``year`` / ``month``:
    when found; ``timeliness``: ``workflows.timeliness_q`` (fixed on time, fixed late, overdue).
    """
    today = today or timezone.localdate()
    rows = Hazard.objects.select_related("employer", "union")
    if state == OPEN:
        rows = rows.filter(state__in=OPEN_STATES)
    elif state:
        rows = rows.filter(state=state)
    if level:
        rows = rows.filter(level=level)
    if category:
        rows = rows.filter(category=category)
    if township:
        rows = _within_union(rows, township)
    if industry:
        rows = rows.filter(employer__industry__section_id=industry)
    if year:
        found_year = parse_year(year)
        rows = rows.filter(found_on__year=found_year) if found_year else rows.none()
        if month:
            number = parse_id(month)
            rows = rows.filter(found_on__month=number) if number and 1 <= number <= 12 else rows.none()
    elif month:
        rows = rows.none()  # a month names nothing without its year
    if timeliness:
        condition = timeliness_q(timeliness, today)
        rows = rows.filter(condition) if condition is not None else rows.none()
    if employer:
        employer_id = parse_id(employer)
        rows = rows.filter(employer_id=employer_id) if employer_id else rows.none()
    if inspector:
        inspector_id = parse_id(inspector)
        rows = rows.filter(inspector_id=inspector_id) if inspector_id else rows.none()
    q = q.strip()
    if q:
        rows = rows.filter(
            Q(employer__name__icontains=q) | Q(responsible_person__icontains=q) | Q(description__icontains=q)
        )
    return rows.order_by("-found_on", "-id")


@selector(sample=lambda s: {"hazard_id": s.id("hazard_id")})
def get_hazard_for_user(actor: User, hazard_id: int) -> Hazard:
    """One hazard of ``actor``'s subtree; 404 outside it."""
    return get_object_or_404(
        Hazard.objects.select_related("employer", "union", "inspector__worker", "employer__division"), pk=hazard_id
    )


@selector(sample=lambda s: {"hazard": s.get(Hazard, "hazard_id")})
def photos_of(actor: User, hazard: Hazard) -> list[HazardPhoto]:
    return list(HazardPhoto.objects.filter(hazard=hazard).order_by("id"))


@selector(sample=lambda s: {"hazard_photo_id": s.id("hazard_photo_id")})
def get_photo_for_user(actor: User, hazard_photo_id: int) -> HazardPhoto:
    return get_object_or_404(HazardPhoto.objects.select_related("hazard"), pk=hazard_photo_id)


@selector(sample=lambda s: {"hazard": s.get(Hazard, "hazard_id")})
def reports_of(actor: User, hazard: Hazard) -> list[MajorHazardReport]:
    """The reports of a major hazard to the unions above it that ``actor`` may see (their own union's)."""
    return list(MajorHazardReport.objects.filter(hazard=hazard).select_related("union", "acknowledged_by"))


@selector(sample=lambda s: {"major_report_id": s.id("major_report_id")})
def get_major_report_for_user(actor: User, major_report_id: int) -> MajorHazardReport:
    return get_object_or_404(MajorHazardReport.objects.select_related("union", "hazard"), pk=major_report_id)


@selector
def major_reports_pending(actor: User) -> QuerySet[MajorHazardReport]:
    """Major hazards reported to ``actor``'s own union and not acknowledged yet, oldest first."""
    return (
        MajorHazardReport.objects.filter(union_id=actor.union_id, acknowledged_at__isnull=True)
        .select_related("union", "hazard__employer", "hazard__union")
        .order_by("reported_on", "id")
    )


# --- Inspectors ------------------------------------------------------------------------------------


@selector
def inspectors_for_user(actor: User, *, q: str = "", current: str = "", union: str = "") -> QuerySet[Inspector]:
    """The safety inspectors appointed in ``actor``'s subtree; ``current``: only those still appointed."""
    rows = Inspector.objects.select_related("worker", "worker__employer", "union").annotate(
        hazards_found=Count("hazards")
    )
    if current:
        rows = rows.filter(ended_on__isnull=True)
    if union:
        rows = _within_union(rows, union)
    q = q.strip()
    if q:
        rows = rows.filter(Q(worker__name__icontains=q) | Q(certificate__icontains=q))
    return rows.order_by("-appointed_on", "id")


@selector(sample=lambda s: {"inspector_id": s.id("inspector_id")})
def get_inspector_for_user(actor: User, inspector_id: int) -> Inspector:
    return get_object_or_404(Inspector.objects.select_related("worker", "union", "worker__employer"), pk=inspector_id)


@selector
def inspector_choices(actor: User, *, selected: Inspector | None = None) -> QuerySet[Inspector]:
    """The current inspectors ``actor`` may name as the finder of a hazard."""
    rows = Inspector.objects.filter(ended_on__isnull=True)
    if selected is not None:
        rows = Inspector.objects.filter(Q(ended_on__isnull=True) | Q(pk=selected.pk))
    return rows.select_related("worker").order_by("worker__name", "id")


# --- Activities ------------------------------------------------------------------------------------


@selector
def activities_for_user(
    actor: User, *, kind: str = "", year: str = "", employer: str = "", township: str = ""
) -> QuerySet[SafetyActivity]:
    """Safety activities in ``actor``'s subtree, newest first."""
    rows = SafetyActivity.objects.select_related("employer", "union")
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        held_year = parse_year(year)
        rows = rows.filter(held_on__year=held_year) if held_year else rows.none()
    if employer:
        employer_id = parse_id(employer)
        rows = rows.filter(employer_id=employer_id) if employer_id else rows.none()
    if township:
        rows = _within_union(rows, township)
    return rows.order_by("-held_on", "-id")


@selector(sample=lambda s: {"employer_id": s.id("employer_id")})
def safety_of_employer(actor: User, employer_id: int, *, today: date | None = None) -> dict[str, Any]:
    """An employer's safety at a glance: hazards by state, open and overdue ones, activities by kind and year."""
    today = today or timezone.localdate()
    hazards = Hazard.objects.filter(employer_id=employer_id)
    counts = hazards.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        major=Count("pk", filter=Q(level=Hazard.Level.MAJOR)),
        overdue=Count("pk", filter=timeliness_q(rules.OVERDUE, today)),
    )
    activities = (
        SafetyActivity.objects.filter(employer_id=employer_id)
        .values("kind", "held_on__year")
        .annotate(count=Count("pk"))
        .order_by("-held_on__year", "kind")
    )
    recent = list(hazards.filter(state__in=OPEN_STATES).select_related("employer").order_by("due_on", "-found_on")[:10])
    labels = dict(SafetyActivity.Kind.choices)
    rows = [{**row, "kind_label": labels.get(row["kind"], row["kind"])} for row in activities]
    return {"counts": counts, "activities": rows, "recent": recent}


@selector(sample=lambda s: {"employer_ids": [s.id("employer_id")], "year": 2026})
def employer_concerns(actor: User, employer_ids: list[int], *, year: int) -> dict[int, list[Concern]]:
    """What safety holds against these employers (``core.modules.concerns``): an open major hazard."""
    from django.utils.translation import gettext as _

    found: dict[int, list[Concern]] = {}
    hazards = Hazard.objects.filter(employer_id__in=employer_ids, level=Hazard.Level.MAJOR, state__in=OPEN_STATES)
    for hazard in hazards.order_by("found_on", "id"):
        found.setdefault(hazard.employer_id, []).append(
            Concern(
                _("Open major safety hazard found on %(day)s: %(category)s")
                % {"day": f"{hazard.found_on:%Y-%m-%d}", "category": hazard.get_category_display()},
                hazard.get_absolute_url(),
            )
        )
    return found
