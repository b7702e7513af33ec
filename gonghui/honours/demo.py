"""Demo step: honours — three years of award campaigns and the model-worker register with its care.

System code writing in bulk (no services except the certificates; the demo is system data),
leaving the rows as the services and the workflow would have:

* **Allowance table**: the county's honour allowance by level, the local example rates marked as
  such (``rules.EXAMPLE_RATES``).
* **Campaigns**: the county's 五一劳动奖章 / 奖状 / 工人先锋号 round of each of the two past
  years, with places for every township (a minimum of 60 % frontline workers and at most 20 %
  leaders among individual nominees), nominations sent by grassroots unions from the registry,
  reviewed, published for 5 working days in April and commended before May Day, each with its
  certificate; and this year's round of outstanding union workers and activists and model
  workers' homes, **now in public notice** (started on the last working day, running its five
  working days), with one objection not answered yet.
* **Model workers**: about 150 at county size (scaled elsewhere) of every level — a few national,
  more provincial and city, most county — some farmers, a third retired, a third linked to a worker
  of the registry; a few in hardship, linked to a hardship file of the assistance module.
* **Care** over three years: Spring Festival visits (the amounts by level from the local
  examples), yearly health checks, two rest-stay batches a year (those never sent first). This
  season's visits and this year's health checks are not all done: the reminders have work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gonghui.assistance import selectors as assistance
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.calendar import statutory
from gonghui.core.certificates.services import certificate_issue
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.names import person_name
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.workflow.history import Step, at, backdated_history
from gonghui.honours import rules
from gonghui.honours.models import (
    HONOUR_TITLES,
    INDIVIDUAL,
    AllowanceRate,
    AwardCampaign,
    CareRecord,
    Category,
    ModelWorker,
    Nomination,
    Objection,
    Quota,
    RestStayBatch,
)
from gonghui.members import selectors as members

MODEL_WORKERS_AT_COUNTY = 150
COUNTY_GRASSROOTS = 670
LEVELS = (("national", 3), ("provincial", 12), ("city", 30), ("county", 55))
HONOURS = {
    "national": ("全国劳动模范", "全国五一劳动奖章"),
    "provincial": ("省劳动模范", "省五一劳动奖章"),
    "city": ("市劳动模范", "市五一劳动奖章"),
    "county": ("县劳动模范", "县五一劳动奖章"),
}
# Spring Festival visit by level (yuan): national and provincial from the local examples, the
# others a county's own choice.
VISIT_AMOUNTS = {
    "national": Decimal("2000"),
    "provincial": Decimal("1000"),
    "city": Decimal("600"),
    "county": Decimal("400"),
}
HEALTH_CHECK = Decimal("330")
WORKPLACES = (
    "县人民医院",
    "县第一中学",
    "县供电公司",
    "城关镇农业合作社",
    "县自来水公司",
    "县建筑工程公司",
    "县公交公司",
)
DEEDS = (
    "扎根一线二十年，带领班组完成技术攻关十余项，年节约成本逾百万元。",
    "爱岗敬业，多次在市级技能竞赛中获奖，培养徒弟三十余名。",
    "坚守岗位，在抗洪抢险中表现突出，保障了全镇供电安全。",
    "牵头成立职工创新工作室，提出合理化建议被采纳二十余条。",
)
COLLECTIVE_DEEDS = "企业民主管理规范，职工收入稳步增长，连续多年无安全生产事故。"
PAST_CATEGORIES = [Category.MAY_DAY_MEDAL, Category.MAY_DAY_BANNER, Category.PIONEER_TEAM]
NOW_CATEGORIES = [Category.OUTSTANDING_CADRE, Category.ACTIVIST, Category.MODEL_HOME]


def _county_admin(ctx: DemoContext) -> User:
    # unscoped: the demo reads as the county administrator its accounts step created
    return User.unscoped.filter(role=Role.COUNTY_ADMIN, union=ctx.county.county).order_by("id")[:1].get()


def _last_working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while not statutory.is_working_day(day, assume_weekdays=True):
        day -= timedelta(days=1)
    return day


class HonoursBuilder:
    def __init__(self, ctx: DemoContext, admin: User) -> None:
        self.ctx, self.rng, self.today, self.admin = ctx, ctx.rng, ctx.today, admin
        self.writer = BulkWriter()
        self.timeline: list[Any] = []
        self.commended: list[Nomination] = []
        self.objection_target: Nomination | None = None
        self.counts = {"campaigns": 0, "nominations": 0, "model_workers": 0, "care": 0}

    # --- allowance table ----------------------------------------------------------------------

    def allowance_table(self) -> None:
        county = self.ctx.county.county
        for level, farmer, amount, per, source in rules.EXAMPLE_RATES:
            self.writer.add(
                AllowanceRate,
                AllowanceRate(union_id=county.pk, level=level, farmer=farmer, amount=amount, per=per, source=source),
            )

    # --- campaigns ----------------------------------------------------------------------------

    def campaigns(self) -> None:
        year = self.today.year
        for past in (year - 2, year - 1):
            self.campaign(
                past,
                f"{past}年度县五一劳动奖章、五一劳动奖状和工人先锋号评选",
                PAST_CATEGORIES,
                opened=date(past, 2, 20),
                notice_starts=date(past, 4, 7),
            )
        notice_starts = _last_working_day_before(self.today)
        self.campaign(
            year,
            f"{year}年度县优秀工会工作者、优秀工会积极分子和模范职工之家评选",
            NOW_CATEGORIES,
            opened=self.today - timedelta(days=60),
            notice_starts=notice_starts,
        )

    def campaign(self, year: int, title: str, categories: Sequence[str], *, opened: date, notice_starts: date) -> None:
        county = self.ctx.county
        campaign = AwardCampaign(
            pk=self.writer.ids.next(AwardCampaign),
            union_id=county.county.pk,
            title=title,
            year=year,
            categories=[str(c) for c in categories],
            conditions="推荐对象应为本县在职职工或基层工会，近三年无违法违纪记录，所在单位无重大安全生产事故。",
            nominations_due=opened + timedelta(days=30),
            min_frontline_percent=60,
            max_leader_percent=20,
            notice_working_days=5,
            created_at=at(opened),
            updated_at=at(opened),
        )
        self.writer.add(AwardCampaign, campaign)
        self.counts["campaigns"] += 1
        notice_ends = rules.notice_end(notice_starts, 5)
        for township in county.townships:
            below = county.below(township, county.grassroots)
            for category in categories:
                self.writer.add(
                    Quota,
                    Quota(
                        campaign_id=campaign.pk,
                        union_id=township.pk,
                        category=str(category),
                        places=3 if category in INDIVIDUAL else 1,
                        created_at=at(opened),
                        updated_at=at(opened),
                    ),
                )
            for category in categories:
                wanted = (3 if category in INDIVIDUAL else 1) if self.rng.random() < 0.8 else 1
                for _ in range(wanted):
                    self.nomination(campaign, township, below, category, opened, notice_starts, notice_ends)

    def nomination(
        self,
        campaign: AwardCampaign,
        township: Any,
        below: list[Any],
        category: str,
        opened: date,
        notice_starts: date,
        notice_ends: date,
    ) -> None:
        rng = self.rng
        union = rng.choice(below) if below else township
        nomination = Nomination(
            pk=self.writer.ids.next(Nomination),
            campaign_id=campaign.pk,
            union_id=township.pk,
            category=str(category),
            deeds=rng.choice(DEEDS) if category in INDIVIDUAL else COLLECTIVE_DEEDS,
        )
        if category in INDIVIDUAL:
            workers = list(members.workers_for_user(self.admin, union=str(union.pk))[:40])
            if not workers:
                return
            worker = rng.choice(workers)
            nomination.worker_id, nomination.name, nomination.employer_id = worker.pk, worker.name, worker.employer_id
            # Two frontline workers in three, and one leader at most: the lists keep the rules.
            nomination.frontline = rng.random() < 0.8
            nomination.leader = not nomination.frontline and rng.random() < 0.3
            nomination.post = "一线职工" if nomination.frontline else ("部门负责人" if nomination.leader else "技术员")
        else:
            nomination.name = f"{union.name.removesuffix('工会委员会').removesuffix('工会')}" + (
                "职工之家"
                if category == Category.MODEL_HOME
                else ("生产班组" if category == Category.PIONEER_TEAM else "")
            )
        submitted = opened + timedelta(days=rng.randint(10, 25))
        township_review = submitted + timedelta(days=rng.randint(2, 6))
        county_review = township_review + timedelta(days=rng.randint(2, 6))
        steps = [
            Step(opened + timedelta(days=rng.randint(3, 9)), "start"),
            Step(submitted, "submit"),
            Step(township_review, "review_township"),
            Step(min(county_review, notice_starts), "review_county"),
            Step(notice_starts, "publish"),
        ]
        nomination.notice_starts, nomination.notice_ends = notice_starts, notice_ends
        if notice_ends < self.today:
            if rng.random() < 0.05:
                steps[-1:] = [Step(county_review, "refuse", note="不符合推荐条件")]
                nomination.notice_starts = nomination.notice_ends = None
            else:
                commended = notice_ends + timedelta(days=rng.randint(1, 5))
                steps.append(Step(commended, "approve"))
                nomination.commended_on = commended
        elif self.objection_target is None:
            self.objection_target = nomination
        nomination.created_at = at(steps[0].day)
        history = backdated_history(nomination, steps, today=self.today, rng=rng)
        nomination.updated_at = history.entries[-1].at
        self.writer.add(Nomination, nomination)
        self.timeline.extend(history.rows)
        self.counts["nominations"] += 1
        if nomination.commended_on is not None:
            self.commended.append(nomination)

    # --- model workers ------------------------------------------------------------------------

    def model_workers(self) -> list[ModelWorker]:
        ctx, rng = self.ctx, self.rng
        total = (
            MODEL_WORKERS_AT_COUNTY
            if ctx.size.name == "county"
            else max(20, round(MODEL_WORKERS_AT_COUNTY * ctx.size.grassroots / COUNTY_GRASSROOTS))
        )
        grassroots = ctx.county.grassroots or ctx.county.townships
        hardship = [f for f in assistance.files_for_user(self.admin).select_related("worker")[:200] if f.worker_id]
        rng.shuffle(hardship)
        workers: list[ModelWorker] = []
        levels = [level for level, weight in LEVELS for _ in range(weight)]
        for i in range(total):
            level = levels[i * len(levels) // total]
            union = rng.choice(grassroots)
            retired = rng.random() < 0.33
            obj = ModelWorker(
                pk=self.writer.ids.next(ModelWorker),
                union_id=union.pk,
                name=person_name(rng),
                level=level,
                honour=rng.choice(HONOURS[level]),
                honoured_year=rng.randint(1985 if retired else 2005, self.today.year - 1),
                status=ModelWorker.Status.RETIRED if retired else ModelWorker.Status.IN_POST,
                farmer=rng.random() < 0.15,
                workplace=rng.choice(WORKPLACES),
                phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
                created_at=at(self.today - timedelta(days=rng.randint(400, 1500))),
            )
            if rng.random() < 0.33:
                linked = list(members.workers_for_user(self.admin, union=str(union.pk))[:20])
                if linked:
                    worker = rng.choice(linked)
                    obj.worker_id, obj.name = worker.pk, worker.name
            if hardship and rng.random() < 0.04:
                file = hardship.pop()
                obj.hardship_file_id, obj.worker_id, obj.name = file.pk, file.worker_id, file.worker.name
            obj.updated_at = obj.created_at
            workers.append(obj)
        self.writer.add_all(ModelWorker, workers)
        self.counts["model_workers"] = len(workers)
        return workers

    def care(self, workers: list[ModelWorker]) -> None:
        rng, today = self.rng, self.today
        season_start, festival = rules.festival_season(today)
        county = self.ctx.county.county
        for year in (today.year - 2, today.year - 1, today.year):
            # The Spring Festival of ``year``: visited in the weeks before it.
            spring = rules.spring_festival(year)
            for worker in workers:
                visited = spring - timedelta(days=rng.randint(3, 25))
                if visited <= today and rng.random() < 0.92:
                    self.add_care(worker, CareRecord.Kind.VISIT, visited, VISIT_AMOUNTS[worker.level], "spring")
                check = date(year, rng.randint(3, 11), rng.randint(1, 28))
                if check <= today and rng.random() < (0.85 if year < today.year else 0.7):
                    self.add_care(worker, CareRecord.Kind.HEALTH_CHECK, check, HEALTH_CHECK, "")
            sent: set[int] = set()
            for number, month in ((1, 6), (2, 9)):
                starts = date(year, month, 10)
                if starts > today:
                    continue
                batch = RestStayBatch(
                    pk=self.writer.ids.next(RestStayBatch),
                    union_id=county.pk,
                    name=f"{year}年劳模疗休养第{number}批",
                    place=rng.choice(("千岛湖", "黄山", "北戴河", "庐山")),
                    starts_on=starts,
                    days=7,
                    places=15,
                    created_at=at(starts - timedelta(days=30)),
                    updated_at=at(starts - timedelta(days=30)),
                )
                self.writer.add(RestStayBatch, batch)
                candidates = [w for w in workers if w.pk not in sent]
                rng.shuffle(candidates)
                for worker in candidates[: batch.places]:
                    sent.add(worker.pk)
                    self.add_care(worker, CareRecord.Kind.REST_STAY, starts, Decimal("0"), "", batch=batch)
        # This season's visits (before the coming festival) are under way: about a third done.
        if season_start <= today < festival:
            for worker in workers:
                day = today - timedelta(days=rng.randint(0, 10))
                if rng.random() < 0.33 and day >= season_start:
                    self.add_care(worker, CareRecord.Kind.VISIT, day, VISIT_AMOUNTS[worker.level], "spring")

    def add_care(
        self,
        worker: ModelWorker,
        kind: str,
        on: date,
        amount: Decimal,
        festival: str,
        batch: RestStayBatch | None = None,
    ) -> None:
        self.writer.add(
            CareRecord,
            CareRecord(
                union_id=worker.union_id,
                model_worker_id=worker.pk,
                kind=kind,
                on=on,
                amount=amount,
                festival=festival,
                batch_id=batch.pk if batch else None,
                created_at=at(on),
                updated_at=at(on),
            ),
        )
        self.counts["care"] += 1

    # --- writing ------------------------------------------------------------------------------

    def write(self) -> None:
        for row in self.timeline:
            self.writer.add(type(row), row, with_id=False)
        self.writer.flush()
        county = self.ctx.county.county
        for nomination in self.commended:
            year = nomination.commended_on.year if nomination.commended_on else self.today.year
            title = HONOUR_TITLES[Category(nomination.category)]
            certificate_issue(
                actor=None,
                union=county,
                holder_name=nomination.name,
                title=title,
                detail=f"{nomination.name}被授予{year}年度{title}。",
                issued_on=nomination.commended_on,
                source=nomination,
            )
        if self.objection_target is not None:
            self.writer.add(
                Objection,
                Objection(
                    union_id=self.objection_target.union_id,
                    nomination_id=self.objection_target.pk,
                    text="据了解，该推荐对象所在单位今年曾拖欠职工工资，请核实。",
                    contact_name="一名职工",
                    created_at=at(self.today, 10),
                    updated_at=at(self.today, 10),
                ),
            )
            self.writer.flush()


@demo_step(96, "honours")
def build(ctx: DemoContext) -> None:
    """Campaigns, nominations, certificates, the model-worker register and its care."""
    admin = _county_admin(ctx)
    builder = HonoursBuilder(ctx, admin)
    builder.allowance_table()
    builder.campaigns()
    workers = builder.model_workers()
    builder.care(workers)
    builder.write()
    c = builder.counts
    ctx.write(
        f"    honours: {c['campaigns']} campaigns, {c['nominations']} nominations "
        f"({len(builder.commended)} commended with certificates), {c['model_workers']} model workers, "
        f"{c['care']} care records"
    )
