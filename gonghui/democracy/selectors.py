"""Democratic management's reads: each answers for the user it is given (``core/selectors.py``).

Employers are read through ``organisations.selectors`` and workers through ``members.selectors``;
this module filters what they return with its own rows, never their tables directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.modules.concerns import Concern
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import subtree_q
from gonghui.core.web.converters import parse_id, parse_year
from gonghui.democracy import rules
from gonghui.democracy.models import (
    PRIVATE_ITEMS,
    STATE_OWNED_ITEMS,
    AgendaItem,
    Candidate,
    CollectiveContract,
    Congress,
    Delegate,
    Disclosure,
    DisclosureEvidence,
    DisclosureItem,
    Level,
    MinimumWage,
    Motion,
    Question,
    Representative,
    Session,
)
from gonghui.democracy.workflows import ContractState, SessionState
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations
from gonghui.organisations.models import Employer

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User
    from gonghui.members.models import Worker

# Sittings that took place (held, then reported); a planned or cancelled one did not.
HELD_STATES = (SessionState.HELD, SessionState.REPORTED)
# Contracts that bind: filed (in the objection window) or in force, within their term.
BINDING_STATES = (ContractState.FILED, ContractState.IN_FORCE)
OPEN_CONTRACT_STATES = (
    ContractState.REQUESTED,
    ContractState.NEGOTIATING,
    ContractState.SIGNED,
    ContractState.FILED,
    ContractState.IN_FORCE,
)


# --- Local minimum wage ----------------------------------------------------------------------


@dataclass(frozen=True)
class MinimumWageLine:
    effective_from: date
    monthly: Decimal
    hourly: Decimal
    notice: str
    default: bool  # from the built-in table, not entered by the county


# The demo province's published tiers (浙江省, second tier, which a county of the demo's size
# usually applies), used until the county enters its own figure. Keep in step with docs/democracy.md.
DEFAULT_MINIMUM_WAGES = (
    MinimumWageLine(
        date(2021, 8, 1),
        Decimal("2070.00"),
        Decimal("20.00"),
        "浙江省人民政府关于调整全省最低工资标准的通知（2021年，第二档）",
        True,
    ),
    MinimumWageLine(
        date(2025, 1, 1),
        Decimal("2260.00"),
        Decimal("22.00"),
        "浙江省人民政府关于调整全省最低工资标准的通知（2025年，第二档）",
        True,
    ),
)


def local_minimum_wage(on: date) -> MinimumWageLine:
    """The local monthly minimum wage in force on ``on``: the county's own table, else the built-in default.

    Reference data, the same for every user (no union owns it).
    """
    row = MinimumWage.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if row is not None:
        return MinimumWageLine(row.effective_from, row.monthly, row.hourly, row.notice, False)
    earlier = [line for line in DEFAULT_MINIMUM_WAGES if line.effective_from <= on]
    return earlier[-1] if earlier else DEFAULT_MINIMUM_WAGES[0]


@selector
def minimum_wages_for_user(user: User) -> list[MinimumWageLine]:
    """The county's minimum wage table, newest first (the built-in default when it is empty)."""
    rows = [MinimumWageLine(r.effective_from, r.monthly, r.hourly, r.notice, False) for r in MinimumWage.objects.all()]
    return rows or list(reversed(DEFAULT_MINIMUM_WAGES))


# --- Filters shared by the lists -----------------------------------------------------------------


@selector
def townships_for_user(user: User) -> list[Union]:
    """The township and sector federations in the user's scope (for the filters)."""
    return list(
        Union.objects.filter(kind__in=(Union.Kind.TOWNSHIP, Union.Kind.SECTOR))
        .only("id", "name", "path")
        .order_by("path")
    )


def _within_township(rows: QuerySet[Any], township: str, column: str = "union__path") -> QuerySet[Any]:
    township_id = parse_id(township)
    union = Union.objects.filter(pk=township_id).only("path").first() if township_id else None
    return rows.filter(subtree_q(column, union.path)) if union else rows.none()


