"""Demo step: workplace safety — inspectors, two years of hazards (overdue ones escalated), activities.

System code writing in bulk (no services, no audit rows: the demo is system data), following the
module's rules exactly as the services would have left the rows:

* **Inspectors**: two or three workers of the registry per township or sector federation (read
  through the member registry's selector as the county administrator), appointed over the
  past years; one in six appointments has ended.
* **Hazards**: about 500 at county size (scaled by the grassroots unions elsewhere) found over
  the past two years at employers of the townships, one in twenty major. Each has the history
  the workflow would have written (``core.workflow.history``): the notice a few days after it
  was found with a period of 7–30 days (3–7 for a major hazard) whose due day is
  ``rules.rectification_due``; most reported fixed by then and closed at the re-inspection, some
  late, a few not fixed at the re-inspection and given a new period, and about one in twelve
  of the older ones never reported: overdue, and escalated to the township and then the county
  exactly as the hourly check would have (``history.backdated_escalations``).
* A major hazard is reported to every union above its own the day it is found; the reports of
  the last week are not acknowledged yet.
* **Safety activities**: for about a quarter of the employers with a union, the Ankang Cup
  (安康杯) each year and one to three inspections, some training and drills.

Speed: rows built in memory and written by the core bulk writer; two reads (employers, and a few
workers per township). About 0.3 s at county size.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo.bulk import BulkWriter, Row
from gonghui.core.demo.names import person_name
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree import paths as tree_paths
from gonghui.core.workflow.history import Step, at, backdated_escalations, backdated_history
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations
from gonghui.safety import rules
from gonghui.safety.models import Hazard, Inspector, MajorHazardReport, SafetyActivity
from gonghui.safety.workflows import is_overdue

HAZARDS_AT_COUNTY = 500
COUNTY_GRASSROOTS = 670
DAYS_BACK = 730
MAJOR_SHARE = 0.05
NEVER_REPORTED_SHARE = 0.08
LATE_SHARE = 0.14
RECHECK_FAILED_SHARE = 0.05
# Employers with a union that hold safety activities (安康杯, inspections …).
ACTIVE_SHARE = 0.25
CATEGORIES = [
    (Hazard.Category.EQUIPMENT, 18),
    (Hazard.Category.ELECTRICAL, 16),
    (Hazard.Category.FIRE, 20),
    (Hazard.Category.CHEMICALS, 5),
    (Hazard.Category.SPECIAL_EQUIPMENT, 6),
    (Hazard.Category.OCCUPATIONAL_HEALTH, 10),
    (Hazard.Category.PROTECTION, 12),
    (Hazard.Category.MANAGEMENT, 10),
    (Hazard.Category.OTHER, 3),
]
FINDINGS = {
    Hazard.Category.EQUIPMENT: [
        ("冲压车间", "冲床防护罩缺失"),
        ("机加工车间", "砂轮机防护挡板损坏"),
        ("包装线", "传送带急停按钮失灵"),
    ],
    Hazard.Category.ELECTRICAL: [
        ("配电房", "配电箱未上锁、无警示标识"),
        ("仓库", "私拉乱接临时电线"),
        ("车间", "电缆绝缘层破损"),
    ],
    Hazard.Category.FIRE: [
        ("一号车间", "消防通道堆放杂物"),
        ("宿舍楼", "灭火器过期未更换"),
        ("仓库", "应急照明灯损坏"),
    ],
    Hazard.Category.CHEMICALS: [("化学品仓库", "危险化学品未分类存放"), ("喷涂车间", "易燃溶剂超量存放")],
    Hazard.Category.SPECIAL_EQUIPMENT: [("厂区", "叉车未按期检验"), ("锅炉房", "压力表超过检定期")],
    Hazard.Category.OCCUPATIONAL_HEALTH: [("打磨车间", "粉尘浓度超标、除尘设施未开启"), ("喷涂车间", "通风设施不足")],
    Hazard.Category.PROTECTION: [("焊接工位", "作业人员未佩戴防护面罩"), ("车间", "未按规定发放防护耳塞")],
    Hazard.Category.MANAGEMENT: [("办公室", "新员工未经三级安全教育上岗"), ("车间", "特种作业人员无证上岗")],
    Hazard.Category.OTHER: [("厂区道路", "路面破损未设警示")],
}
MEASURES = "立即组织整改，落实专人负责，整改完成后书面报告工会。"


def _county_admin(ctx: DemoContext) -> User:
    # unscoped: the demo reads as the county administrator its accounts step created
    return User.unscoped.filter(role=Role.COUNTY_ADMIN, union=ctx.county.county).order_by("id")[:1].get()


class SafetyBuilder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.writer = BulkWriter()
        county = ctx.county
        self.unions = {
            u.pk: u for u in [county.county, *county.townships, *county.sectors, *county.grassroots, *county.joint]
        }
        self.by_path = {u.path: u for u in self.unions.values()}
        self.hazards: list[Hazard] = []
        self.inspectors: dict[str, list[Inspector]] = {}
        self.timeline: list[Any] = []
        self.reports: list[MajorHazardReport] = []
        self.activities: list[Row] = []
        self.escalated = 0

    def parent_of(self, union_id: int) -> Any:
        return self.by_path.get(tree_paths.parent_path(self.unions[union_id].path))

    def day_before(self, days: int) -> date:
        return self.today - timedelta(days=days)

    # --- inspectors ------------------------------------------------------------------------------

    def build_inspectors(self, admin: User) -> None:
        county = self.ctx.county
        for federation in [*county.townships, *county.sectors]:
            workers = list(members.workers_for_user(admin, union=str(federation.pk))[: self.rng.randint(2, 3)])
            for worker in workers:
                appointed = self.day_before(self.rng.randint(200, 2000))
                ended = None
                if self.rng.random() < 1 / 6:
                    ended = appointed + timedelta(days=self.rng.randint(100, 180))
                inspector = Inspector(
                    union_id=worker.union_id,
                    worker_id=worker.pk,
                    appointed_on=appointed,
                    ended_on=ended,
                    certificate=f"AQJD{appointed:%Y}{self.rng.randint(1000, 9999)}",
                    created_at=at(appointed),
                    updated_at=at(ended or appointed),
                )
                self.writer.add(Inspector, inspector)
                self.inspectors.setdefault(federation.path, []).append(inspector)

    # --- hazards ---------------------------------------------------------------------------------

    def build_hazards(self, employers: list[dict[str, Any]], count: int) -> None:
        categories = [c for c, _w in CATEGORIES]
        weights = [w for _c, w in CATEGORIES]
        # The outcomes in their shares (never reported, fixed late, not fixed at the re-inspection), shuffled.
        shares = [("never", NEVER_REPORTED_SHARE), ("late", LATE_SHARE), ("failed", RECHECK_FAILED_SHARE)]
        outcomes = [name for name, share in shares for _ in range(max(1, round(count * share)))]
        outcomes += ["on_time"] * max(0, count - len(outcomes))
        self.rng.shuffle(outcomes)
        for outcome in outcomes[:count]:
            employer = self.rng.choice(employers)
            found = self.day_before(self.rng.randint(0, DAYS_BACK))
            category = self.rng.choices(categories, weights)[0]
            location, description = self.rng.choice(FINDINGS[category])
            major = self.rng.random() < MAJOR_SHARE
            hazard = Hazard(
                pk=self.writer.ids.next(Hazard),
                union_id=employer["union_id"],
                employer_id=employer["id"],
                found_on=found,
                category=category,
                level=Hazard.Level.MAJOR if major else Hazard.Level.GENERAL,
                location=location,
                description=description,
                responsible_person=person_name(self.rng),
                created_at=at(found),
            )
            township = tree_paths.township_path(employer["union__path"])
            available = [
                i
                for i in self.inspectors.get(township, [])
                if i.appointed_on <= found and (i.ended_on or found) >= found
            ]
            hazard.inspector_id = self.rng.choice(available).pk if available else None
            steps = self.history(hazard, outcome)
            history = backdated_history(hazard, steps, today=self.today, rng=self.rng)
            self.escalated += bool(backdated_escalations(history, today=self.today, parent_of=self.parent_of))
            hazard.updated_at = history.entries[-1].at
            self.hazards.append(hazard)
            self.timeline.extend(history.rows)
            if major:
                self.report_major(hazard, employer["union__path"])

    def history(self, hazard: Hazard, outcome: str) -> list[Step]:
        """The steps of one hazard, and its columns as the effects would have set them."""
        rng, today = self.rng, self.today
        steps = [Step(hazard.found_on, "start")]
        notice = min(today, hazard.found_on + timedelta(days=rng.randint(0, 2)))
        if (today - hazard.found_on).days < 3 and rng.random() < 0.5:
            return steps  # found these days: the notice is still to be issued
        days = rng.choice([3, 5, 7]) if hazard.is_major else rng.choice([7, 10, 15, 15, 20, 30])
        self.notice(hazard, notice, days)
        steps.append(Step(notice, "issue_notice"))
        if outcome == "never":
            return steps  # never reported: overdue once the period has passed
        late = outcome == "late"
        due = hazard.due_on or notice
        rectified = due + timedelta(days=rng.randint(1, 25)) if late else due - timedelta(days=rng.randint(0, days - 1))
        rectified = max(rectified, notice)
        if rectified > today:
            return steps  # still within (or just past) its period today
        hazard.rectified_on = rectified
        hazard.rectification_report = "已按整改要求完成整改，现场已复原。"
        steps.append(Step(rectified, "report"))
        recheck = rectified + timedelta(days=rng.randint(1, 6))
        if recheck > today:
            return steps
        hazard.rechecked_on = recheck
        if outcome == "failed":
            hazard.reopened = 1
            hazard.rectified_on = None
            self.notice(hazard, recheck, rng.choice([5, 7]))
            steps.append(Step(recheck, "recheck_fail", note="复查发现整改不到位"))
            again = (hazard.due_on or recheck) - timedelta(days=rng.randint(0, 2))
            if again > today:
                return steps
            hazard.rectified_on = max(again, recheck)
            steps.append(Step(hazard.rectified_on, "report"))
            recheck = hazard.rectified_on + timedelta(days=rng.randint(1, 4))
            if recheck > today:
                return steps
            hazard.rechecked_on = recheck
        hazard.closed_on = recheck
        steps.append(Step(recheck, "recheck_pass"))
        return steps

    @staticmethod
    def notice(hazard: Hazard, issued: date, days: int) -> None:
        hazard.notice_issued_on = issued
        hazard.rectification_days = days
        hazard.due_on = rules.rectification_due(issued, days)
        hazard.measures = MEASURES

    def report_major(self, hazard: Hazard, path: str) -> None:
        for above in rules.report_paths(path):
            union = self.by_path.get(above)
            if union is None:
                continue
            recent = (self.today - hazard.found_on).days < 7
            acknowledged = None if recent else at(hazard.found_on + timedelta(days=self.rng.randint(0, 1)), 15)
            self.reports.append(
                MajorHazardReport(
                    union_id=union.pk,
                    hazard_id=hazard.pk,
                    reported_on=hazard.found_on,
                    acknowledged_at=acknowledged,
                    created_at=at(hazard.found_on, 11),
                    updated_at=acknowledged or at(hazard.found_on, 11),
                )
            )

    # --- activities ------------------------------------------------------------------------------

    def build_activities(self, employers: list[dict[str, Any]]) -> None:
        rng = self.rng
        for employer in employers:
            if rng.random() > ACTIVE_SHARE:
                continue
            for year in (self.today.year - 1, self.today.year):
                plan = [(SafetyActivity.Kind.ANKANG_CUP, 1)] * (rng.random() < 0.7)
                plan += [
                    (SafetyActivity.Kind.INSPECTION, rng.randint(1, 3)),
                    (SafetyActivity.Kind.TRAINING, rng.randint(0, 2)),
                ]
                plan += [(SafetyActivity.Kind.DRILL, rng.randint(0, 1))]
                for kind, times in plan:
                    for _ in range(times):
                        held = date(year, rng.randint(1, 12), rng.randint(1, 28))
                        if held > self.today:
                            continue
                        moment = at(held, 16)
                        self.activities.append(
                            Row(
                                union_id=employer["union_id"],
                                employer_id=employer["id"],
                                kind=kind,
                                held_on=held,
                                participants=rng.randint(10, max(12, employer["headcount"] or 12)),
                                note="",
                                created_at=moment,
                                updated_at=moment,
                            )
                        )

    def write(self) -> None:
        writer = self.writer
        writer.add_all(Hazard, self.hazards)
        writer.add_all(MajorHazardReport, self.reports)
        writer.add_all(SafetyActivity, self.activities)
        for row in self.timeline:
            writer.add(type(row), row, with_id=False)
        writer.flush()


@demo_step(70, "workplace safety")
def build_safety(ctx: DemoContext) -> None:
    admin = _county_admin(ctx)
    count = (
        HAZARDS_AT_COUNTY
        if ctx.size.name == "county"
        else max(30, round(HAZARDS_AT_COUNTY * ctx.size.grassroots / COUNTY_GRASSROOTS))
    )
    b = SafetyBuilder(ctx)
    b.build_inspectors(admin)
    employers: list[dict[str, Any]] = [
        dict(row)
        for row in organisations.employers_for_user(admin).values(
            "id", "union_id", "union__path", "headcount", "union_status"
        )
        if tree_paths.depth_of(row["union__path"]) >= tree_paths.TOWNSHIP_DEPTH
    ]
    if not employers:
        ctx.write("    safety: no employers below the townships, nothing to do")
        return
    b.build_hazards(employers, count)
    b.build_activities([e for e in employers if e["union_status"] in ("own", "joint")])
    b.write()
    states = Counter(h.state for h in b.hazards)
    overdue = sum(1 for h in b.hazards if is_overdue(h.state, h.due_on, timezone.localdate()))
    ctx.write(
        f"    {sum(len(v) for v in b.inspectors.values())} safety inspectors; {len(b.hazards)} hazards "
        f"({', '.join(f'{s} {n}' for s, n in sorted(states.items()))}; {overdue} overdue, {b.escalated} escalated), "
        f"{len(b.reports)} major-hazard reports; {len(b.activities)} safety activities"
    )
