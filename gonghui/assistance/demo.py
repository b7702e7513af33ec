"""Demo step: hardship assistance — household files, programmes, paid batches, pairings, a review.

System code writing in bulk (no services, no audit rows: the demo is system data), following
the rules of the assistance services exactly as they would have left the rows:

* ``PovertyLine``: the county's 低保 standard for every year a file needs (¥800 in 2022, about
  3 % more each year) and a lower standard for the rural townships (乡).
* About 1,200 household files at county size (60–100 small), for member workers of the
  grassroots and joint unions of the townships: ~55 % filed (deep ≈ 35 %, relative ≈ 50 %,
  sudden ≈ 15 %), ~25 % exited over the years (a few more than ten years ago: the purge has
  work to do), ~16 % on their way (application → checked → visited → verified → notice, the
  notices running around today), a few refused (some of them excluded: two homes, a business).
  Every file's figures are drawn so that ``classification.classify`` gives the category the
  file stores; ``per_head_monthly`` and the exclusions are stored as the services store them;
  other income is the members' monthly incomes × 12.
* Household members with valid GB 11643 numbers (sequence digits 900–999: never a worker's,
  checked against the workers' blind index), guardians' consents for most children under 14.
* Every file and batch has its timeline (start and each step at the day it happened) and, in a
  state with a deadline, its open deadline, by ``core.workflow.history`` (the workflow's own
  states and rules); a notice ends as ``services.notice_end`` counts it.
* Programmes of the county federation per year (送温暖, 金秋助学 with its rates, medical aid,
  living aid, 一帮一), funded by sources summing to the budget; paid batches per township for
  the past years (made, checked and approved by three different accounts), counted grants
  respecting one grant of a kind a year per household; one 送温暖 batch for next Spring
  Festival waiting for approval (made and checked by two different accounts).
* 一帮一 pairings for about one filed household in eight, with their visits.
* Last year's annual review at the county: every file filed when it opened, ≥ 30 % spot checks
  per township, all reviewed (the households that left hardship afterwards exited by it).

Speed: plain model instances written by the core bulk writer (``core.demo.bulk``), their ids
taken as they are made; the only per-file work is the classification arithmetic. Years are
counted from the demo's ``today`` (2026: programmes 2023–2027, review 2025).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from stdnum.cn import ric

from gonghui.assistance import classification, services
from gonghui.assistance.classification import Category
from gonghui.assistance.models import (
    Disbursement,
    EducationRate,
    FileReview,
    FundingSource,
    Grant,
    GuardianConsent,
    HardshipFile,
    HouseholdMember,
    Pairing,
    PairingVisit,
    PovertyLine,
    Program,
    ReviewRound,
)
from gonghui.assistance.services import CONSENT_AGE, SPOT_CHECK_SHARE
from gonghui.assistance.workflows import HardshipFileFlow
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.calendar.statutory import CalendarYearUnknown
from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter, Ids, blind_index_of
from gonghui.core.demo.dates import Calendar
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.money import round_fen
from gonghui.core.reference.models import Division
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.workflow.history import Step, at, backdated_history, state_path
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.members.models import Membership, Worker

Cause = HardshipFile.Cause
Housing = HardshipFile.Housing
Health = HardshipFile.Health
Relation = HouseholdMember.Relation
Schooling = HouseholdMember.Schooling
Kind = Program.Kind

FILES_BY_SIZE = {"small": 80, "county": 1200, "province": 4000}
FILES_PER_GRASSROOTS = 1.8  # sizes not listed above
HISTORY_SINCE = date(2016, 1, 1)  # files opened since; a few older ones left hardship in 2014/2015
BASE_YEAR, BASE_LINE, LINE_GROWTH = 2022, Decimal("800"), Decimal("1.03")
RURAL_SHARE = Decimal("0.80")  # the rural townships' standard, of the county's
QUALIFYING_MIX = ((Category.DEEP, Category.RELATIVE, Category.SUDDEN), (35, 50, 15))
PIPELINE = ("application", "checked", "visited", "verified", "notice")
# The way to filing: (transition, from, to).
FILE_PATH = (
    ("start", "", "application"),
    ("check", "application", "checked"),
    ("visit", "checked", "visited"),
    ("verify", "visited", "verified"),
    ("publish", "verified", "notice"),
    ("approve", "notice", "filed"),
)
# Calendar days between one step and the next (then moved to a working day).
GAPS = {"check": (2, 9), "visit": (3, 16), "verify": (2, 9), "publish": (1, 5), "approve": (1, 6)}
CENTRE_STEPS = {"verify", "publish", "approve", "exit"}
MEMBER_SEQUENCES = 900  # ID sequence digits 900–999: workers use 500–…, test sheets 000–499

CAUSES = {
    Category.DEEP: (
        [Cause.ILLNESS, Cause.DISABILITY, Cause.UNEMPLOYMENT, Cause.SINGLE_PARENT, Cause.ENTERPRISE],
        [35, 20, 20, 15, 10],
    ),
    Category.RELATIVE: (
        [Cause.LOW_WAGE, Cause.EDUCATION, Cause.ILLNESS, Cause.ENTERPRISE, Cause.SINGLE_PARENT],
        [30, 25, 25, 10, 10],
    ),
    Category.SUDDEN: ([Cause.ACCIDENT, Cause.ILLNESS, Cause.DISASTER], [45, 40, 15]),
    Category.NONE: ([Cause.LOW_WAGE, Cause.EDUCATION, Cause.ILLNESS, Cause.OTHER], [40, 25, 25, 10]),
}
SUDDEN_EVENTS = {
    Cause.ACCIDENT: HardshipFile.SuddenEvent.ACCIDENT,
    Cause.ILLNESS: HardshipFile.SuddenEvent.ILLNESS,
    Cause.DISASTER: HardshipFile.SuddenEvent.DISASTER,
}
HOUSING = ([Housing.OWN, Housing.RENTED, Housing.PUBLIC, Housing.RELATIVES, Housing.DORMITORY], [55, 25, 10, 7, 3])
DISABILITIES = ["physical", "physical", "visual", "hearing", "intellectual", "mental", "multiple"]
EDUCATION_COST: dict[str, int] = {
    Schooling.PRESCHOOL: 3000,
    Schooling.PRIMARY: 800,
    Schooling.JUNIOR: 1200,
    Schooling.SENIOR: 4000,
    Schooling.VOCATIONAL: 3000,
    Schooling.COLLEGE: 9000,
    Schooling.BACHELOR: 12000,
    Schooling.POSTGRADUATE: 15000,
}
SCHOOLS: dict[str, list[str]] = {
    Schooling.PRESCHOOL: [f"{names.COUNTY}幼儿园", f"{names.COUNTY}城关幼儿园"],
    Schooling.PRIMARY: [f"{names.COUNTY}实验小学", f"{names.COUNTY}城关小学", f"{names.COUNTY}东城小学"],
    Schooling.JUNIOR: [f"{names.COUNTY}第二中学", f"{names.COUNTY}第三中学", f"{names.COUNTY}城关初级中学"],
    Schooling.SENIOR: [f"{names.COUNTY}第一中学", f"{names.COUNTY}第二中学"],
    Schooling.VOCATIONAL: [f"{names.COUNTY}职业技术学校"],
    Schooling.COLLEGE: ["浙江机电职业技术学院", "金华职业技术学院", "杭州职业技术学院"],
    Schooling.BACHELOR: ["浙江工业大学", "浙江师范大学", "宁波大学", "浙江理工大学", "杭州电子科技大学"],
    Schooling.POSTGRADUATE: ["浙江大学", "浙江工业大学"],
}
# 金秋助学 per level: (filed household, household not yet filed).
EDUCATION_RATES: dict[str, tuple[int, int]] = {
    Schooling.POSTGRADUATE: (6000, 5000),
    Schooling.BACHELOR: (5000, 4000),
    Schooling.COLLEGE: (4000, 3000),
    Schooling.SENIOR: (3000, 2000),
    Schooling.VOCATIONAL: (2000, 1500),
    Schooling.JUNIOR: (1000, 800),
    Schooling.PRIMARY: (1000, 800),
}
LEVEL_ORDER: list[str] = list(EDUCATION_RATES)  # highest first
BANKS = (
    (f"中国农业银行{names.COUNTY}支行", "622848", 19),
    (f"中国工商银行{names.COUNTY}支行", "621226", 19),
    (f"中国建设银行{names.COUNTY}支行", "621700", 19),
    (f"中国邮政储蓄银行{names.COUNTY}支行", "621799", 19),
    (f"中国银行{names.COUNTY}支行", "621785", 19),
    (f"{names.COUNTY}农村商业银行", "623092", 19),
    (f"浙江农商银行{names.COUNTY}支行", "622858", 16),
)
EXIT_REASONS = (
    [
        HardshipFile.ExitReason.RECOVERED,
        HardshipFile.ExitReason.RETIRED,
        HardshipFile.ExitReason.MOVED,
        HardshipFile.ExitReason.EXCLUDED,
    ],
    [68, 12, 10, 10],
)
EXIT_NOTES = {
    "recovered": [
        "家庭收入稳定增长，人均月收入已超过低保标准两倍",
        "配偶实现再就业，家庭收入明显改善",
        "子女毕业参加工作，家庭负担减轻",
        "病情好转恢复工作，家庭收入回升",
    ],
    "retired": ["申请人办理退休手续，按月领取养老金", "申请人退休，转由社区按规定救助"],
    "moved": ["举家迁往外地，转由迁入地工会帮扶", "随子女迁居外省"],
    "excluded_homes": ["复核发现家庭另有一套住房，不再符合建档条件"],
    "excluded_business": ["复核发现家庭经营个体商铺并雇用他人，不再符合建档条件"],
}
REFUSE_NOTES = {
    "homes": "初审发现家庭拥有两套住房，不符合建档条件",
    "business": "初审发现申请人经营个体商铺并雇用他人，不符合建档条件",
    "none": "家庭人均月收入高于低保标准两倍，且无突发事件支出，不符合建档条件",
    "objection": "公示期间收到实名反映，经核实家庭有未申报的经营性收入，不予建档",
}
CADRE_POSITIONS = (
    "县总工会党组书记、常务副主席",
    "县总工会副主席",
    "县总工会经费审查委员会主任",
    "县总工会办公室主任",
    "县总工会组织宣传部部长",
    "县总工会权益保障部部长",
    "县总工会女职工部部长",
    "县职工服务中心主任",
    "县困难职工帮扶中心主任",
)
VISIT_HELP = (
    "送去大米、食用油等生活物资",
    "送去慰问金500元",
    "协助申请大病医疗救助",
    "联系县人社局推荐就业岗位",
    "了解子女上学情况，宣传金秋助学政策",
    "协调用人单位落实带薪病休",
    "帮助办理医保异地报销手续",
    "了解近期收入和支出变化",
)
VISIT_NOTES = ("", "", "", "家庭情况稳定", "申请人身体状况好转", "孩子学习成绩不错，已鼓励", "需继续关注医疗支出")
FUNDING = (
    (FundingSource.Kind.HIGHER_UNION, "市总工会下拨专项资金", Decimal("0.40")),
    (FundingSource.Kind.GOVERNMENT, "县财政帮扶专项资金", Decimal("0.20")),
    (FundingSource.Kind.DONATION, "爱心企业和职工捐赠", Decimal("0.10")),
    # Own funds take the rest.
)


# Working days looked up once per run (the statutory calendar reads its overrides on every call).
_calendar = Calendar()


def _working_on_or_after(day: date) -> date:
    return _calendar.on_or_after(day)


def _working_on_or_before(day: date) -> date:
    return _calendar.on_or_before(day)


def _notice(day: date) -> tuple[date, date]:
    """The first and last day of a notice published on ``day``, as ``services.notice_end`` counts them.

    The service refuses a notice that would end in a year whose statutory calendar is
    unknown; such a notice is published on the last working day before ``day`` that it allows.
    """
    while True:
        try:
            return day, services.notice_end(day, settings.GONGHUI_NOTICE_WORKING_DAYS)
        except CalendarYearUnknown:
            day = _working_on_or_before(day - timedelta(days=1))


def _round_to(value: Decimal, step: int) -> Decimal:
    return (value / step).quantize(Decimal("1"), ROUND_HALF_UP) * step


def county_line(year: int) -> Decimal:
    """The county's 低保 standard: ¥800 in 2022, 3 % more a year, rounded to ¥5."""
    return _round_to(BASE_LINE * LINE_GROWTH ** (year - BASE_YEAR), 5)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _luhn_digit(body: str) -> str:
    total = 0
    for i, char in enumerate(reversed(body)):
        digit = int(char)
        if i % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