# --- Employers (for the figures' drill-downs and the pickers) -----------------------------------


def congress_held_q(year: int) -> Q:
    held = Session.objects.filter(held_on__year=year, state__in=HELD_STATES)
    own = Exists(held.filter(congress__employer=OuterRef("pk")))
    regional = Exists(held.filter(congress__covered_employers=OuterRef("pk")))
    return Q(own) | Q(regional)


def coverage_day(year: int, today: date | None = None) -> date:
    """The day a year's contract coverage is read on: today for this year (or a later one), else 31 December."""
    today = today or timezone.localdate()
    return today if year >= today.year else date(year, 12, 31)


def binding_q(day: date, today: date | None = None) -> Q:
    """The contracts binding on ``day`` (filed or in force, within the term).

    From today on: filed or in force now, the term not ended (``BINDING_STATES``). On a past day
    (a past year's coverage): a contract since expired still counts if it had been filed (or, for
    a register row without a filing day, signed) by that day and its term covered the day.
    """
    today = today or timezone.localdate()
    if day >= today:
        return Q(state__in=BINDING_STATES, term_end__gte=day)
    return (
        Q(state__in=(*BINDING_STATES, ContractState.EXPIRED), term_end__gte=day)
        & (Q(term_start__isnull=True) | Q(term_start__lte=day))
        & (Q(filed_on__lte=day) | Q(filed_on__isnull=True, signed_on__lte=day))
    )


def contract_q(today: date, *, kinds: tuple[str, ...] = ()) -> Q:
    binding = CollectiveContract.objects.filter(binding_q(today))
    if kinds:
        binding = binding.filter(kind__in=kinds)
    own = Exists(binding.filter(employer=OuterRef("pk")))
    regional = Exists(binding.filter(covered_employers=OuterRef("pk")))
    return Q(own) | Q(regional)


def employer_ids_held(year: int) -> set[int]:
    """The employers whose congress (their own, or one covering them) held a sitting in ``year``.

    The set behind ``congress_held_q``, read once in the caller's scope (the figures group it).
    """
    held = Session.objects.filter(held_on__year=year, state__in=HELD_STATES)
    own = held.filter(congress__employer__isnull=False).values_list("congress__employer_id", flat=True)
    regional = held.filter(congress__covered_employers__isnull=False).values_list(
        "congress__covered_employers", flat=True
    )
    return set(own) | set(regional)


def employer_ids_bound(today: date, *, kinds: tuple[str, ...] = ()) -> set[int]:
    """The employers bound on ``today`` by a contract (of ``kinds``): the set behind ``contract_q``, in scope."""
    binding = CollectiveContract.objects.filter(binding_q(today))
    if kinds:
        binding = binding.filter(kind__in=kinds)
    own = binding.filter(employer__isnull=False).values_list("employer_id", flat=True)
    regional = binding.filter(covered_employers__isnull=False).values_list("covered_employers", flat=True)
    return set(own) | set(regional)


@selector
def employers_for_user(
    user: User,
    *,
    q: str = "",
    township: str = "",
    congress: str = "",
    contract: str = "",
    wage: str = "",
    year: str = "",
    ownership: str = "",
    size_band: str = "",
    industry: str = "",
) -> QuerySet[Employer]:
    """The operating employers with a union (own or joint) in ``user``'s scope, as democratic management sees them.

    ``congress``: ``held`` (a sitting of their congress was held in ``year``, this year by
    default) or ``missing``; ``contract`` / ``wage``: ``yes`` (bound by a filed or in-force
    collective contract / wage agreement on ``coverage_day(year)``: today for this year, 31
    December for a past one) or ``no``. Unknown values match nothing.
    """
    rows = organisations.employers_for_user(
        user,
        q=q,
        union_status=organisations.COVERED,
        status=Employer.Status.OPERATING,
        ownership=ownership,
        size_band=size_band,
        industry=industry,
    )
    if township:
        rows = _within_township(rows, township)
    today = timezone.localdate()
    the_year = parse_year(year) if year else today.year
    if congress:
        if the_year is None or congress not in ("held", "missing"):
            return rows.none()
        rows = rows.filter(congress_held_q(the_year)) if congress == "held" else rows.exclude(congress_held_q(the_year))
    for value, kinds in ((contract, ()), (wage, (CollectiveContract.Kind.WAGE,))):
        if value and the_year is None:
            return rows.none()
        day = coverage_day(the_year, today) if the_year else today
        if value == "yes":
            rows = rows.filter(contract_q(day, kinds=kinds))
        elif value == "no":
            rows = rows.exclude(contract_q(day, kinds=kinds))
        elif value:
            return rows.none()
    return rows.order_by("name", "id")


