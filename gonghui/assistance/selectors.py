"""Every read of the assistance module, scoped to the user's part of the union tree.

Files, household members, attachments, batches and grants are union-owned rows: their scoped
managers show each user their subtree (the assistance centre sits at the county and sees all).
Programmes are different: a programme run by the county is used by every union below it, so a
user sees the programmes of their subtree *and* of the unions above them (``programs_for_user``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.http import Http404

from gonghui.assistance.models import (
    Disbursement,
    EducationRate,
    FileAttachment,
    FileReview,
    Grant,
    HardshipFile,
    HouseholdMember,
    Pairing,
    PovertyLine,
    Program,
    ReviewRound,
)
from gonghui.assistance.services import SECRETS_OF_GRANT
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id, parse_year

FILE_FILTERS = ("q", "state", "category", "cause", "township", "year")


def townships_for_user(actor: Any) -> list[Union]:
    """The township and sector federations in the user's scope (for the filters)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


def files_for_user(
    actor: Any,
    *,
    q: str = "",
    state: str = "",
    category: str = "",
    cause: str = "",
    township: str = "",
    year: str = "",
) -> QuerySet[HardshipFile]:
    files = HardshipFile.objects.select_related("worker", "union").order_by("-id")
    if state == "open":
        files = files.filter(state__in=("application", "checked", "visited", "verified", "notice"))
    elif state:
        files = files.filter(state=state)
    if category:
        files = files.filter(category=category)
    if cause:
        files = files.filter(main_cause=cause)
    if year:
        filed_year = parse_year(year)
        files = files.filter(filed_on__year=filed_year) if filed_year else files.none()
    if township:
        township_id = parse_id(township)
        union = Union.objects.filter(pk=township_id).only("path").first() if township_id else None
        files = files.filter(subtree_q("union__path", union.path)) if union else files.none()
    q = q.strip()
    if q:
        if q.upper().startswith("KN"):
            files = files.filter(number__startswith=q.upper())
        else:
            files = files.filter(worker__name__contains=q)
    return files


def get_file_for_user(actor: Any, file_id: int) -> HardshipFile:
    file = (
        HardshipFile.objects.select_related("worker", "worker__employer", "union", "division", "opened_by")
        .filter(pk=file_id)
        .first()
    )
    if file is None:
        raise Http404
    return file


def household_of(file: HardshipFile) -> list[HouseholdMember]:
    return list(HouseholdMember.objects.filter(file=file).select_related("consent").order_by("id"))


def get_household_member_for_user(actor: Any, member_id: int) -> HouseholdMember:
    member = HouseholdMember.objects.select_related("file", "file__worker").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def attachments_of(file: HardshipFile) -> list[FileAttachment]:
    return list(FileAttachment.objects.filter(file=file).select_related("uploaded_by"))


def get_attachment_for_user(actor: Any, attachment_id: int) -> FileAttachment:
    attachment = FileAttachment.objects.select_related("file").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def grants_of_file(file: HardshipFile) -> list[Grant]:
    """Every grant the household received or is proposed for, whichever union made the batch."""
    with system_scope("a file's page lists every grant to the household, across unions"):
        return list(
            Grant.unscoped.filter(file=file)
            .exclude(disbursement__state="cancelled")
            .select_related("disbursement", "disbursement__program", "disbursement__union", "student")
            .order_by("-year", "-id")
        )


def pairings_of(file: HardshipFile) -> list[Pairing]:
    return list(Pairing.objects.filter(file=file).prefetch_related("visits"))


def get_pairing_for_user(actor: Any, pairing_id: int) -> Pairing:
    pairing = Pairing.objects.select_related("file").filter(pk=pairing_id).first()
    if pairing is None:
        raise Http404
    return pairing


def notices_for_user(actor: Any) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.filter(state="notice").select_related("worker", "union").order_by("notice_ends", "id")


# --- Programmes ----------------------------------------------------------------------------------


def _ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(Union.steplen, len(path), Union.steplen)]


def programs_for_user(actor: Any, *, year: int | None = None) -> QuerySet[Program]:
    """Programmes of the user's subtree and of the unions above them."""
    scope_path = actor.union.path if getattr(actor, "union", None) is not None else None
    with system_scope("programmes of the unions above the user are theirs to use"):
        programs = Program.unscoped.select_related("union")
        if scope_path is None:
            return programs.none()
        programs = programs.filter(
            subtree_q("union__path", scope_path) | Q(union__path__in=_ancestor_paths(scope_path))
        )
        if year is not None:
            programs = programs.filter(year=year)
        return programs.order_by("-year", "kind", "id")