# --- People --------------------------------------------------------------------------------------


class People:
    """Names and valid, unique ID numbers of household members (sequence digits 900–999)."""

    def __init__(self, rng: Any) -> None:
        self.rng = rng
        self.used: dict[tuple[date, bool], int] = {}

    def given(self) -> str:
        rng = self.rng
        return rng.choice(names.GIVEN) + (rng.choice(names.GIVEN) if rng.random() < 0.7 else "")

    def name(self, surname: str | None = None) -> str:
        return (surname or self.rng.choice(names.SURNAMES)) + self.given()

    def id_number(self, birth: date, male: bool) -> tuple[str, date]:
        while True:
            key = (birth, male)
            n = self.used.get(key, 0)
            if n < 50:
                self.used[key] = n + 1
                sequence = MEMBER_SEQUENCES + 99 - 2 * n - (0 if male else 1)  # odd for men, even for women
                body = f"{names.COUNTY_DIVISION}{birth:%Y%m%d}{sequence:03d}"
                return body + ric.calc_check_digit(body + "0"), birth
            birth -= timedelta(days=1)


def _schooling(rng: Any, age: int) -> str:
    if age < 3:
        return Schooling.NONE
    if age <= 5:
        return Schooling.PRESCHOOL
    if age <= 11:
        return Schooling.PRIMARY
    if age <= 14:
        return Schooling.JUNIOR
    if age <= 17:
        return Schooling.SENIOR if rng.random() < 0.7 else Schooling.VOCATIONAL
    if age <= 21:
        return rng.choices([Schooling.BACHELOR, Schooling.COLLEGE, Schooling.NONE], [35, 30, 35])[0]
    if age <= 24:
        return Schooling.POSTGRADUATE if rng.random() < 0.1 else Schooling.NONE
    return Schooling.NONE