@selector(sample=lambda s: {"employer_id": s.id("employer_id")})
def get_employer_for_user(user: User, employer_id: int) -> Employer:
    """One employer of ``user``'s scope (404 outside it)."""
    return organisations.get_employer_for_user(user, employer_id)


# --- Regional and industry congresses and contracts ---------------------------------------------

# The unions that may run a regional or industry congress or contract: a federation or a joint union,
# never the grassroots union of a single employer (the services refuse any other).
RUNNING_KINDS = (Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR, Union.Kind.JOINT)


@selector
def regional_unions_for_user(user: User) -> QuerySet[Union]:
    """The unions ``user`` may set up a regional or industry congress or contract for.

    Their own union and the federations and joint unions below it; none for the officer of a
    single employer's grassroots union.
    """
    return Union.objects.filter(kind__in=RUNNING_KINDS).only("id", "name", "path", "kind").order_by("path")


@selector(sample=lambda s: {"codes": [], "names": [s.get(Employer, "employer_id").name]})
def employers_matching(user: User, *, codes: list[str], names: list[str]) -> list[Employer]:
    """The employers of ``user``'s scope whose credit code is in ``codes`` or whose name is exactly in ``names``.

    A credit code is 18 characters (others never match a code); the caller says which line each
    employer answers. Their keeping union is read with them (for the subtree check).
    """
    codes = [code for code in codes if len(code) == 18]
    if not codes and not names:
        return []
    rows = organisations.employers_for_user(user).select_related("union")
    return list(rows.filter(Q(credit_code__in=codes) | Q(name__in=names)).order_by("name", "id"))


@selector(sample=lambda s: {"obj": s.get(Congress, "congress_id")})
def covered_employers_of(user: User, obj: Congress | CollectiveContract) -> list[Employer]:
    """The employers a regional or industry congress or contract covers, by name (none for an employer's own)."""
    if obj.level == Level.EMPLOYER:
        return []
    ids = list(obj.covered_employers.values_list("id", flat=True))
    return list(organisations.employers_for_user(user).filter(pk__in=ids).order_by("name", "id"))


@selector(sample=lambda s: {"congress_id": s.id("congress_id")})
def get_regional_congress_for_user(user: User, congress_id: int) -> Congress:
    """One regional or industry congress term of ``user``'s scope (404 outside it, or for an employer's own)."""
    rows = Congress.objects.select_related("union").exclude(level=Level.EMPLOYER)
    return get_object_or_404(rows, pk=congress_id)


@selector(sample=lambda s: {"contract_id": s.id("contract_id")})
def get_regional_contract_for_user(user: User, contract_id: int) -> CollectiveContract:
    """One regional or industry collective contract of ``user``'s scope (404 outside it, or for an employer's own)."""
    rows = CollectiveContract.objects.select_related("union").exclude(level=Level.EMPLOYER)
    return get_object_or_404(rows, pk=contract_id)


@selector(sample=lambda s: {"congress": s.get(Congress, "congress_id")})
def workers_for_congress(user: User, congress: Congress, *, q: str = "") -> QuerySet[Worker]:
    """The workers of the registry who may be picked as delegates of ``congress`` (its employers' workers)."""
    employer_ids = (
        [congress.employer_id]
        if congress.employer_id
        else list(congress.covered_employers.values_list("id", flat=True))
    )
    if not employer_ids:
        return members.workers_for_user(user).none()
    rows = members.workers_for_user(user, employer=employer_ids[0], q=q)
    for other in employer_ids[1:]:
        rows = rows | members.workers_for_user(user, employer=other, q=q)
    return rows


