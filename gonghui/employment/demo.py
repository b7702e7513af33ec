"""Demo step: employment services — job seekers, vacancies, referrals with their outcomes, job fairs.

System code writing in bulk (no services, no audit rows: the demo is system data), leaving the
rows as the services would have:

* **Job seekers**: 300 at county size (scaled by the grassroots unions elsewhere), registered
  over the past two years at township federations and grassroots unions; a quarter taken from
  the member registry (linked to their worker). Categories, skills of the controlled list, a
  township of the county and an expected pay.
* **Vacancies**: 150 at employers of the townships, in the employer's township, most still
  valid, some expired.
* **Referrals**: about half the seekers referred to the best of a sample of the vacancies valid
  at the time (``rules.match_score``); older referrals have their outcome — hired (a
  placement, the seeker placed, one place of the vacancy filled, never beyond its headcount)
  or not hired with a reason.
* **Job fairs**: a few in the past year with participating employers, attendance and the
  referrals made there.
* The demo worker (``demo_worker``), when the registry links them, is a seeker with one
  pending referral.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum.cn import ric

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.names import person_name
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.reference.models import Division
from gonghui.core.tree import paths as tree_paths
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.history import at
from gonghui.employment import rules
from gonghui.employment.models import FairAttendance, FairEmployer, JobFair, JobSeeker, Placement, Referral, Vacancy
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations

SEEKERS_AT_COUNTY = 300
VACANCIES_AT_COUNTY = 150
COUNTY_GRASSROOTS = 670
FAIRS = 4
DAYS_BACK = 700
FROM_REGISTRY_SHARE = 0.25
REFERRED_SHARE = 0.55
ID_SEQUENCES = 300  # ID number sequences 300–499: apart from the member registry's 500–999
CATEGORIES = [
    (JobSeeker.Category.LAID_OFF, 30),
    (JobSeeker.Category.MIGRANT, 40),
    (JobSeeker.Category.GRADUATE, 12),
    (JobSeeker.Category.DISABLED, 5),
    (JobSeeker.Category.VETERAN, 4),
    (JobSeeker.Category.HARDSHIP, 6),
    (JobSeeker.Category.OTHER, 3),
]
# Posts and the skills they need; a seeker wishes for one of them.
POSTS = [
    ("电焊工", ["welding"], (4500, 7000)),
    ("电工", ["electrician"], (4500, 6500)),
    ("数控车工", ["machining"], (5000, 8000)),
    ("装配工", ["assembly"], (3800, 5200)),
    ("缝纫工", ["sewing"], (3500, 5500)),
    ("货车司机", ["driving"], (5500, 8500)),
    ("叉车工", ["forklift", "warehouse"], (4200, 5800)),
    ("仓管员", ["warehouse", "office"], (3600, 4800)),
    ("泥瓦工", ["construction"], (5000, 8000)),
    ("木工", ["carpentry", "construction"], (5000, 7500)),
    ("水电安装工", ["plumbing", "electrician"], (4800, 7000)),
    ("厨师", ["cooking"], (4000, 6500)),
    ("保洁员", ["cleaning"], (2600, 3400)),
    ("保安员", ["security"], (3000, 3800)),
    ("护理员", ["care"], (3500, 5000)),
    ("营业员", ["sales"], (3000, 4500)),
    ("文员", ["office"], (3200, 4500)),
    ("会计", ["accounting", "office"], (4000, 6000)),
    ("养殖工", ["agriculture"], (3200, 4800)),
    ("电商主播", ["ecommerce", "sales"], (4000, 9000)),
]
FAIR_TITLES = ("春风行动专场招聘会", "农民工返岗招聘会", "就业援助月招聘会", "金秋招聘月专场")
NOT_HIRED = [
    (Referral.Reason.SKILLS, 30),
    (Referral.Reason.PAY, 25),
    (Referral.Reason.DISTANCE, 15),
    (Referral.Reason.DECLINED, 15),
    (Referral.Reason.NO_SHOW, 10),
    (Referral.Reason.OTHER, 5),
]


def _county_admin(ctx: DemoContext) -> User:
    # unscoped: the demo reads as the county administrator its accounts step created
    return User.unscoped.filter(role=Role.COUNTY_ADMIN, union=ctx.county.county).order_by("id")[:1].get()


class EmploymentBuilder:
    def __init__(self, ctx: DemoContext, employers: list[dict[str, Any]]) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.writer = BulkWriter()
        self.employers = employers
        self.places = list(
            Division.objects.filter(level=Division.Level.TOWNSHIP, active=True).values_list("code", flat=True)
        )
        # A township union's place: the division most of its employers sit in.
        votes: dict[str, Counter[str]] = {}
        for employer in employers:
            if employer["division_id"]:
                votes.setdefault(tree_paths.township_path(employer["union__path"]), Counter())[
                    employer["division_id"]
                ] += 1
        self.place_of = {path: counter.most_common(1)[0][0] for path, counter in votes.items()}
        self.seekers: list[JobSeeker] = []
        self.vacancies: list[Vacancy] = []
        self.referrals: list[Referral] = []
        self.placements: list[Placement] = []
        self.fairs: list[JobFair] = []
        self.fair_rows: list[Any] = []
        self.used: set[str] = set()

    def day_before(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def id_number(self) -> str:
        while True:
            birth = date(self.rng.randint(1968, 2003), self.rng.randint(1, 12), self.rng.randint(1, 28))
            body = f"{names.COUNTY_DIVISION}{birth:%Y%m%d}{ID_SEQUENCES + self.rng.randint(0, 199):03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number

    def phone(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randint(0, 9)}{self.rng.randint(10000000, 99999999)}"

    # --- seekers -------------------------------------------------------------------------------

    def build_seekers(self, count: int, service_points: list[Any], registry: list[Any]) -> None:
        categories = [c for c, _w in CATEGORIES]
        weights = [w for _c, w in CATEGORIES]
        registry = list(registry)
        self.rng.shuffle(registry)
        for i in range(count):
            union = self.rng.choice(service_points)
            worker = registry.pop() if registry and self.rng.random() < FROM_REGISTRY_SHARE else None
            post, skills, (low, high) = self.rng.choice(POSTS)
            have = list(skills)
            if self.rng.random() < 0.4:
                have.append(self.rng.choice(rules.SKILLS)[0])
            if self.rng.random() < 0.25:
                have = have[:1]
            registered = self.day_before(self.rng.randint(0, DAYS_BACK))
            township = tree_paths.township_path(union.path) if tree_paths.depth_of(union.path) >= 2 else ""
            place = self.place_of.get(township) if self.rng.random() < 0.7 else None
            if place is None and self.places and self.rng.random() < 0.6:
                place = self.rng.choice(self.places)
            expected = None if self.rng.random() < 0.15 else Decimal(self.rng.randrange(low - 500, high, 100))
            seeker = JobSeeker(
                pk=self.writer.ids.next(JobSeeker),
                union_id=union.pk,
                worker_id=worker.pk if worker else None,
                name=worker.name if worker else person_name(self.rng),
                id_number=worker.id_number if worker else self.id_number(),
                phone=(worker.phone if worker else None) or self.phone(),
                category=self.rng.choices(categories, weights)[0],
                skills=rules.join_skills(have),
                wished_work=post,
                place_id=place,
                expected_pay=expected,
                registered_on=registered,
                created_at=at(registered, 10),
                updated_at=at(registered, 10),
            )
            self.seekers.append(seeker)
            if i % 50 == 49:
                self.ctx.write(f"    employment: {i + 1} job seekers")

    # --- vacancies -----------------------------------------------------------------------------

    def build_vacancies(self, count: int) -> None:
        for _ in range(count):
            employer = self.rng.choice(self.employers)
            post, skills, (low, high) = self.rng.choice(POSTS)
            opened = self.day_before(self.rng.randint(0, DAYS_BACK))
            valid = opened + timedelta(days=self.rng.choice([60, 90, 120, 180]))
            pay_min = Decimal(self.rng.randrange(low, low + 600, 100))
            pay_max = max(pay_min, Decimal(self.rng.randrange(high - 500, high + 500, 100)))
            vacancy = Vacancy(
                pk=self.writer.ids.next(Vacancy),
                union_id=employer["union_id"],
                employer_id=employer["id"],
                post=post,
                skills=rules.join_skills(skills),
                pay_min=pay_min,
                pay_max=pay_max,
                headcount=self.rng.choice([1, 2, 2, 3, 5, 8, 10]),
                place_id=employer["division_id"],
                valid_until=valid,
                created_at=at(opened, 9),
                updated_at=at(opened, 9),
            )
            vacancy.opened_on = opened  # type: ignore[attr-defined]  # the demo's own note
            self.vacancies.append(vacancy)

    # --- referrals -----------------------------------------------------------------------------

    def best_vacancy(self, seeker: JobSeeker, day: date, taken: set[int]) -> tuple[Vacancy, int] | None:
        valid = [
            v
            for v in self.rng.sample(self.vacancies, min(40, len(self.vacancies)))
            if v.opened_on <= day <= v.valid_until and v.filled < v.headcount and v.pk not in taken  # type: ignore[attr-defined]
        ]
        if not valid:
            return None
        scored = [
            (
                rules.match_score(
                    seeker_skills=rules.split_skills(seeker.skills),
                    seeker_place=seeker.place_id,
                    expected_pay=seeker.expected_pay,
                    vacancy_skills=rules.split_skills(v.skills),
                    vacancy_place=v.place_id,
                    pay_max=v.pay_max,
                ).score,
                v,
            )
            for v in valid
        ]
        score, vacancy = max(scored, key=lambda pair: (pair[0], -pair[1].pk))
        return vacancy, score

    def refer(self, seeker: JobSeeker, day: date, *, fair: JobFair | None = None, pending: bool = False) -> None:
        taken = {r.vacancy_id for r in self.referrals if r.seeker_id == seeker.pk}
        found = self.best_vacancy(seeker, day, taken)
        if found is None:
            return
        vacancy, score = found
        referral = Referral(
            pk=self.writer.ids.next(Referral),
            union_id=seeker.union_id,
            seeker_id=seeker.pk,
            vacancy_id=vacancy.pk,
            fair_id=fair.pk if fair else None,
            referred_on=day,
            score=score,
            created_at=at(day, 11),
            updated_at=at(day, 11),
        )
        self.referrals.append(referral)
        decided = day + timedelta(days=self.rng.randint(3, 20))
        if pending or decided > self.today:
            return
        hired_chance = 0.2 + score / 150
        if self.rng.random() < hired_chance and vacancy.filled < vacancy.headcount:
            referral.outcome = Referral.Outcome.HIRED
            referral.outcome_on = decided
            vacancy.filled += 1
            seeker.state = JobSeeker.State.PLACED
            pay = min(vacancy.pay_max, max(vacancy.pay_min, seeker.expected_pay or vacancy.pay_min))
            self.placements.append(
                Placement(
                    union_id=seeker.union_id,
                    seeker_id=seeker.pk,
                    referral_id=referral.pk,
                    employer_id=vacancy.employer_id,
                    post=vacancy.post,
                    pay=pay,
                    placed_on=decided,
                    created_at=at(decided, 15),
                    updated_at=at(decided, 15),
                )
            )
        else:
            reasons = [r for r, _w in NOT_HIRED]
            referral.outcome = Referral.Outcome.NOT_HIRED
            referral.outcome_on = decided
            referral.reason = self.rng.choices(reasons, [w for _r, w in NOT_HIRED])[0]
            referral.reason_note = "用人单位另有安排" if referral.reason == Referral.Reason.OTHER else ""
        referral.updated_at = at(decided, 15)

    def build_referrals(self) -> None:
        for seeker in self.seekers:
            if seeker.worker_id is not None and getattr(seeker, "is_demo_worker", False):
                continue
            if self.rng.random() > REFERRED_SHARE:
                if self.rng.random() < 0.05:
                    seeker.state = JobSeeker.State.WITHDRAWN
                continue
            for _ in range(self.rng.choice([1, 1, 2, 3])):
                if seeker.state != JobSeeker.State.SEEKING:
                    break
                day = min(self.today, seeker.registered_on + timedelta(days=self.rng.randint(1, 60)))
                self.refer(seeker, day)

    # --- fairs ---------------------------------------------------------------------------------

    def build_fairs(self, townships: list[Any]) -> None:
        for i in range(min(FAIRS, len(townships))):
            township = townships[i % len(townships)]
            held = self.day_before(self.rng.randint(20, 330))
            fair = JobFair(
                pk=self.writer.ids.next(JobFair),
                union_id=township.pk,
                title=f"{held.year}年{FAIR_TITLES[i % len(FAIR_TITLES)]}",
                held_on=held,
                place_id=self.place_of.get(township.path),
                venue=self.rng.choice(["镇文化广场", "人力资源市场", "工人文化宫", "镇政府大院"]),
                created_at=at(held - timedelta(days=10), 9),
                updated_at=at(held, 18),
            )
            employers = self.rng.sample(self.employers, min(len(self.employers), self.rng.randint(5, 8)))
            positions = 0
            for employer in employers:
                posts = self.rng.sample(POSTS, 2)
                count = self.rng.randint(3, 20)
                positions += count
                self.fair_rows.append(
                    FairEmployer(
                        union_id=township.pk,
                        fair_id=fair.pk,
                        employer_id=employer["id"],
                        posts="、".join(p[0] for p in posts),
                        positions=count,
                        created_at=at(held, 9),
                        updated_at=at(held, 9),
                    )
                )
            came = [s for s in self.seekers if s.registered_on <= held and s.union_id in self.subtree_ids(township)]
            came = self.rng.sample(came, min(len(came), self.rng.randint(15, 35)))
            referred = 0
            for seeker in came:
                self.fair_rows.append(
                    FairAttendance(
                        union_id=township.pk,
                        fair_id=fair.pk,
                        seeker_id=seeker.pk,
                        created_at=at(held, 10),
                        updated_at=at(held, 10),
                    )
                )
                if seeker.state == JobSeeker.State.SEEKING and self.rng.random() < 0.4:
                    before = len(self.referrals)
                    self.refer(seeker, held, fair=fair)
                    referred += len(self.referrals) - before
            fair.results = (
                f"{len(employers)}家用人单位参会，提供岗位{positions}个，"
                f"{len(came)}名求职者到场，现场推荐{referred}人。"
            )
            self.fairs.append(fair)

    def subtree_ids(self, township: Any) -> set[int]:
        if not hasattr(self, "_subtrees"):
            self._subtrees: dict[int, set[int]] = {}
        if township.pk not in self._subtrees:
            county = self.ctx.county
            self._subtrees[township.pk] = {township.pk} | {u.pk for u in county.below(township, county.grassroots)}
        return self._subtrees[township.pk]

    def write(self) -> None:
        writer = self.writer
        writer.add_all(JobSeeker, self.seekers)
        writer.add_all(Vacancy, self.vacancies)
        writer.add_all(JobFair, self.fairs)
        writer.add_all(Referral, self.referrals)
        writer.add_all(Placement, self.placements, with_id=False)
        for row in self.fair_rows:
            writer.add(type(row), row, with_id=False)
        writer.flush()


def _demo_worker_seeker(b: EmploymentBuilder) -> None:
    """The demo worker, when the registry links their account: a seeker with one pending referral."""
    # unscoped: the demo reads the account its accounts step created
    account = User.unscoped.filter(username="demo_worker").first()
    worker = members.worker_for_account(account) if account is not None else None
    if worker is None:
        return
    registered = b.day_before(12)
    with system_scope("the demo reads the demo worker's record"):
        seeker = JobSeeker(
            pk=b.writer.ids.next(JobSeeker),
            union_id=worker.union_id,
            worker_id=worker.pk,
            name=worker.name,
            id_number=worker.id_number,
            phone=worker.phone or b.phone(),
            category=JobSeeker.Category.MIGRANT,
            skills=rules.join_skills(["welding", "electrician"]),
            wished_work="电焊工",
            expected_pay=Decimal("4500"),
            registered_on=registered,
            created_at=at(registered, 10),
            updated_at=at(registered, 10),
        )
    seeker.is_demo_worker = True  # type: ignore[attr-defined]
    b.seekers.append(seeker)
    b.refer(seeker, b.day_before(5), pending=True)


@demo_step(95, "employment services")
def build_employment(ctx: DemoContext) -> None:
    admin = _county_admin(ctx)
    county = ctx.county
    scale = 1.0 if ctx.size.name == "county" else max(0.1, ctx.size.grassroots / COUNTY_GRASSROOTS)
    employers: list[dict[str, Any]] = [
        dict(row)
        for row in organisations.employers_for_user(admin).values("id", "union_id", "union__path", "division_id")
        if tree_paths.depth_of(row["union__path"]) >= tree_paths.TOWNSHIP_DEPTH
    ]
    if not employers:
        ctx.write("    employment: no employers below the townships, nothing to do")
        return
    b = EmploymentBuilder(ctx, employers)
    service_points = [*county.townships, *county.townships, *county.grassroots[: max(10, len(county.grassroots) // 10)]]
    seekers = max(40, round(SEEKERS_AT_COUNTY * scale))
    registry = list(members.workers_for_user(admin)[: round(seekers * 0.4)])
    b.build_seekers(seekers, service_points, registry)
    b.build_vacancies(max(20, round(VACANCIES_AT_COUNTY * scale)))
    _demo_worker_seeker(b)
    b.build_referrals()
    b.build_fairs(list(county.townships))
    b.write()
    outcomes = Counter(r.outcome for r in b.referrals)
    ctx.write(
        f"    {len(b.seekers)} job seekers, {len(b.vacancies)} vacancies, {len(b.referrals)} referrals "
        f"({', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}), {len(b.placements)} placements, "
        f"{len(b.fairs)} job fairs"
    )