# --- Plans ---------------------------------------------------------------------------------------


@dataclass
class AssistanceBuilt:
    """What the assistance step left: files by state, and the batch waiting for approval."""

    files: int
    states: dict[str, int]
    pending_batch: Disbursement | None


@dataclass
class Candidate:
    id: int
    name: str
    male: bool
    birth: date
    category: str
    union_id: int
    union_path: str
    division_id: str | None
    retired: bool
    joined: date
    age: int  # today


@dataclass
class Member:
    obj: HouseholdMember
    earns: float = 0.0  # weight in the household's income
    consent: bool = False


@dataclass
class Household:
    file: HardshipFile
    worker: Candidate
    township: Union
    applied: date
    steps: list[Step] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + len(self.members)

    def filed_during(self, day: date) -> bool:
        """Whether the file was filed (and not yet exited) on ``day``."""
        file = self.file
        return (
            file.filed_on is not None
            and file.filed_on <= day
            and (file.exited_on is None or file.exited_on > day)
            and file.state in ("filed", "exited")
        )


class Accounts:
    """The demo accounts who act in the history, by role and union (first by username)."""

    def __init__(self, county: Union) -> None:
        users = list(
            # unscoped: the demo county is built in a system scope, for every union
            User.unscoped.filter(is_active=True)
            .select_related("union")
            .order_by("username")
            .only("id", "username", "full_name", "role", "union__path", "union_id")
        )
        self.by_role_union: dict[tuple[str, int], list[User]] = defaultdict(list)
        for user in users:
            if user.union_id is not None:
                self.by_role_union[(user.role, user.union_id)].append(user)
        self.centre = self.first(Role.ASSISTANCE_CENTRE, county)
        self.county_admin = self.first(Role.COUNTY_ADMIN, county)

    def first(self, role: str, union: Union | int) -> User | None:
        key = union if isinstance(union, int) else union.pk
        found = self.by_role_union.get((role, key))
        return found[0] if found else None

    def staff(self, township: Union) -> list[User]:
        return self.by_role_union.get((Role.UNION_STAFF, township.pk), [])

    def local(self, union_id: int, township: Union) -> User | None:
        officer = self.first(Role.GRASSROOTS_OFFICER, union_id)
        if officer is not None:
            return officer
        staff = self.staff(township)
        return staff[0] if staff else self.county_admin

    def batch_people(self, township: Union) -> tuple[User | None, User | None, User | None]:
        """Maker, checker, approver of a township's batch: three different accounts where possible."""
        staff = self.staff(township)
        maker = staff[0] if staff else self.county_admin
        checker = staff[1] if len(staff) > 1 else self.county_admin
        if checker is not None and maker is not None and checker.pk == maker.pk:
            checker = self.centre
        approver = self.centre
        if approver is not None and maker is not None and approver.pk == maker.pk:
            approver = self.county_admin
        return maker, checker, approver