@selector(sample=lambda s: {"worker_id": s.id("worker_id")})
def get_worker_for_user(user: User, worker_id: int) -> Worker:
    """One worker of the registry in ``user``'s scope (404 outside it)."""
    return members.get_worker_for_user(user, worker_id)


# --- Congresses ---------------------------------------------------------------------------------


@selector
def congresses_for_user(
    user: User, *, q: str = "", township: str = "", form: str = "", sitting: str = "", current: str = ""
) -> QuerySet[Congress]:
    """The congress terms of ``user``'s scope, newest first.

    ``sitting``: ``missing`` — a term in office today without a sitting held this year (the
    reminder's list); ``held`` — with one. ``current``: ``1`` for terms in office today.
    """
    rows = Congress.objects.select_related("union", "employer")
    today = timezone.localdate()
    if q.strip():
        rows = rows.filter(Q(name__icontains=q.strip()) | Q(employer__name__icontains=q.strip()))
    if township:
        rows = _within_township(rows, township)
    if form:
        rows = rows.filter(form=form)
    if current == "1" or sitting:
        rows = rows.filter(term_start__lte=today, term_end__gte=today)
    if sitting == "missing":
        rows = rows.exclude(last_sitting_on__year=today.year)
    elif sitting == "held":
        rows = rows.filter(last_sitting_on__year=today.year)
    elif sitting:
        rows = rows.none()
    return rows.order_by("-term_start", "id")


@selector(sample=lambda s: {"congress_id": s.id("congress_id")})
def get_congress_for_user(user: User, congress_id: int) -> Congress:
    """One congress term of ``user``'s scope (404 outside it)."""
    return get_object_or_404(Congress.objects.select_related("union", "employer"), pk=congress_id)


@selector(sample=lambda s: {"congress": s.get(Congress, "congress_id")})
def delegates_of_congress(user: User, congress: Congress) -> list[Delegate]:
    return list(congress.delegates.select_related("worker").order_by("electoral_unit", "id"))


@selector
def delegates_for_user(user: User, *, q: str = "", township: str = "", current: str = "") -> QuerySet[Delegate]:
    """The congress delegates of ``user``'s scope, by congress (newest term first), then electoral unit.

    ``q``: the delegate's name, the congress or the employer; ``current``: ``1`` for delegates of
    terms in office today.
    """
    rows = Delegate.objects.select_related("congress", "congress__employer", "worker", "union")
    q = q.strip()
    if q:
        rows = rows.filter(
            Q(worker__name__icontains=q) | Q(congress__name__icontains=q) | Q(congress__employer__name__icontains=q)
        )
    if township:
        rows = _within_township(rows, township)
    if current == "1":
        today = timezone.localdate()
        rows = rows.filter(congress__term_start__lte=today, congress__term_end__gte=today)
    return rows.order_by("-congress__term_start", "congress_id", "electoral_unit", "id")


@selector(sample=lambda s: {"delegate_id": s.id("delegate_id")})
def get_delegate_for_user(user: User, delegate_id: int) -> Delegate:
    return get_object_or_404(Delegate.objects.select_related("congress", "worker"), pk=delegate_id)


@dataclass(frozen=True)
class Composition:
    delegates: int
    managers: int
    women: int
    dispatched: int
    frontline: int


