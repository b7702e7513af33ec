"""Every read of the assistance module, scoped to the user's part of the union tree.

Files, household members, attachments, batches and grants are union-owned rows: their scoped
managers show each user their subtree (the assistance centre sits at the county and sees all).
Every selector is a ``@selector`` (core/selectors.py): it answers for the user it is given, whatever
scope surrounds the call. Programmes are different: a programme run by the county is used by every
union below it, so a user sees the programmes of their subtree *and* of the unions above them
(``programs_for_user``).

The helpers without an actor (``with_level_amounts``, ``with_totals``) only add figures to rows the
caller already read through a selector; ``poverty_lines`` is the county's reference table (no union).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
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
from gonghui.assistance.workflows import OPEN_FILE_STATES, BatchState, FileState
from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.paths import ancestor_paths
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.converters import parse_id, parse_year

FILE_FILTERS = ("q", "state", "category", "cause", "township", "year")


@selector
def townships_for_user(actor: User) -> list[Union]:
    """The township and sector federations in the user's scope (for the filters)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


@selector
def files_for_user(
    actor: User,
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
        files = files.filter(state__in=OPEN_FILE_STATES)
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


@selector(sample=lambda s: {"file_id": s.id("file_id")})
def get_file_for_user(actor: User, file_id: int) -> HardshipFile:
    file = (
        HardshipFile.objects.select_related("worker", "worker__employer", "union", "division", "opened_by")
        .filter(pk=file_id)
        .first()
    )
    if file is None:
        raise Http404
    return file


@selector(sample=lambda s: {"file": s.get(HardshipFile, "file_id")})
def household_of(actor: User, file: HardshipFile) -> list[HouseholdMember]:
    """The household members of ``file`` that ``actor`` may see."""
    return list(HouseholdMember.objects.filter(file=file).select_related("consent").order_by("id"))


@selector(sample=lambda s: {"member_id": s.id("household_member_id")})
def get_household_member_for_user(actor: User, member_id: int) -> HouseholdMember:
    member = HouseholdMember.objects.select_related("file", "file__worker").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


@selector(sample=lambda s: {"file": s.get(HardshipFile, "file_id")})
def attachments_of(actor: User, file: HardshipFile) -> list[FileAttachment]:
    return list(FileAttachment.objects.filter(file=file).select_related("uploaded_by"))


@selector(sample=lambda s: {"attachment_id": s.id("file_attachment_id")})
def get_attachment_for_user(actor: User, attachment_id: int) -> FileAttachment:
    attachment = FileAttachment.objects.select_related("file").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


@selector(sample=lambda s: {"file": s.get(HardshipFile, "file_id")})
def grants_of_file(actor: User, file: HardshipFile) -> list[Grant]:
    """Every grant the household received or is proposed for, whichever union made the batch.

    Only for a file ``actor`` sees (else 404): the grants then come from every union's batches.
    """
    if not HardshipFile.objects.filter(pk=file.pk).exists():
        raise Http404
    with system_scope("a file's page lists every grant to the household, across unions"):
        return list(
            Grant.unscoped.filter(file=file)  # unscoped: the household's grants from every union's batches
            .exclude(disbursement__state=BatchState.CANCELLED)
            .select_related("disbursement", "disbursement__program", "disbursement__union", "student")
            .order_by("-year", "-id")
        )


@selector(sample=lambda s: {"file": s.get(HardshipFile, "file_id")})
def pairings_of(actor: User, file: HardshipFile) -> list[Pairing]:
    return list(Pairing.objects.filter(file=file).prefetch_related("visits"))


@selector(sample=lambda s: {"pairing_id": s.id("pairing_id")})
def get_pairing_for_user(actor: User, pairing_id: int) -> Pairing:
    pairing = Pairing.objects.select_related("file").filter(pk=pairing_id).first()
    if pairing is None:
        raise Http404
    return pairing


@selector
def notices_for_user(actor: User) -> QuerySet[HardshipFile]:
    return (
        HardshipFile.objects.filter(state=FileState.NOTICE)
        .select_related("worker", "union")
        .order_by("notice_ends", "id")
    )


# --- Programmes ----------------------------------------------------------------------------------


@selector
def programs_for_user(actor: User, *, year: int | None = None) -> QuerySet[Program]:
    """Programmes of the user's subtree and of the unions above them."""
    scope_path = actor.union.path if getattr(actor, "union", None) is not None else None
    with system_scope("programmes of the unions above the user are theirs to use"):
        programs = Program.unscoped.select_related("union")  # unscoped: filtered just below, above and below the user
        if scope_path is None:
            return programs.none()
        programs = programs.filter(subtree_q("union__path", scope_path) | Q(union__path__in=ancestor_paths(scope_path)))
        if year is not None:
            programs = programs.filter(year=year)
        return programs.order_by("-year", "kind", "id")


@selector(sample=lambda s: {"program_id": s.id("program_id")})
def get_program_for_user(actor: User, program_id: int) -> Program:
    program = programs_for_user(actor).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def with_level_amounts(programs: list[Program]) -> list[Program]:
    """Set ``level_amounts`` on the 金秋助学 programmes of ``programs``: their (lowest, highest) rate, or None.

    A 金秋助学 programme pays by education level (its ``EducationRate`` rows), so its single
    default amount means nothing; lists and pages show the range of its rates instead. One
    grouped query whatever the number of programmes. Not a selector: it reads the rates of
    ``programs``, which the caller read through ``programs_for_user``.
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


@selector(sample=lambda s: {"program": s.get(Program, "program_id")})
def program_may_change(actor: User, program: Program) -> bool:
    return actor.has_perm("assistance.change_program") and program.union.path.startswith(actor.union.path)


@selector(sample=lambda s: {"program": s.get(Program, "program_id")})
def program_money(actor: User, program: Program) -> dict[str, Any]:
    """Budget, approved and paid amounts of a programme ``actor`` sees (else 404), over every union's batches."""
    if not programs_for_user(actor).filter(pk=program.pk).exists():
        raise Http404
    with system_scope("a programme's budget counts every union's grants"):
        grants = Grant.unscoped.filter(disbursement__program=program)  # unscoped: every union's batches
        totals = grants.aggregate(
            approved=Sum("amount", filter=Q(counted=True)),
            paid=Sum("amount", filter=Q(disbursement__state=BatchState.PAID)),
            pending=Sum("amount", filter=Q(counted=False) & ~Q(disbursement__state=BatchState.CANCELLED)),
            households=Count("file", filter=Q(counted=True), distinct=True),
        )
    return {key: value or 0 for key, value in totals.items()}


def poverty_lines() -> QuerySet[PovertyLine]:
    """The minimum living standards: the county's reference table, the same for every user (no union)."""
    return PovertyLine.objects.select_related("division").order_by("-year", "division_id")


# --- Disbursements -------------------------------------------------------------------------------


@selector
def disbursements_for_user(actor: User, *, state: str = "", program: str = "") -> QuerySet[Disbursement]:
    batches = Disbursement.objects.select_related("program", "union", "made_by").order_by("-id")
    if state:
        batches = batches.filter(state=state)
    if program:
        program_id = parse_id(program)
        batches = batches.filter(program_id=program_id) if program_id else batches.none()
    return batches


def with_totals(batches: list[Disbursement]) -> list[Disbursement]:
    """Set ``total`` and ``households`` on a page of batches: one grouped query over their grants only.

    Not a selector: it reads the grants of ``batches``, which the caller read through a selector.
    """
    ids = [batch.pk for batch in batches]
    with system_scope("the totals of batches the user sees"):
        totals = {
            row["disbursement_id"]: row
            for row in Grant.unscoped.filter(disbursement_id__in=ids)  # unscoped: batches the caller sees
            .values("disbursement_id")
            .annotate(total=Sum("amount"), households=Count("id"))
        }
    for batch in batches:
        row = totals.get(batch.pk, {})
        batch.total = row.get("total") or 0  # type: ignore[attr-defined]
        batch.households = row.get("households") or 0  # type: ignore[attr-defined]
    return batches


@selector
def grants_for_user(
    actor: User, *, state: str = "", kind: str = "", year: str = "", township: str = ""
) -> QuerySet[Grant]:
    """The grants to the households of ``actor``'s subtree, whichever union proposed their batch.

    A grant belongs to the household's union, so a township sees its own households' grants of
    the county's batches too; ``state`` is the batch's state, ``kind`` the programme's kind,
    ``year`` the grant's year, ``township`` a union id (its subtree). Newest first.
    """
    grants = (
        Grant.objects.select_related("disbursement", "disbursement__program", "file", "file__worker", "union")
        .defer(*SECRETS_OF_GRANT)
        .order_by(F("disbursement__paid_on").desc(nulls_last=True), "-id")
    )
    if state:
        grants = grants.filter(disbursement__state=state)
    if kind:
        grants = grants.filter(kind=kind)
    if year:
        grant_year = parse_year(year)
        grants = grants.filter(year=grant_year) if grant_year else grants.none()
    if township:
        township_id = parse_id(township)
        union = Union.objects.filter(pk=township_id).only("path").first() if township_id else None
        grants = grants.filter(subtree_q("union__path", union.path)) if union else grants.none()
    return grants


@selector(sample=lambda s: {"disbursement_id": s.id("disbursement_id")})
def get_disbursement_for_user(actor: User, disbursement_id: int) -> Disbursement:
    batch = (
        Disbursement.objects.select_related("program", "union", "made_by", "checked_by", "approved_by")
        .filter(pk=disbursement_id)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@selector(sample=lambda s: {"batch": s.get(Disbursement, "disbursement_id")})
def grants_of_batch(actor: User, batch: Disbursement) -> list[Grant]:
    """The grants of a batch ``actor`` sees (else 404), to whichever union's households."""
    if not Disbursement.objects.filter(pk=batch.pk).exists():
        raise Http404
    with system_scope("a batch lists its own grants"):
        return list(
            Grant.unscoped.filter(disbursement=batch)  # unscoped: a batch lists its own grants
            .select_related("file", "file__worker", "file__union", "student")
            .defer(*SECRETS_OF_GRANT)
            .order_by("id")
        )


@selector(sample=lambda s: {"grant_id": s.id("grant_id")})
def get_grant_for_user(actor: User, grant_id: int) -> Grant:
    grant = Grant.objects.select_related("disbursement").filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    return grant


# --- Reviews -------------------------------------------------------------------------------------


@selector
def review_rounds_for_user(actor: User) -> QuerySet[ReviewRound]:
    return ReviewRound.objects.annotate(
        files=Count("reviews"),
        spot_checks=Count("reviews", filter=Q(reviews__spot_check=True)),
        done=Count("reviews", filter=~Q(reviews__outcome="")),
    ).order_by("-year")


@selector(sample=lambda s: {"round_id": s.id("review_round_id")})
def get_review_round_for_user(actor: User, round_id: int) -> ReviewRound:
    review = ReviewRound.objects.filter(pk=round_id).first()
    if review is None:
        raise Http404
    return review


@selector(sample=lambda s: {"review": s.get(ReviewRound, "review_round_id")})
def reviews_of_round(
    actor: User, review: ReviewRound, *, pending_only: bool = False, spot_only: bool = False
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


@selector(sample=lambda s: {"review_id": s.id("file_review_id")})
def get_file_review_for_user(actor: User, review_id: int) -> FileReview:
    review = FileReview.objects.select_related("round", "file", "file__worker").filter(pk=review_id).first()
    if review is None:
        raise Http404
    return review


# The worker's own files ("My applications"), read by the worker's pages.
from gonghui.assistance.selectors_mine import get_my_application, my_applications  # noqa: E402, F401