def _id(user: User | None) -> int | None:
    return user.pk if user is not None else None


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
                (state, Category.NONE if state == "application" and rng.random() < 0.2 else qualifying())
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
            elif state in ("exited", "filed"):
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
        elif state == "exited":
            start, end = max(HISTORY_SINCE, worker.joined, adult), today - timedelta(days=400)
        elif state == "filed":
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
        state = "exited" if state.startswith("exited") else ("refused" if state.startswith("refused") else state)
        applied = self.applied_on(worker, kind) if state in ("exited", "filed", "refused") else today
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
        if state != "application" or rng.random() < 0.6:
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
        if state == "notice":
            entered = _working_on_or_before(today - timedelta(days=rng.randint(0, 11)))
        else:
            entered = _working_on_or_before(today - timedelta(days=rng.randint(0, 18)))
        if state == "notice":
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
            stage = "notice" if reason == "objection" else "application"
            day = self.forward(household, stage)
            refused = min(_working_on_or_after(day + timedelta(days=rng.randint(2, 8))), today)
            household.steps.append(Step(refused, "refuse", REFUSE_NOTES[reason]))
        else:
            filed = self.forward(household, "filed")
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
            centre_step = step.transition in CENTRE_STEPS or (step.transition == "refuse" and source == "notice")
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
                        self.batch(program, township, created, grants, state="paid", paid=paid)

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
            approved_by_id=_id(approver) if state in ("approved", "paid") else None,
            paid_on=paid if state == "paid" else None,
            created_at=at(created, 9, rng.randint(0, 59)),
        )
        submitted = _working_on_or_after(created + timedelta(days=rng.randint(0, 2)))
        checked = checked or _working_on_or_after(submitted + timedelta(days=rng.randint(1, 3)))
        steps = [
            Step(created, "start", actor_id=_id(maker)),
            Step(submitted, "submit", actor_id=_id(maker)),
            Step(checked, "check", "已逐户核对名单和金额", _id(checker)),
        ]
        if state == "paid" and paid is not None:
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
            if file.state == "filed" and not file.excluded and file.category == Category.DEEP:
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
        return self.batch(program, township, created, grants, state="checked", checked=checked)

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