def composition(delegates: list[Delegate]) -> Composition:
    """The counts the congress's rules read, from delegates the caller already read."""
    return Composition(
        delegates=len(delegates),
        managers=sum(d.is_manager for d in delegates),
        women=sum(d.is_woman for d in delegates),
        dispatched=sum(d.is_dispatched for d in delegates),
        frontline=sum(d.is_frontline for d in delegates),
    )


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def congress_checks(congress: Congress, counts: Composition, *, today: date | None = None) -> list[rules.Check]:
    """Each rule of the congress as met or not, with the numbers (the congress's page shows them)."""
    today = today or timezone.localdate()
    checks = []
    minimum = congress.delegates_required
    if minimum is None:
        checks.append(
            rules.Check(
                "form",
                _("Form"),
                True,
                _("%(n)d workers: under %(limit)d, a general assembly of all workers.")
                % {"n": congress.workforce, "limit": rules.DELEGATE_CONGRESS_FROM},
            )
        )
    else:
        checks.append(
            rules.Check(
                "delegates",
                _("Delegates: at least 5 per cent of the workforce and at least 30"),
                counts.delegates >= minimum,
                _("%(have)d of at least %(need)d delegates for %(n)d workers.")
                % {"have": counts.delegates, "need": minimum, "n": congress.workforce},
            )
        )
        checks.append(
            rules.Check(
                "managers",
                _("Middle managers and leaders at most 20 per cent"),
                rules.management_share_ok(counts.managers, counts.delegates),
                _("%(m)d of %(d)d delegates (%(share)s); at most %(max)d allowed.")
                % {
                    "m": counts.managers,
                    "d": counts.delegates,
                    "share": _share(counts.managers, counts.delegates),
                    "max": counts.delegates * rules.MANAGER_PERCENT // 100,
                },
            )
        )
        women_ok = (
            counts.delegates == 0 or counts.women * congress.workforce >= congress.women_workers * counts.delegates
        )
        checks.append(
            rules.Check(
                "women",
                _("Women delegates against their share of the workforce"),
                women_ok,
                _("%(w)s of the delegates are women; %(ww)s of the workers.")
                % {
                    "w": _share(counts.women, counts.delegates),
                    "ww": _share(congress.women_workers, congress.workforce),
                },
            )
        )
        dispatched_ok = congress.dispatched_workers == 0 or counts.dispatched > 0
        checks.append(
            rules.Check(
                "dispatched",
                _("Dispatched workers represented"),
                dispatched_ok,
                _("%(d)s of the delegates are dispatched workers; %(dw)s of the workers.")
                % {
                    "d": _share(counts.dispatched, counts.delegates),
                    "dw": _share(congress.dispatched_workers, congress.workforce),
                },
            )
        )
    held = congress.last_sitting_on is not None and congress.last_sitting_on.year == today.year
    checks.append(
        rules.Check(
            "sitting",
            _("At least one sitting a year"),
            held,
            _("Last sitting: %(day)s.")
            % {"day": f"{congress.last_sitting_on:%Y-%m-%d}" if congress.last_sitting_on else _("none")},
        )
    )
    return checks


# --- Sittings -----------------------------------------------------------------------------------


@selector
def sessions_for_user(
    user: User,
    *,
    q: str = "",
    state: str = "",
    township: str = "",
    year: str = "",
    materials: str = "",
    today: date | None = None,
) -> QuerySet[Session]:
    """The sittings of ``user``'s scope, newest first.

    ``materials="missing"``: planned sittings from ``today`` on whose materials have not been
    sent to the delegates yet (due 7 days before the sitting, ``rules.materials_due``).
    """
    rows = Session.objects.select_related("congress", "union")
    if materials == "missing":
        on = today or timezone.localdate()
        rows = rows.filter(materials_sent_on__isnull=True, state=SessionState.PLANNED, held_on__gte=on)
    if q.strip():
        rows = rows.filter(congress__name__icontains=q.strip())
    if state:
        rows = rows.filter(state=state)
    if township:
        rows = _within_township(rows, township)
    if year:
        the_year = parse_year(year)
        rows = rows.filter(held_on__year=the_year) if the_year else rows.none()
    return rows.order_by("-held_on", "-id")


@selector(sample=lambda s: {"session_id": s.id("session_id")})
def get_session_for_user(user: User, session_id: int) -> Session:
    return get_object_or_404(Session.objects.select_related("congress", "congress__employer", "union"), pk=session_id)


