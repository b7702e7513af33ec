"""Programmes and disbursement batches: budgets, funding, rates and grants that keep every rule."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from gonghui.assistance.classification import Category
from gonghui.assistance.demo.households import Builder
from gonghui.assistance.demo.plans import Household, _id
from gonghui.assistance.demo.tables import (
    EDUCATION_RATES,
    FUNDING,
    LEVEL_ORDER,
    Kind,
    _age_on,
    _round_to,
    _working_on_or_after,
    _working_on_or_before,
)
from gonghui.assistance.models import Disbursement, EducationRate, FundingSource, Grant, HouseholdMember, Program
from gonghui.assistance.services import CONSENT_AGE
from gonghui.assistance.workflows import BatchState, FileState
from gonghui.core.demo import names
from gonghui.core.tree.models import Union
from gonghui.core.workflow.history import Step, at

# --- Programmes and batches ----------------------------------------------------------------------


class Money:
    """Programmes of the county federation, paid batches per township and the one waiting for approval."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.rng = builder.rng
        self.programs: dict[tuple[int, str], Program] = {}
        self.rates: list[EducationRate] = []
        self.sources: list[FundingSource] = []
        self.batches: list[tuple[Disbursement, list[Step]]] = []
        self.grants: list[Grant] = []
        self.counted: set[tuple[int, str, int]] = set()

    def program(self, year: int, kind: str) -> Program:
        key = (year, kind)
        if key in self.programs:
            return self.programs[key]
        label, default, starts, ends, description = {
            Kind.WARMTH: (
                f"{year}年元旦春节送温暖",
                1000,
                date(year - 1, 11, 1),
                date(year, 2, 28),
                "元旦春节期间走访慰问在档困难职工家庭：深度困难每户1000元，相对困难和意外致困每户800元。",
            ),
            Kind.EDUCATION: (
                f"{year}年金秋助学",
                0,
                date(year, 7, 1),
                date(year, 9, 30),
                "资助在档困难职工家庭子女就学，按就读阶段和建档情况确定标准，每个家庭每年资助一人。",
            ),
            Kind.MEDICAL: (
                f"{year}年困难职工医疗救助",
                2000,
                date(year, 3, 1),
                date(year, 12, 31),
                "对患重大疾病或慢性病、医疗费用负担重的在档困难职工家庭给予医疗救助，每户最高5000元。",
            ),
            Kind.LIVING: (
                f"{year}年困难职工生活救助",
                2000,
                date(year, 3, 1),
                date(year, 12, 31),
                "对深度困难和意外致困职工家庭给予生活救助：深度困难每户2000元，意外致困每户3000元。",
            ),
            Kind.PAIRING: (
                f"{year}年“一帮一”结对帮扶",
                500,
                date(year, 1, 1),
                date(year, 12, 31),
                "县总工会和乡镇（街道）总工会干部与在档困难职工家庭结对，定期走访，每户每年帮扶500元。",
            ),
        }[Kind(kind)]
        created = min(starts - timedelta(days=20), self.b.today)
        program = Program(
            id=self.b.ids.next(Program),
            union_id=self.b.county.pk,
            year=year,
            kind=kind,
            name=label,
            default_amount=Decimal(default),
            starts_on=starts,
            ends_on=ends,
            description=description,
            created_at=at(created, 10),
        )
        self.programs[key] = program
        if kind == Kind.EDUCATION:
            for level, (filed, unfiled) in EDUCATION_RATES.items():
                self.rates.append(
                    EducationRate(
                        id=self.b.ids.next(EducationRate),
                        program_id=program.pk,
                        union_id=self.b.county.pk,
                        level=level,
                        filed_amount=Decimal(filed),
                        unfiled_amount=Decimal(unfiled),
                    )
                )
        return program

    def amount(self, household: Household, kind: str, day: date) -> tuple[Decimal, HouseholdMember | None] | None:
        """What one household receives from a programme of ``kind`` on ``day``, or None."""
        file = household.file
        if file.excluded:
            return None
        if kind == Kind.WARMTH:
            return Decimal(1000 if file.category == Category.DEEP else 800), None
        if kind == Kind.LIVING:
            if file.category == Category.DEEP:
                return Decimal(2000), None
            if file.category == Category.SUDDEN:
                return Decimal(3000), None
            return None
        if kind == Kind.MEDICAL:
            if file.medical_costs < 6000:
                return None
            return Decimal(min(5000, max(1000, int(file.medical_costs * Decimal("0.2")) // 100 * 100))), None
        if kind == Kind.PAIRING:
            paired = self.b.paired.get(file.pk)
            if paired is None or paired > day:
                return None
            return Decimal(500), None
        # 金秋助学: the household's highest-level student in school, under 14 only with consent.
        students = []
        for member in household.members:
            level = member.obj.schooling
            if level not in EDUCATION_RATES:
                continue
            age = _age_on(member.obj.birth_date, day)
            if age < 6 or (age < CONSENT_AGE and not member.consent):
                continue
            students.append(member)
        if not students:
            return None
        best = min(students, key=lambda m: LEVEL_ORDER.index(m.obj.schooling))
        return Decimal(EDUCATION_RATES[best.obj.schooling][0]), best.obj

    def paid_batches(self) -> None:
        """Past years: one batch per township and programme, paid; its grants counted."""
        b, rng, today = self.b, self.rng, self.b.today
        when = {
            Kind.WARMTH: (1, 6, 14),
            Kind.LIVING: (4, 7, 20),
            Kind.MEDICAL: (6, 3, 20),
            Kind.EDUCATION: (8, 3, 14),
            Kind.PAIRING: (10, 9, 10),
        }
        by_township: dict[int, list[Household]] = defaultdict(list)
        for household in b.households:
            by_township[household.township.pk].append(household)
        for year in range(b.this_year - 3, b.this_year + 1):
            for kind in (Kind.WARMTH, Kind.LIVING, Kind.MEDICAL, Kind.EDUCATION, Kind.PAIRING):
                program = self.program(year, kind)
                month, first, spread = when[Kind(kind)]
                for township in b.townships:
                    created = _working_on_or_after(date(year, month, first) + timedelta(days=rng.randint(0, spread)))
                    paid = created + timedelta(days=rng.randint(8, 20))
                    if paid > today:
                        continue
                    grants = []
                    for household in by_township.get(township.pk, []):
                        if not household.filed_during(created):
                            continue
                        got = self.amount(household, kind, created)
                        if got is None:
                            continue
                        amount, student = got
                        goods = "大米一袋、食用油一桶" if kind == Kind.WARMTH and rng.random() < 0.3 else ""
                        grants.append(self.grant(program, household, amount, student, goods, counted=True))
                    if grants:
                        self.batch(program, township, created, grants, state=BatchState.PAID, paid=paid)

    def grant(
        self,
        program: Program,
        household: Household,
        amount: Decimal,
        student: HouseholdMember | None,
        goods: str,
        *,
        counted: bool,
    ) -> Grant:
        file = household.file
        if counted:
            key = (file.pk, program.kind, program.year)
            assert key not in self.counted, key
            self.counted.add(key)
        return Grant(
            id=self.b.ids.next(Grant),
            union_id=file.union_id,
            file_id=file.pk,
            kind=program.kind,
            year=program.year,
            amount=amount,
            goods=goods,
            student_id=student.pk if student is not None else None,
            counted=counted,
        )

    def batch(
        self,
        program: Program,
        township: Union,
        created: date,
        grants: list[Grant],
        *,
        state: str,
        paid: date | None = None,
        checked: date | None = None,
    ) -> Disbursement:
        b, rng = self.b, self.rng
        maker, checker, approver = b.accounts.batch_people(township)
        batch_id = b.ids.next(Disbursement)
        batch = Disbursement(
            id=batch_id,
            program_id=program.pk,
            union_id=township.pk,
            number=f"FF{program.year}{batch_id:05d}",
            title=f"{program.name} {township.name}",
            state=state,
            made_by_id=_id(maker),
            checked_by_id=_id(checker),
            approved_by_id=_id(approver) if state in (BatchState.APPROVED, BatchState.PAID) else None,
            paid_on=paid if state == BatchState.PAID else None,
            created_at=at(created, 9, rng.randint(0, 59)),
        )
        submitted = _working_on_or_after(created + timedelta(days=rng.randint(0, 2)))
        checked = checked or _working_on_or_after(submitted + timedelta(days=rng.randint(1, 3)))
        steps = [
            Step(created, "start", actor_id=_id(maker)),
            Step(submitted, "submit", actor_id=_id(maker)),
            Step(checked, "check", "已逐户核对名单和金额", _id(checker)),
        ]
        if state == BatchState.PAID and paid is not None:
            approved = min(_working_on_or_after(checked + timedelta(days=rng.randint(1, 3))), paid)
            steps.append(Step(approved, "approve", actor_id=_id(approver)))
            steps.append(Step(max(paid, approved), "pay", "已通过银行代发到户", _id(approver)))
        for grant in grants:
            grant.disbursement_id = batch_id
        self.batches.append((batch, steps))
        self.grants.extend(grants)
        return batch

    def pending_warmth(self) -> Disbursement | None:
        """Next Spring Festival's 送温暖: one township's deep households, made and checked, waiting for approval."""
        b, rng, today = self.b, self.rng, self.b.today
        program = self.program(b.this_year + 1, Kind.WARMTH)
        deep: dict[int, list[Household]] = defaultdict(list)
        for household in b.households:
            file = household.file
            if file.state == FileState.FILED and not file.excluded and file.category == Category.DEEP:
                deep[household.township.pk].append(household)
        if not deep:
            return None

        def preference(township: Union) -> tuple[int, int]:
            return (min(len(b.accounts.staff(township)), 2), len(deep.get(township.pk, [])))

        township = max((t for t in b.townships if deep.get(t.pk)), key=preference)
        chosen = deep[township.pk][:40]
        created = _working_on_or_before(today - timedelta(days=rng.randint(6, 10)))
        checked = _working_on_or_before(today - timedelta(days=rng.randint(0, 2)))
        grants = [self.grant(program, h, program.default_amount, None, "", counted=False) for h in chosen]
        return self.batch(program, township, created, grants, state=BatchState.CHECKED, checked=checked)

    def budgets(self) -> None:
        """Each programme's budget covers its grants with some to spare; the sources add up to it."""
        program_of = {batch.pk: batch.program_id for batch, _steps in self.batches}
        used: Counter[int] = Counter()
        for grant in self.grants:
            used[program_of[grant.disbursement_id]] += int(grant.amount)
        previous: dict[str, Decimal] = {}
        for (_year, kind), program in sorted(self.programs.items()):
            spent = used.get(program.pk, 0)
            if spent:
                budget = Decimal(math.ceil(spent * self.rng.uniform(1.08, 1.3) / 10000) * 10000)
            else:  # a programme still to come: last year's budget, a little more
                budget = _round_to(previous.get(kind, Decimal(50000)) * Decimal("1.05"), 10000)
            program.budget = max(budget, Decimal(10000))
            previous[kind] = program.budget
            rest = program.budget
            for source_kind, description, share in FUNDING:
                amount = _round_to(program.budget * share, 1000)
                rest -= amount
                self.sources.append(
                    FundingSource(
                        id=self.b.ids.next(FundingSource),
                        program_id=program.pk,
                        union_id=program.union_id,
                        kind=source_kind,
                        description=description,
                        amount=amount,
                    )
                )
            self.sources.append(
                FundingSource(
                    id=self.b.ids.next(FundingSource),
                    program_id=program.pk,
                    union_id=program.union_id,
                    kind=FundingSource.Kind.OWN_FUNDS,
                    description=f"{names.COUNTY}总工会本级经费",
                    amount=rest,
                )
            )