# --- Pairings and the annual review --------------------------------------------------------------


def _pairings(b: Builder) -> tuple[list[Pairing], list[PairingVisit]]:
    rng, today = b.rng, b.today
    filed = [h for h in b.households if h.file.state == "filed"]
    count = min(len(filed), max(3, round(len(b.households) / 8)))
    pairings: list[Pairing] = []
    visits: list[PairingVisit] = []
    earliest = date(b.this_year - 3, 3, 1)
    recorder = b.accounts.centre
    for household in sorted(rng.sample(filed, k=count), key=lambda h: h.file.pk):
        file = household.file
        assert file.filed_on is not None
        starts = max(file.filed_on + timedelta(days=rng.randint(10, 60)), earliest + timedelta(days=rng.randint(0, 90)))
        starts = min(starts, today - timedelta(days=30))
        position = f"{household.township.name}副主席" if rng.random() < 0.3 else rng.choice(CADRE_POSITIONS)
        pairing = Pairing(
            id=b.ids.next(Pairing),
            file_id=file.pk,
            union_id=file.union_id,
            cadre_name=b.people.name(),
            cadre_position=position,
            starts_on=starts,
            created_at=at(starts, 10),
        )
        pairings.append(pairing)
        b.paired[file.pk] = starts
        span = (today - starts).days
        days = sorted({starts + timedelta(days=rng.randint(3, span)) for _ in range(rng.randint(2, 5))})
        for day in days:
            visits.append(
                PairingVisit(
                    id=b.ids.next(PairingVisit),
                    pairing_id=pairing.pk,
                    union_id=file.union_id,
                    visited_on=day,
                    kind=rng.choices(list(PairingVisit.Kind.values), [60, 25, 15])[0],
                    help_given=rng.choice(VISIT_HELP),
                    note=rng.choice(VISIT_NOTES),
                    recorded_by_id=_id(recorder),
                )
            )
    return pairings, visits


