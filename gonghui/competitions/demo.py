"""Demo step: three years of labour competitions with stages, scores and prizes paid; ~400 innovations; ~20 studios.

System code writing in bulk (no services, no audit rows: the demo is system data), following the
module's rules exactly as the services would have left the rows:

* **Competitions**: each year, a skills contest and an Ankang Cup run by the county and one
  competition by each township, with three to six employers of its subtree taking part. A
  skills contest has a preliminary and a final (the first six places advance, ties included:
  ``rules.advancing_ids``); others one stage. Scores of 60–100 with two decimals.
* **Prizes**: for every competition that has ended, the first three places of its ranking
  (``rules.rank``: ties share a place, and a prize) get 3,000 / 2,000 / 1,000 yuan in one
  batch made by a township's staff and approved by the county administrator (never the maker),
  with the back-dated workflow history (``core.workflow.history``); paid a few days later.
* **Innovations**: about 400 at county size (scaled by the grassroots unions elsewhere), by
  workers of the registry or teams, over three years; those older than two months evaluated
  (about 60 % adopted, with the value created and a reward of 2–5 % of it).
* **Studios**: about 20, each led by a worker with two to six members of the same employer;
  a share of that employer's innovations are the studio's results.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gonghui.competitions import rules
from gonghui.competitions.models import (
    Competition,
    Innovation,
    InnovationStudio,
    Participant,
    Prize,
    PrizeBatch,
    Score,
    Stage,
)
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo.bulk import BulkWriter, Row
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree import paths as tree_paths
from gonghui.core.workflow.history import Step, at, backdated_history
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations

INNOVATIONS_AT_COUNTY = 400
STUDIOS_AT_COUNTY = 20
COUNTY_GRASSROOTS = 670
YEARS = 3
PRIZES = ((1, "一等奖", Decimal("3000")), (2, "二等奖", Decimal("2000")), (3, "三等奖", Decimal("1000")))
TRADES = ("焊工", "电工", "钳工", "数控车工", "叉车司机", "育婴员", "中式烹调师", "快递员")
INNOVATION_TITLES = {
    Innovation.Kind.PROPOSAL: (
        "关于降低车间能耗的建议",
        "优化仓储动线的建议",
        "改进交接班制度的建议",
        "减少原料损耗的建议",
    ),
    Innovation.Kind.TECHNICAL: ("焊接夹具改进", "冲压模具快速换模", "包装线自动计数装置", "空压机余热回收改造"),
    Innovation.Kind.INVENTION: ("一种新型防松螺栓", "便携式电缆剥线器", "智能巡检记录仪"),
}
STUDIO_FIELDS = ("数控加工", "电气自动化", "焊接工艺", "节能降耗", "质量改进")


def _user(role: str, **filters: Any) -> User | None:
    # unscoped: the demo reads the accounts its accounts step created
    return User.unscoped.filter(role=role, **filters).order_by("id").first()


def _points(rng: Any) -> Decimal:
    return Decimal(rng.randint(6000, 10000)) / 100


class CompetitionBuilder:
    def __init__(self, ctx: DemoContext, maker: User, checker: User) -> None:
        self.ctx, self.rng, self.today = ctx, ctx.rng, ctx.today
        self.maker, self.checker = maker, checker
        self.writer = BulkWriter()
        self.counts: Counter[str] = Counter()

    def competition(
        self, union: Any, year: int, kind: str, employers: list[dict[str, Any]], workers: dict[int, list[int]]
    ) -> None:
        rng, w = self.rng, self.writer
        starts = date(year, rng.randint(3, 9), rng.randint(1, 28))
        if starts > self.today:
            return
        ends = starts + timedelta(days=rng.randint(20, 60))
        trade = rng.choice(TRADES) if kind == Competition.Kind.SKILLS else ""
        names: dict[str, str] = {
            Competition.Kind.SKILLS: f"{year}年{union.name}{trade}技能比武",
            Competition.Kind.KEY_PROJECT: f"{year}年{union.name}重点工程劳动竞赛",
            Competition.Kind.ANKANG_CUP: f"{year}年{union.name}“安康杯”知识竞赛",
            Competition.Kind.SERVICE: f"{year}年{union.name}窗口服务技能竞赛",
        }
        competition = Competition(
            pk=w.ids.next(Competition),
            union_id=union.pk,
            name=names[kind][:200],
            kind=kind,
            trade=trade,
            starts_on=starts,
            ends_on=ends,
            created_at=at(starts - timedelta(days=20)),
        )
        w.add(Competition, competition)
        self.counts["competitions"] += 1
        taking_part = rng.sample(employers, min(len(employers), rng.randint(3, 6)))
        through = Competition.employers.through
        for employer in taking_part:
            w.add(through, Row(competition_id=competition.pk, employer_id=employer["id"]), with_id=False)
        participants: list[Participant] = []
        teams = kind in (Competition.Kind.KEY_PROJECT, Competition.Kind.ANKANG_CUP)
        for employer in taking_part:
            if teams:
                participant = Participant(
                    pk=w.ids.next(Participant),
                    union_id=union.pk,
                    competition_id=competition.pk,
                    team_name=f"{employer['name'][:80]}代表队",
                    employer_id=employer["id"],
                    created_at=at(starts),
                )
                participants.append(participant)
                continue
            for worker_id in rng.sample(workers[employer["id"]], min(len(workers[employer["id"]]), rng.randint(2, 4))):
                participants.append(
                    Participant(
                        pk=w.ids.next(Participant),
                        union_id=union.pk,
                        competition_id=competition.pk,
                        worker_id=worker_id,
                        employer_id=employer["id"],
                        created_at=at(starts),
                    )
                )
        w.add_all(Participant, participants)
        self.counts["participants"] += len(participants)
        stages = (
            [("初赛", None), ("决赛", 6)]
            if kind == Competition.Kind.SKILLS and len(participants) > 6
            else [("决赛", None)]
        )
        scored = participants
        ranking: list[rules.Placed] = []
        for position, (name, advancing) in enumerate(stages, start=1):
            held = starts + timedelta(days=position * 10)
            if held > self.today:
                break
            stage = Stage(
                pk=w.ids.next(Stage),
                union_id=union.pk,
                competition_id=competition.pk,
                name=name,
                position=position,
                held_on=held,
                advancing=advancing,
                created_at=at(starts),
            )
            w.add(Stage, stage)
            if ranking:
                allowed = rules.advancing_ids(ranking, advancing)
                scored = [p for p in participants if p.pk in allowed]
            points = {p.pk: _points(rng) for p in scored}
            for participant in scored:
                w.add(
                    Score,
                    Row(
                        union_id=union.pk,
                        stage_id=stage.pk,
                        participant_id=participant.pk,
                        points=points[participant.pk],
                        created_at=at(held, 17),
                        updated_at=at(held, 17),
                    ),
                    with_id=False,
                )
            self.counts["scores"] += len(scored)
            ranking = rules.rank(((p, points[p.pk]) for p in scored), name=lambda p: str(p.pk))
        if ends < self.today and ranking:
            self.prizes(competition, ranking, ends)

    def prizes(self, competition: Competition, ranking: list[rules.Placed], ends: date) -> None:
        w, rng = self.writer, self.rng
        batch = PrizeBatch(
            pk=w.ids.next(PrizeBatch),
            union_id=competition.union_id,
            competition_id=competition.pk,
            title=f"{competition.name}奖金",
            made_by_id=self.maker.pk,
            created_at=at(ends + timedelta(days=2)),
        )
        for line in ranking:
            prize = next(((title, amount) for place, title, amount in PRIZES if line.place == place), None)
            if prize is None:
                continue
            w.add(
                Prize,
                Row(
                    union_id=competition.union_id,
                    batch_id=batch.pk,
                    participant_id=line.participant.pk,
                    title=prize[0],
                    amount=prize[1],
                    created_at=batch.created_at,
                    updated_at=batch.created_at,
                ),
                with_id=False,
            )
            self.counts["prize_yuan"] += int(prize[1])
        made = ends + timedelta(days=2)
        approved = made + timedelta(days=rng.randint(1, 4))
        paid = approved + timedelta(days=rng.randint(1, 6))
        steps = [Step(made, "start", actor_id=self.maker.pk), Step(made, "submit", actor_id=self.maker.pk)]
        if approved <= self.today:
            batch.approved_by_id = self.checker.pk
            steps.append(Step(approved, "approve", actor_id=self.checker.pk))
            if paid <= self.today:
                batch.paid_on = paid
                steps.append(Step(paid, "pay", actor_id=self.checker.pk))
        history = backdated_history(batch, steps, today=self.today, rng=rng)
        batch.updated_at = history.entries[-1].at
        w.add(PrizeBatch, batch)
        for row in history.rows:
            w.add(type(row), row, with_id=False)
        self.counts["batches"] += 1


def _innovations(
    ctx: DemoContext,
    writer: BulkWriter,
    employers: list[dict[str, Any]],
    workers: dict[int, list[int]],
    count: int,
    studios: dict[int, list[InnovationStudio]],
) -> Counter[str]:
    rng, today = ctx.rng, ctx.today
    counts: Counter[str] = Counter()
    kinds = [(Innovation.Kind.PROPOSAL, 55), (Innovation.Kind.TECHNICAL, 35), (Innovation.Kind.INVENTION, 10)]
    for _ in range(count):
        employer = rng.choice(employers)
        kind = rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
        submitted = today - timedelta(days=rng.randint(0, 365 * YEARS - 1))
        by_worker = rng.random() < 0.7 and workers.get(employer["id"])
        innovation = Innovation(
            union_id=employer["union_id"],
            employer_id=employer["id"],
            kind=kind,
            title=rng.choice(INNOVATION_TITLES[kind]),
            worker_id=rng.choice(workers[employer["id"]]) if by_worker else None,
            team_name="" if by_worker else f"{rng.choice(('技术', '质量', '设备', '工艺'))}攻关小组",
            submitted_on=submitted,
            created_at=at(submitted, 10),
        )
        at_employer = studios.get(employer["id"])
        if at_employer and rng.random() < 0.6:
            studio = rng.choice(at_employer)
            if studio.named_on <= submitted:
                innovation.studio_id = studio.pk
        if (today - submitted).days > 60:
            evaluated = submitted + timedelta(days=rng.randint(10, 50))
            innovation.evaluated_on = evaluated
            if rng.random() < 0.6:
                value = Decimal(rng.randint(5, 5000)) * 100
                innovation.outcome = Innovation.Outcome.ADOPTED
                innovation.reason = "经评审，成果可行，已在生产中推广应用。"
                innovation.value_created = value
                innovation.reward = (value * Decimal(rng.randint(2, 5)) / 100).quantize(Decimal("1"))
                counts["adopted"] += 1
            else:
                innovation.outcome = Innovation.Outcome.NOT_ADOPTED
                innovation.reason = rng.choice(
                    ("投入成本过高，暂不采纳。", "与现行工艺冲突，暂不采纳。", "已有同类措施。")
                )
        innovation.updated_at = at(innovation.evaluated_on or submitted, 15)
        writer.add(Innovation, innovation)
        counts[str(kind)] += 1
    return counts


@demo_step(92, "competitions and innovation")
def build_competitions(ctx: DemoContext) -> None:
    admin = _user(Role.COUNTY_ADMIN, union=ctx.county.county)
    maker = _user(Role.UNION_STAFF) or admin
    if admin is None or maker is None:
        ctx.write("    competitions: no county administrator, nothing to do")
        return
    if maker.pk == admin.pk:  # four eyes: another account approves
        maker = _user(Role.COUNTY_ADMIN, union=ctx.county.county, id__gt=admin.pk) or admin
    employers: list[dict[str, Any]] = [
        dict(row)
        for row in organisations.employers_for_user(admin).values("id", "name", "union_id", "union__path")
        if tree_paths.depth_of(row["union__path"]) >= tree_paths.TOWNSHIP_DEPTH
    ]
    workers: dict[int, list[int]] = {}
    for worker_id, employer_id in (
        members.workers_for_user(admin)
        .select_related(None)
        .filter(employer__isnull=False)
        .values_list("id", "employer_id")[:20000]
    ):
        workers.setdefault(employer_id, []).append(worker_id)
    employers = [e for e in employers if len(workers.get(e["id"], [])) >= 2]
    if len(employers) < 3:
        ctx.write("    competitions: too few employers with workers, nothing to do")
        return
    b = CompetitionBuilder(ctx, maker, admin)
    county = ctx.county
    for year in range(ctx.today.year - YEARS + 1, ctx.today.year + 1):
        b.competition(county.county, year, Competition.Kind.SKILLS, employers, workers)
        b.competition(county.county, year, Competition.Kind.ANKANG_CUP, employers, workers)
        for township in county.townships:
            below = [e for e in employers if e["union__path"].startswith(township.path)]
            if len(below) >= 3:
                kind = ctx.rng.choice(list(Competition.Kind.values))
                b.competition(township, year, kind, below, workers)
    scale = ctx.size.grassroots / COUNTY_GRASSROOTS if ctx.size.name != "county" else 1
    studio_count = max(3, round(STUDIOS_AT_COUNTY * scale))
    studios: dict[int, list[InnovationStudio]] = {}
    levels = [
        (InnovationStudio.Level.COUNTY, 50),
        (InnovationStudio.Level.CITY, 30),
        (InnovationStudio.Level.PROVINCIAL, 15),
        (InnovationStudio.Level.NATIONAL, 5),
    ]
    members_through = InnovationStudio.members.through
    for employer in ctx.rng.sample(employers, min(studio_count, len(employers))):
        team = ctx.rng.sample(workers[employer["id"]], min(len(workers[employer["id"]]), ctx.rng.randint(3, 7)))
        named = ctx.today - timedelta(days=ctx.rng.randint(200, 1500))
        field = ctx.rng.choice(STUDIO_FIELDS)
        studio = InnovationStudio(
            pk=b.writer.ids.next(InnovationStudio),
            union_id=employer["union_id"],
            employer_id=employer["id"],
            name=f"{employer['name'][:40]}{field}职工创新工作室",
            leader_id=team[0],
            level=ctx.rng.choices([lv for lv, _w in levels], [w for _lv, w in levels])[0],
            named_on=named,
            field=field,
            created_at=at(named),
        )
        b.writer.add(InnovationStudio, studio)
        for worker_id in team:
            b.writer.add(members_through, Row(innovationstudio_id=studio.pk, worker_id=worker_id), with_id=False)
        studios.setdefault(employer["id"], []).append(studio)
    count = INNOVATIONS_AT_COUNTY if ctx.size.name == "county" else max(40, round(INNOVATIONS_AT_COUNTY * scale))
    kinds = _innovations(ctx, b.writer, employers, workers, count, studios)
    b.writer.flush()
    c = b.counts
    ctx.write(
        f"    {c['competitions']} competitions, {c['participants']} participants, {c['scores']} scores, "
        f"{c['batches']} prize batches (¥{c['prize_yuan']:,}); {count} innovations "
        f"({kinds['proposal']} proposals, {kinds['technical']} technical, {kinds['invention']} inventions; "
        f"{kinds['adopted']} adopted); {sum(len(v) for v in studios.values())} studios"
    )
