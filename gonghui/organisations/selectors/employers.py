"""Reads of employers: the list and its filters, one employer, a union's employers."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core.accounts.models import User
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_year
from gonghui.core.web.pickers import PICK_LIMIT, pick_words
from gonghui.organisations.models import Employer

EMPLOYER_FILTERS = ("q", "township", "industry", "ownership", "union_status", "size_band", "status", "year")
# A union status filter value beyond the model's: own union or joint coverage (the founding rate's numerator).
COVERED = "covered"
# And: every union status but not eligible (the founding rate's denominator, with status=operating).
ELIGIBLE = "eligible"


@selector(sample=lambda s: {"within": s.world.township_a})
def employers_for_user(
    actor: User,
    *,
    q: str = "",
    township: str = "",
    industry: str = "",
    ownership: str = "",
    union_status: str = "",
    size_band: str = "",
    status: str = "",
    year: str = "",
    within: Union | None = None,
) -> QuerySet[Employer]:
    """The employers ``actor`` may see, filtered.

    ``township`` is a division code; ``industry`` a division (two digits) or a section letter;
    ``union_status`` a ``Employer.UnionStatus`` value, ``"covered"`` (own or joint) or ``"eligible"``
    (anything but not eligible); ``year``
    the year of ``founded_on``; ``q`` a part of the name or a whole credit code. Unknown values
    simply match nothing.
    """
    employers = Employer.objects.select_related("division", "industry", "ownership")
    if within is not None:
        employers = employers.filter(subtree_q("union__path", within.path))
    if township:
        employers = employers.filter(division_id=township)
    if industry:
        if industry.isalpha():
            employers = employers.filter(industry__section_id=industry)
        else:
            employers = employers.filter(industry_id=industry)
    if ownership:
        employers = employers.filter(ownership_id=ownership)
    if union_status == COVERED:
        employers = employers.filter(union_status__in=[Employer.UnionStatus.OWN, Employer.UnionStatus.JOINT])
    elif union_status == ELIGIBLE:
        employers = employers.exclude(union_status=Employer.UnionStatus.NOT_ELIGIBLE)
    elif union_status:
        employers = employers.filter(union_status=union_status)
    if year:
        founded_year = parse_year(year)
        employers = employers.filter(founded_on__year=founded_year) if founded_year else employers.none()
    if size_band:
        employers = employers.filter(size_band=size_band)
    if status:
        employers = employers.filter(status=status)
    q = q.strip()
    if q:
        condition = Q(name__icontains=q)
        if len(q) == 18:
            condition |= Q(credit_code=q.upper())
        employers = employers.filter(condition)
    return employers


@selector(sample=lambda s: {"q": s.get(Employer, "employer_id").name})
def employers_to_pick(actor: User, q: str, *, limit: int = PICK_LIMIT) -> list[Employer]:
    """The employers ``actor`` may pick, found by ``q`` as the employer list finds them: at most
    ``limit``, in the list's order; none for an empty query."""
    text = pick_words(q)
    if not text:
        return []
    return list(employers_for_user(actor, q=text)[: max(limit, 0)])


@selector(sample=lambda s: {"employer_id": s.id("employer_id")})
def get_employer_for_user(actor: User, employer_id: int) -> Employer:
    """One employer in ``actor``'s scope, else 404."""
    return get_object_or_404(
        Employer.objects.select_related(
            "union", "own_union", "joint_union", "division", "village", "ownership", "nature", "industry"
        ),
        pk=employer_id,
    )


@selector(sample=lambda s: {"union": s.world.union_c})
def employers_of_union(actor: User, union: Union) -> QuerySet[Employer]:
    """The employers ``union`` organises: its own employer, or those it covers as a joint union."""
    return Employer.objects.filter(Q(own_union=union) | Q(joint_union=union)).select_related("division")


def own_employer_of(union: Union) -> Employer | None:
    """The employer whose own union ``union`` is (``Employer.own_union``), or None.

    The one rule for "the union's employer": the employer a grassroots union's members work
    for unless they name another, used by the member form and by the member sheet (an empty
    工作单位). A joint union covers several employers and a federation none: None. Read in
    the caller's scope (an actor or a system scope); an employer with its own union is kept by
    that union, so it is in scope whenever the union is.
    """
    return Employer.objects.filter(own_union=union).first()


def employer_in_scope(employer_id: int) -> bool:
    """Whether the employer lies in the caller's scope (an actor's, or a system scope)."""
    return Employer.objects.filter(pk=employer_id).exists()


def employer_union_id(employer_id: int) -> int:
    """The id of the union that keeps the employer, read in the caller's scope (404 outside it)."""
    union_id = Employer.objects.filter(pk=employer_id).values_list("union_id", flat=True).first()
    if union_id is None:
        raise Http404("no such employer in scope")
    return union_id


def employer_organised_by(employer_id: int, union: Union) -> bool:
    """Whether ``union`` keeps, owns or covers the employer, wherever the employer lies.

    The receiving side of a member's transfer may lie outside the sending officer's scope.
    """
    organised_by = Q(union=union) | Q(own_union=union) | Q(joint_union=union)
    # unscoped: a yes or no about one employer and the receiving union of a transfer
    return Employer.unscoped.filter(organised_by, pk=employer_id).exists()