def _review(b: Builder) -> tuple[ReviewRound | None, list[FileReview]]:
    """Last year's review: every file filed when it opened; ≥ 30 % spot-checked per township."""
    rng = b.rng
    opened = b.review_opened
    if opened > b.today:
        return None, []
    year_end = date(b.review_year, 12, 31)
    review = ReviewRound(
        id=b.ids.next(ReviewRound),
        union_id=b.county.pk,
        year=b.review_year,
        spot_check_share=SPOT_CHECK_SHARE,
        opened_by_id=_id(b.accounts.centre),
        opened_at=at(opened, 9),
    )
    strata: dict[str, list[Household]] = defaultdict(list)
    for household in b.households:
        if household.filed_during(opened):
            strata[paths.township_path(household.worker.union_path)].append(household)
    rows: list[FileReview] = []
    for members in strata.values():
        picked = set(rng.sample(range(len(members)), math.ceil(len(members) * SPOT_CHECK_SHARE)))
        for index, household in enumerate(members):
            file = household.file
            exits = file.exited_on is not None and opened < file.exited_on <= year_end
            reviewed = file.exited_on if exits else _working_on_or_after(opened + timedelta(days=rng.randint(5, 100)))
            assert reviewed is not None
            reviewed = min(reviewed, b.today)
            spot = index in picked
            visited = _working_on_or_before(reviewed - timedelta(days=rng.randint(0, 10))) if spot else None
            if visited is not None and visited < opened:
                visited = opened
            reviewer = b.accounts.centre if spot or exits else b.accounts.local(file.union_id, household.township)
            rows.append(
                FileReview(
                    id=b.ids.next(FileReview),
                    round_id=review.pk,
                    file_id=file.pk,
                    union_id=file.union_id,
                    spot_check=spot,
                    outcome=FileReview.Outcome.EXIT if exits else FileReview.Outcome.CONTINUE,
                    category=file.category,
                    visited_on=visited,
                    note=(household.steps[-1].note if exits else ("入户核查，情况属实" if spot else "")),
                    reviewed_by_id=_id(reviewer),
                    reviewed_at=at(reviewed, 16, rng.randint(0, 59)),
                )
            )
            file.last_reviewed = b.review_year
    rows.sort(key=lambda r: r.file_id)
    return review, rows


# --- The step ------------------------------------------------------------------------------------


def _scale(ctx: DemoContext) -> int:
    return FILES_BY_SIZE.get(ctx.size.name, max(60, round(ctx.size.grassroots * FILES_PER_GRASSROOTS)))


@demo_step(60, "hardship assistance")
def build_assistance(ctx: DemoContext) -> None:
    global _calendar
    _calendar = Calendar()
    b = Builder(ctx)
    pool = b.candidates(_scale(ctx))
    plans = b.plan(min(_scale(ctx), len(pool)))
    # The most demanding histories pick their workers first.
    order = {"exited_old": 0, "exited": 1, "filed": 2}
    plans.sort(key=lambda p: order.get(p[0], 3))
    for state, category in plans:
        worker = b.pick_worker(pool, state)
        if worker is None:
            break
        b.household(worker, state, category)
    b.check_id_numbers()
    for household in b.households:
        b.write_history(household.file, household.steps)
    pairings, visits = _pairings(b)
    money = Money(b)
    money.paid_batches()
    pending = money.pending_warmth()
    for kind in Kind.values:  # next year's programmes are planned already
        money.program(b.this_year + 1, kind)
    money.budgets()
    for batch, steps in money.batches:
        b.write_history(batch, steps)
    review, reviews = _review(b)

    files = [h.file for h in b.households]
    first_year = min((f.year for f in files), default=BASE_YEAR)
    writer = b.writer
    writer.add_all(PovertyLine, b.poverty_lines(min(first_year, BASE_YEAR)))
    writer.add_all(HardshipFile, files)
    writer.add_all(HouseholdMember, [m.obj for h in b.households for m in h.members])
    writer.add_all(GuardianConsent, b.consents)
    writer.add_all(Program, sorted(money.programs.values(), key=lambda p: p.pk))
    writer.add_all(FundingSource, money.sources)
    writer.add_all(EducationRate, money.rates)
    writer.add_all(Disbursement, [batch for batch, _steps in money.batches])
    writer.add_all(Grant, money.grants)
    writer.add_all(Pairing, pairings)
    writer.add_all(PairingVisit, visits)
    if review is not None:
        writer.add(ReviewRound, review)
        writer.add_all(FileReview, reviews)
    for row in b.timeline:
        writer.add(type(row), row, with_id=False)
    writer.flush()

    states = Counter(f.state for f in files)
    categories = Counter(f.category for f in files if f.state == "filed")
    ctx.put(AssistanceBuilt(files=len(files), states=dict(states), pending_batch=pending))
    ctx.write(
        f"    {len(files)} hardship files ({', '.join(f'{s} {n}' for s, n in sorted(states.items()))}; filed: "
        f"{', '.join(f'{c} {n}' for c, n in sorted(categories.items()))}), "
        f"{sum(len(h.members) for h in b.households)} household members; {len(money.programs)} programmes, "
        f"{len(money.batches)} batches with {len(money.grants)} grants (one waiting for approval); "
        f"{len(pairings)} pairings, {len(reviews)} files in the {b.review_year} review"
    )