def get_program_for_user(actor: Any, program_id: int) -> Program:
    program = programs_for_user(actor).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def with_level_amounts(programs: list[Program]) -> list[Program]:
    """Set ``level_amounts`` on the 金秋助学 programmes of ``programs``: their (lowest, highest) rate, or None.

    A 金秋助学 programme pays by education level (its ``EducationRate`` rows), so its single
    default amount means nothing; lists and pages show the range of its rates instead. One
    grouped query whatever the number of programmes.
    """
    ids = [program.pk for program in programs if program.kind == Program.Kind.EDUCATION]
    ranges: dict[int, tuple[Decimal, Decimal]] = {}
    if ids:
        with system_scope("the rates of programmes the user sees, run by unions above them too"):
            rows = list(
                EducationRate.objects.filter(program_id__in=ids)
                .order_by()
                .values("program_id")
                .annotate(
                    low_filed=Min("filed_amount"),
                    low_unfiled=Min("unfiled_amount"),
                    high_filed=Max("filed_amount"),
                    high_unfiled=Max("unfiled_amount"),
                )
            )
        for row in rows:
            low = min(row["low_filed"], row["low_unfiled"])
            high = max(row["high_filed"], row["high_unfiled"])
            ranges[row["program_id"]] = (low, high)
    for program in programs:
        program.level_amounts = ranges.get(program.pk)  # type: ignore[attr-defined]
    return programs


def program_may_change(actor: Any, program: Program) -> bool:
    return actor.has_perm("assistance.change_program") and program.union.path.startswith(actor.union.path)


def program_money(actor: Any, program: Program) -> dict[str, Any]:
    """Budget, approved and paid amounts of a programme, over every union's batches."""
    with system_scope("a programme's budget counts every union's grants"):
        grants = Grant.unscoped.filter(disbursement__program=program)
        totals = grants.aggregate(
            approved=Sum("amount", filter=Q(counted=True)),
            paid=Sum("amount", filter=Q(disbursement__state="paid")),
            pending=Sum("amount", filter=Q(counted=False) & ~Q(disbursement__state="cancelled")),
            households=Count("file", filter=Q(counted=True), distinct=True),
        )
    return {key: value or 0 for key, value in totals.items()}


def poverty_lines() -> QuerySet[PovertyLine]:
    return PovertyLine.objects.select_related("division").order_by("-year", "division_id")


# --- Disbursements -------------------------------------------------------------------------------


def disbursements_for_user(actor: Any, *, state: str = "", program: str = "") -> QuerySet[Disbursement]:
    batches = Disbursement.objects.select_related("program", "union", "made_by").order_by("-id")
    if state:
        batches = batches.filter(state=state)
    if program:
        program_id = parse_id(program)
        batches = batches.filter(program_id=program_id) if program_id else batches.none()
    return batches


def with_totals(batches: list[Disbursement]) -> list[Disbursement]:
    """Set ``total`` and ``households`` on a page of batches: one grouped query over their grants only."""
    ids = [batch.pk for batch in batches]
    with system_scope("the totals of batches the user sees"):
        totals = {
            row["disbursement_id"]: row
            for row in Grant.unscoped.filter(disbursement_id__in=ids)
            .values("disbursement_id")
            .annotate(total=Sum("amount"), households=Count("id"))
        }
    for batch in batches:
        row = totals.get(batch.pk, {})
        batch.total = row.get("total") or 0  # type: ignore[attr-defined]
        batch.households = row.get("households") or 0  # type: ignore[attr-defined]
    return batches


def get_disbursement_for_user(actor: Any, disbursement_id: int) -> Disbursement:
    batch = (
        Disbursement.objects.select_related("program", "union", "made_by", "checked_by", "approved_by")
        .filter(pk=disbursement_id)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def grants_of_batch(batch: Disbursement) -> list[Grant]:
    with system_scope("a batch lists its own grants"):
        return list(
            Grant.unscoped.filter(disbursement=batch)
            .select_related("file", "file__worker", "file__union", "student")
            .defer(*SECRETS_OF_GRANT)
            .order_by("id")
        )


def get_grant_for_user(actor: Any, grant_id: int) -> Grant:
    grant = Grant.objects.select_related("disbursement").filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    return grant


# --- Reviews -------------------------------------------------------------------------------------


def review_rounds_for_user(actor: Any) -> QuerySet[ReviewRound]:
    return ReviewRound.objects.annotate(
        files=Count("reviews"),
        spot_checks=Count("reviews", filter=Q(reviews__spot_check=True)),
        done=Count("reviews", filter=~Q(reviews__outcome="")),
    ).order_by("-year")


def get_review_round_for_user(actor: Any, round_id: int) -> ReviewRound:
    review = ReviewRound.objects.filter(pk=round_id).first()
    if review is None:
        raise Http404
    return review


def reviews_of_round(
    review: ReviewRound, *, pending_only: bool = False, spot_only: bool = False
) -> QuerySet[FileReview]:
    reviews = (
        FileReview.objects.filter(round=review)
        .select_related("file", "file__worker", "union")
        .order_by("outcome", "-spot_check", "file_id")
    )
    if pending_only:
        reviews = reviews.filter(outcome="")
    if spot_only:
        reviews = reviews.filter(spot_check=True)
    return reviews


def get_file_review_for_user(actor: Any, review_id: int) -> FileReview:
    review = FileReview.objects.select_related("round", "file", "file__worker").filter(pk=review_id).first()
    if review is None:
        raise Http404
    return review
