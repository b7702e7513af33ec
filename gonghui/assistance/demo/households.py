"""The household files: who applies, their household's figures, each file's history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gonghui.assistance import classification
from gonghui.assistance.classification import Category
from gonghui.assistance.demo.people import People, _schooling
from gonghui.assistance.demo.plans import Accounts, Candidate, Household, Member, _id
from gonghui.assistance.demo.tables import (
    BANKS,
    CAUSES,
    CENTRE_STEPS,
    DISABILITIES,
    EDUCATION_COST,
    EXIT_NOTES,
    EXIT_REASONS,
    FILE_PATH,
    GAPS,
    HISTORY_SINCE,
    HOUSING,
    PIPELINE,
    QUALIFYING_MIX,
    REFUSE_NOTES,
    RURAL_SHARE,
    SCHOOLS,
    SUDDEN_EVENTS,
    Cause,
    Health,
    Housing,
    Relation,
    Schooling,
    _age_on,
    _luhn_digit,
    _notice,
    _round_to,
    _working_on_or_after,
    _working_on_or_before,
    county_line,
)
from gonghui.assistance.models import GuardianConsent, HardshipFile, HouseholdMember, PovertyLine
from gonghui.assistance.services import CONSENT_AGE
from gonghui.assistance.workflows import FileState, HardshipFileFlow
from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter, Ids, blind_index_of
from gonghui.core.demo.registry import DemoContext
from gonghui.core.money import round_fen
from gonghui.core.reference.models import Division
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.workflow.history import Step, at, backdated_history, state_path
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.members.models import Membership, Worker


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today: date = ctx.today
        self.this_year = self.today.year
        self.county: Union = ctx.county.county
        self.townships: list[Union] = list(ctx.county.townships)
        self.township_of = {t.path: t for t in self.townships}
        self.accounts = Accounts(self.county)
        self.people = People(self.rng)
        self.ids = Ids()
        self.writer = BulkWriter(ids=self.ids)
        self.households: list[Household] = []
        self.paired: dict[int, date] = {}  # file id: the day its 一帮一 pairing began
        self.consents: list[GuardianConsent] = []
        self.timeline: list[TimelineEntry | Deadline] = []
        self.review_year = self.this_year - 1
        self.review_opened = _working_on_or_after(date(self.review_year, 3, 2))
        # The 低保 standards: the county's, and a lower one for the rural townships (乡).
        townships = list(
            Division.objects.filter(level=Division.Level.TOWNSHIP, code__startswith=names.COUNTY_DIVISION)
            .order_by("code")
            .values_list("code", "name")
        )
        rural = [code for code, name in townships if name.endswith("乡")][:2] or [c for c, _n in townships[-2:]]
        self.rural = set(rural)
        self.division_names = dict(townships)

    # --- standards -----------------------------------------------------------------------------

    def line(self, year: int, division_id: str | None) -> Decimal:
        county = county_line(year)
        if division_id in self.rural:
            return _round_to(county * RURAL_SHARE, 5)
        return county

    def poverty_lines(self, first_year: int) -> list[PovertyLine]:
        rows = []
        for year in range(first_year, self.this_year + 2):
            note = f"{names.COUNTY}人民政府公布的{year}年城乡居民最低生活保障标准"
            rows.append(PovertyLine(year=year, division=None, monthly_amount=county_line(year), note=note))
            for code in sorted(self.rural):
                rows.append(
                    PovertyLine(
                        year=year,
                        division_id=code,
                        monthly_amount=self.line(year, code),
                        note=f"{year}年农村居民最低生活保障标准（{self.division_names.get(code, code)}）",
                    )
                )
        return rows

    # --- candidates ----------------------------------------------------------------------------

    def candidates(self, wanted: int) -> list[Candidate]:
        """Member workers of the townships' grassroots and joint unions, a random sample."""
        ids = list(
            # unscoped: the demo county is built in a system scope, for every union
            Worker.unscoped.filter(
                member_status__in=(Worker.MemberStatus.ACTIVE, Worker.MemberStatus.KEPT),
                union__kind__in=(Union.Kind.GRASSROOTS, Union.Kind.JOINT),
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        picked = sorted(self.rng.sample(ids, k=min(len(ids), int(wanted * 1.5) + 20)))
        joined: dict[int, date] = {}
        result: list[Candidate] = []
        for start in range(0, len(picked), 900):
            chunk = picked[start : start + 900]
            for worker_id, day in (
                # unscoped: the demo county is built in a system scope, for every union
                Membership.unscoped.filter(
                    worker_id__in=chunk, status__in=(Membership.Status.ACTIVE, Membership.Status.KEPT)
                )
                .order_by("joined_on")
                .values_list("worker_id", "joined_on")
            ):
                joined.setdefault(worker_id, day)
            rows = (
                # unscoped: the demo county is built in a system scope, for every union
                Worker.unscoped.filter(id__in=chunk)
                .order_by("id")
                .values(
                    "id",
                    "name",
                    "sex",
                    "birth_date",
                    "category",
                    "union_id",
                    "union__path",
                    "employer__division_id",
                    "employment_status_id",
                )
            )
            for row in rows:
                if paths.township_path(row["union__path"]) not in self.township_of:
                    continue  # sector unions: their batches would need accounts the demo does not have
                result.append(
                    Candidate(
                        id=row["id"],
                        name=row["name"],
                        male=row["sex"] == Worker.Sex.MALE,
                        birth=row["birth_date"],
                        category=row["category"],
                        union_id=row["union_id"],
                        union_path=row["union__path"],
                        division_id=row["employer__division_id"],
                        retired=row["employment_status_id"] == "04",
                        joined=joined.get(row["id"], HISTORY_SINCE),
                        age=_age_on(row["birth_date"], self.today),
                    )
                )
        self.rng.shuffle(result)
        return result

    # --- the plan of states --------------------------------------------------------------------

    def plan(self, total: int) -> list[tuple[str, str]]:
        """(state, category) of every file: 55 % filed, 25 % exited, 16 % on the way, a few refused."""
        rng = self.rng
        old_exits = max(3, round(total * 0.02))
        exited = max(old_exits + 3, round(total * 0.25))
        refused = max(4, round(total * 0.04))
        per_state = max(2, round(total * 0.032))
        filed = max(10, total - exited - refused - per_state * len(PIPELINE))

        def qualifying() -> str:
            return str(rng.choices(*QUALIFYING_MIX)[0])

        plans = [("exited_old", qualifying()) for _ in range(old_exits)]
        plans += [("exited", qualifying()) for _ in range(exited - old_exits)]
        plans += [("filed", qualifying()) for _ in range(filed)]
        kinds = ["homes", "business", "none", "none", "objection"]
        plans += [(f"refused_{kinds[i % len(kinds)]}", qualifying()) for i in range(refused)]
        for state in PIPELINE:
            # An application not yet checked may turn out not to qualify.
            plans += [
                (state, Category.NONE if state == FileState.APPLICATION and rng.random() < 0.2 else qualifying())
                for _ in range(per_state)
            ]
        return plans

    def pick_worker(self, pool: list[Candidate], state: str) -> Candidate | None:
        """The first worker of the pool who fits the file's history (member long enough, old enough)."""
        today = self.today
        for i, worker in enumerate(pool):
            age = worker.age
            if state == "exited_old":
                fits = worker.joined <= date(2011, 6, 1) and age >= 36
            elif state in (FileState.EXITED, FileState.FILED):
                fits = worker.joined <= today - timedelta(days=400) and age >= 24
            else:
                fits = age >= 21
            if fits:
                return pool.pop(i)
        return pool.pop(0) if pool else None

    # --- one household -------------------------------------------------------------------------

    def applied_on(self, worker: Candidate, state: str) -> date:
        rng, today = self.rng, self.today
        adult = date(worker.birth.year + 20, worker.birth.month, min(worker.birth.day, 28))
        if state == "exited_old":
            start, end = max(date(2011, 3, 1), worker.joined, adult), date(2013, 3, 31)
        elif state == FileState.EXITED:
            start, end = max(HISTORY_SINCE, worker.joined, adult), today - timedelta(days=400)
        elif state == FileState.FILED:
            start, end = max(HISTORY_SINCE, worker.joined, adult), today - timedelta(days=150)
        else:  # refused: any time since 2016
            start, end = max(HISTORY_SINCE, worker.joined, adult), today - timedelta(days=30)
        if start > end:
            start = end - timedelta(days=200)
        return _working_on_or_after(start + timedelta(days=rng.randint(0, (end - start).days)))

    def build_members(self, household: Household, surname: str) -> None:
        """Spouse, children and parents as the applicant's age allows: 1–4 members besides the applicant."""
        rng, file, worker = self.rng, household.file, household.worker
        applied = household.applied
        age = _age_on(worker.birth, applied)
        single_parent = file.main_cause == Cause.SINGLE_PARENT
        wanted: list[tuple[str, int, bool]] = []  # relation, age at application, male
        if not single_parent and age >= 24 and rng.random() < 0.78:
            wanted.append((Relation.SPOUSE, max(20, age + rng.randint(-4, 5)), not worker.male))
        if age >= 24:
            count = rng.choices([0, 1, 2, 3], [12, 50, 32, 6])[0]
            if single_parent or file.main_cause == Cause.EDUCATION:
                count = max(count, 1)
            oldest = min(age - 21, 24)
            for i in range(count):
                child_age = rng.randint(0, max(oldest, 0))
                if file.main_cause == Cause.EDUCATION and i == 0 and oldest >= 15:
                    child_age = rng.randint(15, oldest)
                wanted.append((Relation.CHILD, child_age, rng.random() < 0.52))
        if age <= 50 and rng.random() < 0.3:
            for male in rng.sample([True, False], k=rng.choice([1, 1, 2])):
                parent_age = min(88, age + rng.randint(24, 32))
                kin = Relation.PARENT if rng.random() < 0.75 else Relation.PARENT_IN_LAW
                wanted.append((kin, parent_age, male))
        if not wanted:  # every household has someone besides the applicant
            wanted.append((Relation.PARENT, min(88, age + rng.randint(24, 30)), rng.random() < 0.4))
        wanted = wanted[:4]
        # Schooling as of today (or the day the file closed).
        reference = file.exited_on or self.today
        family = surname if worker.male else None
        spouse_surname = None
        for relation, member_age, male in wanted:
            born = applied - timedelta(days=member_age * 365 + rng.randint(0, 360))
            id_number, born = self.people.id_number(born, male)
            if relation == Relation.SPOUSE:
                name = self.people.name()
                spouse_surname = name[0]
            elif relation == Relation.CHILD:
                name = self.people.name(family or spouse_surname or surname)
            elif relation == Relation.PARENT and male:
                name = self.people.name(surname)
            else:
                name = self.people.name()
            age_now = _age_on(born, reference)
            schooling = _schooling(rng, age_now) if relation == Relation.CHILD else Schooling.NONE
            health = Health.HEALTHY
            if relation in (Relation.PARENT, Relation.PARENT_IN_LAW):
                health = rng.choices([Health.HEALTHY, Health.CHRONIC, Health.SERIOUS], [40, 50, 10])[0]
            earns = 0.0
            school_or_work = rng.choice(SCHOOLS[schooling]) if schooling else ""
            if relation == Relation.SPOUSE:
                earns = 0.8
                school_or_work = rng.choice(["个体务工", "超市营业员", "家政服务员", "保洁员", "务农", "待业"])
                if school_or_work == "待业":
                    earns = 0.0
            elif relation == Relation.CHILD and age_now >= 18 and not schooling:
                earns = 0.6
                school_or_work = rng.choice(["外出务工", "快递员", "餐饮服务员", "工厂普工"])
            elif relation in (Relation.PARENT, Relation.PARENT_IN_LAW):
                earns = 0.25 if health != Health.SERIOUS else 0.1
                school_or_work = rng.choice(["务农", "退休", "无业"])
            member = HouseholdMember(
                id=self.ids.next(HouseholdMember),
                file_id=file.pk,
                union_id=file.union_id,
                name=name,
                relation=relation,
                id_number=id_number,
                birth_date=born,
                health=health,
                schooling=schooling,
                school_or_work=school_or_work,
            )
            household.members.append(Member(member, earns))

    def figures(self, household: Household, category: str, line: Decimal) -> classification.Result:
        """Draw costs and incomes until the classification gives ``category`` (rarely more than once)."""
        rng, file = self.rng, household.file
        members = household.members
        sick = file.health in (Health.CHRONIC, Health.SERIOUS, Health.DISABLED) or any(
            m.obj.health in (Health.CHRONIC, Health.SERIOUS) for m in members
        )
        if file.main_cause == Cause.ILLNESS and not sick:
            ill = rng.choice(members) if members and rng.random() < 0.5 else None
            if ill is not None:
                ill.obj.health = Health.SERIOUS
                ill.earns = 0.0
            else:
                file.health = Health.SERIOUS
            sick = True
        medical = rng.randint(60, 450) * 100 if sick else (rng.randint(0, 24) * 100 if rng.random() < 0.5 else 0)
        education = sum(
            int(round(EDUCATION_COST[m.obj.schooling] * rng.uniform(0.7, 1.3), -2)) for m in members if m.obj.schooling
        )
        rent = 0
        if file.housing == Housing.RENTED:
            rent = rng.randint(40, 100) * 120
        elif file.housing == Housing.PUBLIC:
            rent = rng.randint(15, 30) * 120
        file.medical_costs, file.education_costs, file.rent_costs = Decimal(medical), Decimal(education), Decimal(rent)
        costs = file.medical_costs + file.education_costs + file.rent_costs
        weights: dict[str, float] = {
            Cause.UNEMPLOYMENT: 0.3,
            Cause.ILLNESS: 0.5 if file.health == Health.SERIOUS else 1.0,
            Cause.DISABILITY: 0.5,
            Cause.ENTERPRISE: 0.6,
        }
        own_weight = weights.get(file.main_cause, 1.0)
        earners = [m for m in members if m.earns > 0]
        bands = {
            Category.DEEP: (0.30, 0.92),
            Category.RELATIVE: (1.08, 1.9),
            Category.SUDDEN: (2.1, 3.0),
            Category.NONE: (2.2, 3.6),
        }
        low, high = bands[category]
        figures: classification.Figures | None = None
        result: classification.Result | None = None
        for _ in range(20):
            per_head = line * Decimal(str(round(rng.uniform(low, high), 3)))
            income = per_head * 12 * household.size + costs
            total_weight = own_weight + sum(m.earns for m in earners)
            own = (income * Decimal(own_weight / total_weight) / 12).quantize(Decimal("1"), ROUND_HALF_UP)
            for member in members:
                share = Decimal(member.earns / total_weight) if member.earns else Decimal(0)
                member.obj.monthly_income = (income * share / 12).quantize(Decimal("1"), ROUND_HALF_UP)
            file.applicant_monthly_income = max(own, Decimal(0))
            file.other_annual_income = sum((m.obj.monthly_income for m in members), Decimal(0)) * 12
            annual = file.applicant_monthly_income * 12 + file.other_annual_income
            if category == Category.SUDDEN:
                file.sudden_event = SUDDEN_EVENTS.get(Cause(file.main_cause), HardshipFile.SuddenEvent.EPIDEMIC)
                file.sudden_costs = _round_to(annual * Decimal(str(round(rng.uniform(0.9, 1.8), 2))), 100)
            figures = classification.Figures(
                applicant_monthly_income=file.applicant_monthly_income,
                other_annual_income=file.other_annual_income,
                essential_costs=costs,
                household_size=household.size,
                poverty_line=line,
                sudden_event=bool(file.sudden_event),
                sudden_costs=file.sudden_costs,
                homes_owned=file.homes_owned,
                owns_business=file.owns_business,
                employs_others=file.employs_others,
                private_schooling=file.private_schooling,
                migrant=household.worker.category == Worker.Category.MIGRANT,
                work_started=file.work_started,
                on=household.applied,
            )
            result = classification.classify(figures)
            if result.category == category:
                break
        assert result is not None
        file.category = result.category
        file.per_head_monthly = round_fen(result.per_head_monthly) if result.per_head_monthly is not None else None
        file.excluded = bool(result.exclusions)
        file.exclusion_codes = ",".join(result.exclusions)
        file.zero_employment = file.applicant_monthly_income == 0 or (
            file.main_cause == Cause.UNEMPLOYMENT and not earners
        )
        return result

    def household(self, worker: Candidate, state: str, category: str) -> Household:
        rng, today = self.rng, self.today
        township = self.township_of[paths.township_path(worker.union_path)]
        kind = state
        if kind == "refused_none":
            category = Category.NONE
        state = (
            FileState.EXITED
            if state.startswith("exited")
            else (FileState.REFUSED if state.startswith("refused") else state)
        )
        applied = (
            self.applied_on(worker, kind) if state in (FileState.EXITED, FileState.FILED, FileState.REFUSED) else today
        )
        file = HardshipFile(
            id=self.ids.next(HardshipFile),
            union_id=worker.union_id,
            worker_id=worker.id,
            state=state,
            division_id=worker.division_id,
            housing=rng.choices(*HOUSING)[0],
            main_cause=rng.choices(*CAUSES[category])[0],
            opened_by_id=_id(self.accounts.local(worker.union_id, township)),
        )
        household = Household(file=file, worker=worker, township=township, applied=applied)
        self.households.append(household)
        # The dates first (pipeline files are dated back from today), then the household.
        self.history(household, kind)
        applied = household.applied
        file.year = applied.year
        file.number = f"KN{file.year}{file.pk:06d}"
        file.created_at = at(applied, 9, rng.randint(0, 59))
        age = _age_on(worker.birth, applied)
        if file.main_cause == Cause.SINGLE_PARENT and age < 24:
            file.main_cause = Cause.LOW_WAGE
        if file.main_cause == Cause.DISABILITY:
            file.health = Health.DISABLED
            file.disability = rng.choice(DISABILITIES)
        elif file.main_cause == Cause.ILLNESS and rng.random() < 0.5:
            file.health = rng.choice([Health.CHRONIC, Health.SERIOUS])
        elif rng.random() < 0.12:
            file.health = Health.CHRONIC
        file.single_parent = file.main_cause == Cause.SINGLE_PARENT
        if worker.category == Worker.Category.MIGRANT:
            file.work_started = applied - timedelta(days=rng.randint(420, 3000))
            if file.housing == Housing.OWN and rng.random() < 0.6:
                file.housing = Housing.DORMITORY
        if file.housing == Housing.OWN:
            file.homes_owned = 1
        file.housing_area = {
            Housing.OWN: Decimal(rng.randint(40, 110)),
            Housing.RENTED: Decimal(rng.randint(20, 60)),
            Housing.PUBLIC: Decimal(rng.randint(30, 50)),
            Housing.DORMITORY: Decimal(rng.randint(10, 20)),
        }.get(Housing(file.housing))
        exclusion = kind.removeprefix("refused_") if kind in ("refused_homes", "refused_business") else ""
        exit_reason = file.exit_reason
        if exit_reason == HardshipFile.ExitReason.EXCLUDED:
            exclusion = rng.choice(["homes", "business"])
        if exclusion == "homes":
            file.housing, file.homes_owned, file.housing_area = Housing.OWN, 2, Decimal(rng.randint(60, 120))
        elif exclusion == "business":
            file.owns_business, file.employs_others = True, rng.random() < 0.6
        if exit_reason == HardshipFile.ExitReason.EXCLUDED:
            key = "excluded_homes" if exclusion == "homes" else "excluded_business"
            household.steps[-1].note = self.exit_note(household, rng.choice(EXIT_NOTES[key]))
        self.build_members(household, worker.name[0])
        if file.main_cause == Cause.EDUCATION and not any(m.obj.schooling for m in household.members):
            file.main_cause = Cause.LOW_WAGE
        if category == Category.SUDDEN and file.main_cause not in SUDDEN_EVENTS:
            file.main_cause = Cause.ACCIDENT
        secondary = [c for c in Cause.values if c not in (file.main_cause, Cause.OTHER)]
        studying = (Schooling.SENIOR, Schooling.VOCATIONAL, Schooling.COLLEGE, Schooling.BACHELOR)
        if not any(m.obj.schooling in studying for m in household.members) and Cause.EDUCATION in secondary:
            secondary.remove(Cause.EDUCATION)
        file.secondary_causes = ",".join(rng.sample(secondary, k=rng.choices([0, 1, 2, 3], [30, 40, 22, 8])[0]))
        line = self.line(file.year, file.division_id)
        file.standard_year = file.year  # classified against the standard of the year it applied
        self.figures(household, category, line)
        bank, prefix, length = rng.choice(BANKS)
        if state != FileState.APPLICATION or rng.random() < 0.6:
            body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
            file.bank_name, file.bank_account = bank, body + _luhn_digit(body)
        # Consent for most children under 14 when the household applied (PIPL art. 31).
        local = self.accounts.local(file.union_id, township)
        for member in household.members:
            if _age_on(member.obj.birth_date, applied) < CONSENT_AGE and rng.random() < 0.88:
                member.consent = True
                given = min(applied + timedelta(days=rng.randint(0, 3)), today)
                self.consents.append(
                    GuardianConsent(
                        id=self.ids.next(GuardianConsent),
                        member_id=member.obj.pk,
                        union_id=file.union_id,
                        guardian_name=worker.name,
                        guardian_relation="父亲" if worker.male else "母亲",
                        given_on=given,
                        recorded_by_id=_id(local),
                        recorded_at=at(given, 15),
                    )
                )
        return household

    def exit_note(self, household: Household, note: str) -> str:
        file = household.file
        reviewed = file.filed_on is not None and file.filed_on <= self.review_opened
        if reviewed and file.exited_on and self.review_opened < file.exited_on <= date(self.review_year, 12, 31):
            return f"{self.review_year}年度复核：{note}"
        return note

    # --- the history of one file ---------------------------------------------------------------

    def forward(self, household: Household, last: str) -> date:
        """Steps from the application up to state ``last``, each some days after the one before."""
        rng, file = self.rng, household.file
        day = household.applied
        for transition, _source, target in FILE_PATH:
            if transition != "start":
                low, high = GAPS[transition]
                if transition == "approve":
                    day = (file.notice_ends or day) + timedelta(days=rng.randint(low, high))
                else:
                    day = day + timedelta(days=rng.randint(low, high))
                day = _working_on_or_after(day)
            if transition == "publish":
                day, file.notice_ends = _notice(day)
                file.notice_starts = day
            if transition == "visit":
                file.visited_on = day
            household.steps.append(Step(day, transition))
            if target == last:
                break
        return day

    def backward(self, household: Household, state: str) -> None:
        """A file on its way: it entered ``state`` lately; the earlier steps are dated back from then."""
        rng, today, file = self.rng, self.today, household.file
        position = [target for _t, _s, target in FILE_PATH].index(state)
        if state == FileState.NOTICE:
            entered = _working_on_or_before(today - timedelta(days=rng.randint(0, 11)))
        else:
            entered = _working_on_or_before(today - timedelta(days=rng.randint(0, 18)))
        if state == FileState.NOTICE:
            entered, file.notice_ends = _notice(entered)
            file.notice_starts = entered
        days = [entered]
        for transition, _source, _target in reversed(FILE_PATH[1 : position + 1]):
            low, high = GAPS[transition]
            days.append(_working_on_or_before(days[-1] - timedelta(days=rng.randint(low, high))))
        days.reverse()
        household.applied = days[0]
        for (transition, _source, _target), day in zip(FILE_PATH[: position + 1], days, strict=True):
            if transition == "visit":
                file.visited_on = day
            household.steps.append(Step(day, transition))

    def history(self, household: Household, kind: str) -> None:
        rng, today, file = self.rng, self.today, household.file
        if kind in PIPELINE:
            self.backward(household, kind)
        elif kind.startswith("refused"):
            reason = kind.removeprefix("refused_")
            stage = FileState.NOTICE if reason == "objection" else FileState.APPLICATION
            day = self.forward(household, stage)
            refused = min(_working_on_or_after(day + timedelta(days=rng.randint(2, 8))), today)
            household.steps.append(Step(refused, "refuse", REFUSE_NOTES[reason]))
        else:
            filed = self.forward(household, FileState.FILED)
            file.filed_on = filed
            if kind.startswith("exited"):
                if kind == "exited_old":
                    start, end = max(filed + timedelta(days=200), date(2014, 1, 6)), date(2015, 10, 30)
                else:
                    start, end = filed + timedelta(days=240), today - timedelta(days=3)
                if start > end:
                    start = end
                exited = _working_on_or_before(start + timedelta(days=rng.randint(0, (end - start).days)))
                reason = rng.choices(*EXIT_REASONS)[0]
                if reason == HardshipFile.ExitReason.RETIRED and _age_on(household.worker.birth, exited) < 50:
                    reason = HardshipFile.ExitReason.RECOVERED
                if household.worker.retired and rng.random() < 0.6:
                    reason = HardshipFile.ExitReason.RETIRED
                file.exited_on, file.exit_reason = exited, reason
                note = rng.choice(EXIT_NOTES.get(reason, [""]))
                household.steps.append(Step(exited, "exit", self.exit_note(household, note)))
        # Notes and actors of the steps.
        local = self.accounts.local(file.union_id, household.township)
        centre = self.accounts.centre or local
        path = state_path(HardshipFileFlow, [step.transition for step in household.steps])
        for step, (source, _target) in zip(household.steps, path, strict=True):
            centre_step = step.transition in CENTRE_STEPS or (
                step.transition == "refuse" and source == FileState.NOTICE
            )
            step.actor_id = _id(centre if centre_step else local)
            if step.transition == "visit":
                file.visitors = f"{local.full_name if local else self.people.name()}、{self.people.name()}"[:100]
                step.note = step.note or f"入户调查：{file.visitors}"
            elif step.transition == "publish":
                step.note = f"在单位和社区公示栏公示，{file.notice_starts:%m月%d日}至{file.notice_ends:%m月%d日}"
            elif step.transition == "approve":
                step.note = "公示期满无异议，准予建档"

    # --- timeline and deadlines ----------------------------------------------------------------

    def write_history(self, obj: Any, steps: list[Step]) -> None:
        """The object's timeline and open deadline, as its workflow would have written them."""
        history = backdated_history(obj, steps, today=self.today, rng=self.rng)
        self.timeline.extend(history.rows)

    # --- ID numbers never met elsewhere --------------------------------------------------------

    def check_id_numbers(self) -> None:
        """Every member's number is new: none is a worker's (checked through the blind index)."""
        members = [m.obj for h in self.households for m in h.members]
        for _ in range(5):
            by_hash = {blind_index_of(Worker, "id_number", m.id_number): m for m in members}
            hashes = list(by_hash)
            clashes: list[HouseholdMember] = []
            for start in range(0, len(hashes), 900):
                # unscoped: the demo county is built in a system scope, for every union
                found = Worker.unscoped.filter(id_number_hash__in=hashes[start : start + 900])
                clashes += [by_hash[h] for h in found.values_list("id_number_hash", flat=True)]
            if not clashes:
                return
            for member in clashes:
                male = int(member.id_number[16]) % 2 == 1
                member.id_number, member.birth_date = self.people.id_number(member.birth_date, male)
            members = clashes
        raise RuntimeError("household members' ID numbers keep meeting workers' numbers")