@selector(sample=lambda s: {"session": s.get(Session, "session_id")})
def attendance_of_session(user: User, session: Session) -> dict[int, str]:
    """``{delegate_id: status}`` of the sitting's roll."""
    return dict(session.attendances.values_list("delegate_id", "status"))


@selector(sample=lambda s: {"session": s.get(Session, "session_id")})
def items_of_session(user: User, session: Session) -> list[AgendaItem]:
    return list(
        session.items.select_related("contract")
        .prefetch_related("ballots", Prefetch("candidates", Candidate.objects.select_related("worker")))
        .order_by("number")
    )


@selector(sample=lambda s: {"item": s.get(AgendaItem, "item_id")})
def candidates_of_item(user: User, item: AgendaItem) -> list[Candidate]:
    """An election's candidates, most votes first once counted."""
    return list(item.candidates.select_related("worker").order_by(F("votes").desc(nulls_last=True), "id"))


@selector(sample=lambda s: {"item_id": s.id("item_id")})
def get_item_for_user(user: User, item_id: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("session", "session__congress", "contract"), pk=item_id)


# --- Motions ------------------------------------------------------------------------------------


@selector
def motions_for_user(
    user: User, *, q: str = "", state: str = "", township: str = "", congress: str = ""
) -> QuerySet[Motion]:
    rows = Motion.objects.select_related("congress", "tabled_by__worker", "union")
    if q.strip():
        rows = rows.filter(title__icontains=q.strip())
    if state:
        rows = rows.filter(state=state)
    if township:
        rows = _within_township(rows, township)
    if congress:
        congress_id = parse_id(congress)
        rows = rows.filter(congress_id=congress_id) if congress_id else rows.none()
    return rows.order_by("-tabled_on", "-id")


@selector(sample=lambda s: {"motion_id": s.id("motion_id")})
def get_motion_for_user(user: User, motion_id: int) -> Motion:
    return get_object_or_404(
        Motion.objects.select_related("congress", "tabled_by__worker", "session", "reported_at"), pk=motion_id
    )


# --- Disclosure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistLine:
    item: str
    label: str
    disclosure: Disclosure | None


def items_required(employer: Employer) -> tuple[str, ...]:
    """The items ``employer`` must disclose: more for a state-owned one (economic type 国有, code 1)."""
    return STATE_OWNED_ITEMS if employer.ownership_id == "1" else PRIVATE_ITEMS


@selector(sample=lambda s: {"employer": s.get(Employer, "employer_id"), "year": 2026})
def disclosure_checklist(user: User, employer: Employer, year: int) -> list[ChecklistLine]:
    """The year's checklist of ``employer``: every required item with its disclosure, if any."""
    done = {d.item: d for d in Disclosure.objects.filter(employer=employer, year=year).prefetch_related("files")}
    labels = dict(DisclosureItem.choices)
    return [ChecklistLine(code, str(labels[code]), done.get(code)) for code in items_required(employer)]


@selector(sample=lambda s: {"disclosure_evidence_id": s.id("disclosure_evidence_id")})
def get_disclosure_evidence_for_user(user: User, disclosure_evidence_id: int) -> DisclosureEvidence:
    """One evidence file of a disclosure in ``user``'s scope (404 outside it)."""
    return get_object_or_404(DisclosureEvidence.objects.select_related("disclosure"), pk=disclosure_evidence_id)


@selector(sample=lambda s: {"employer": s.get(Employer, "employer_id")})
def questions_of_employer(user: User, employer: Employer) -> list[Question]:
    return list(Question.objects.filter(employer=employer).order_by("-asked_on", "-id"))


@selector(sample=lambda s: {"question_id": s.id("question_id")})
def get_question_for_user(user: User, question_id: int) -> Question:
    return get_object_or_404(Question.objects.select_related("employer"), pk=question_id)


# --- Collective contracts -------------------------------------------------------------------------


@selector
def contracts_for_user(
    user: User,
    *,
    q: str = "",
    kind: str = "",
    state: str = "",
    township: str = "",
    year: str = "",
    expiring: str = "",
    unfiled: str = "",
    binding: str = "",
) -> QuerySet[CollectiveContract]:
    """The collective contracts of ``user``'s scope, newest request first.

    ``year``: signed that year; ``expiring=1``: binding and in the renewal prompt (the last 3
    months of the term); ``unfiled=1``: signed but not filed in time (filed late, or still
    unfiled past the filing deadline); ``binding=1``: filed or in force, within the term.
    """
    rows = CollectiveContract.objects.select_related("employer", "union")
    today = timezone.localdate()
    if q.strip():
        rows = rows.filter(Q(title__icontains=q.strip()) | Q(employer__name__icontains=q.strip()))
    if kind:
        rows = rows.filter(kind=kind)
    if state:
        rows = rows.filter(state=state)
    if township:
        rows = _within_township(rows, township)
    if year:
        the_year = parse_year(year)
        rows = rows.filter(signed_on__year=the_year) if the_year else rows.none()
    if binding == "1" or expiring == "1":
        rows = rows.filter(state__in=BINDING_STATES, term_end__gte=today)
    if expiring == "1":
        # rules.renewal_due: prompt from 3 months before the last day, i.e. term_end <= today + 3 months.
        rows = rows.filter(term_end__lte=rules.add_months(today, rules.RENEWAL_MONTHS))
    if unfiled == "1":
        rows = rows.filter(Q(filed_late=True) | Q(state=ContractState.SIGNED, filing_due__lt=today))
    return rows.order_by("-requested_on", "-id")


@selector(sample=lambda s: {"contract_id": s.id("contract_id")})
def get_contract_for_user(user: User, contract_id: int) -> CollectiveContract:
    return get_object_or_404(CollectiveContract.objects.select_related("employer", "union"), pk=contract_id)


@selector(sample=lambda s: {"contract": s.get(CollectiveContract, "contract_id")})
def representatives_of_contract(user: User, contract: CollectiveContract) -> list[Representative]:
    return list(contract.representatives.all())


@selector(sample=lambda s: {"representative_id": s.id("representative_id")})
def get_representative_for_user(user: User, representative_id: int) -> Representative:
    return get_object_or_404(Representative.objects.select_related("contract"), pk=representative_id)


@selector(sample=lambda s: {"contract": s.get(CollectiveContract, "contract_id")})
def contract_votes(user: User, contract: CollectiveContract) -> list[AgendaItem]:
    """The congress items that voted on the contract's draft, with their ballots."""
    return list(contract.votes.select_related("session", "session__congress").prefetch_related("ballots"))


@selector(sample=lambda s: {"contract": s.get(CollectiveContract, "contract_id")})
def sessions_for_contract(user: User, contract: CollectiveContract) -> QuerySet[Session]:
    """The open sittings a contract's draft may be put to: those of the congress of its employer(s)."""
    rows = Session.objects.filter(state__in=(SessionState.PLANNED, SessionState.HELD)).select_related("congress")
    if contract.employer_id:
        return rows.filter(congress__employer_id=contract.employer_id)
    return rows.filter(union=contract.union)


@selector(sample=lambda s: {"employer_ids": [s.id("employer_id")], "year": 2026})
def employer_concerns(actor: User, employer_ids: list[int], *, year: int) -> dict[int, list[Concern]]:
    """What democracy holds against these employers (``core.modules.concerns``).

    A collective contract signed in ``year`` or before and still not filed with the labour
    department (劳动合同法 第五十四条: filed within 10 days of signing).
    """
    found: dict[int, list[Concern]] = {}
    contracts = CollectiveContract.objects.filter(
        employer_id__in=employer_ids, state=ContractState.SIGNED, signed_on__year__lte=year
    )
    for contract in contracts.order_by("signed_on", "id"):
        if contract.employer_id is None:
            continue
        found.setdefault(contract.employer_id, []).append(
            Concern(
                _("Collective contract signed on %(day)s and not filed: %(title)s")
                % {"day": f"{contract.signed_on:%Y-%m-%d}" if contract.signed_on else "?", "title": contract.title},
                contract.get_absolute_url(),
            )
        )
    return found
