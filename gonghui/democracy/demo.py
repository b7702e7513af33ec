"""Demo step: democratic management — congresses, sittings, motions, disclosure, collective contracts.

System code writing in bulk (``core/demo/bulk.py``; no services, no audit rows), leaving the rows
as the services would, with the rules asked from ``rules.py``:

* about 85 % of the operating employers with a union have a congress term in office (a general
  assembly under 100 workers, else a congress of delegates of ``rules.delegate_minimum`` workers
  of the registry, about 15 % managers); terms started one to three years ago;
* a sitting most years (about one in five terms has none this year: the reminders show them),
  with the attendance of the latest sitting per delegate; one sitting that failed its quorum and
  one item with a majority of those present but not of all delegates (voted again and passed);
  sittings held lately wait for their report to the higher union (a deadline, some overdue);
* motions in every state, with their history;
* about 60 % of the employers with a union have a comprehensive collective contract and about
  45 % a wage agreement, in every state: requested (reply due), negotiating, signed and not filed
  (some past the deadline), filed (in the objection window, some filed late), in force (some in
  their renewal months), expired;
* this year's disclosure checklist partly done, and a few workers' questions.

Every workflow object's timeline and open deadline come from ``core.workflow.history`` (the
workflows' own rules and ``deadline_rule``). Employers and workers are read through the
organisations' and members' selectors (in the demo's system scope).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gonghui.core.demo.bulk import BulkWriter, Row
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.workflow.history import Step, backdated_history
from gonghui.democracy import rules
from gonghui.democracy.models import (
    PRIVATE_ITEMS,
    STATE_OWNED_ITEMS,
    AgendaItem,
    Attendance,
    Ballot,
    CollectiveContract,
    Congress,
    Delegate,
    Disclosure,
    Motion,
    NegotiationRound,
    Question,
    Representative,
    Session,
)
from gonghui.democracy.workflows import ContractState
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations
from gonghui.organisations.models import Employer

UNITS = ("一车间", "二车间", "三车间", "质检科", "仓储科", "行政办公室", "销售部", "技术部")
MOTION_TITLES = (
    "关于改善职工食堂伙食的提案",
    "关于增设夜班通勤班车的提案",
    "关于完善高温津贴发放办法的提案",
    "关于设立职工书屋的提案",
    "关于改进车间通风降温设施的提案",
    "关于规范加班审批与调休的提案",
    "关于开展技能培训补贴的提案",
    "关于增加女职工休息室的提案",
)
DEPARTMENTS = ("行政部", "人力资源部", "生产部", "后勤保障部", "安全环保部")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
# The demo reads other modules through their selectors as the operator (``None``: the system scope it runs in).
OPERATOR: Any = None


@functools.lru_cache(maxsize=4096)
def report_due(held: date) -> date:
    """``rules.report_due`` of a day (the demo's sittings share their days: counted once each)."""
    return rules.report_due(held).date


@dataclass
class DemocracyBuilt:
    congresses: int
    sessions: int
    contracts: int
    motions: int


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.writer = BulkWriter()
        self.timeline: list[Any] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.quorum_failed = False
        self.half_failed = False

    def history(self, obj: Any, steps: list[Step]) -> None:
        self.timeline.extend(backdated_history(obj, steps, today=self.today, rng=self.rng).rows)

    def day_in(self, year: int, *, until: date | None = None) -> date:
        last = min(date(year, 12, 20), until or date(year, 12, 20))
        first = date(year, 3, 1)
        if last <= first:
            return last
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    # --- Congresses ---------------------------------------------------------------------------

    def congress(self, employer: Employer, workers: list[dict[str, Any]]) -> None:
        rng, today = self.rng, self.today
        start = date(today.year - rng.randint(0, 2), rng.choice((3, 4, 5, 6)), 1)
        if start > today:
            start = date(today.year - 1, start.month, 1)
        term_years = rng.choice((3, 3, 4, 5))
        end = rules.term_bounds(start, (term_years, term_years))[0]
        congress = Congress(
            union_id=employer.union_id,
            employer_id=employer.pk,
            name=f"{employer.name}第{rng.randint(1, 4)}届职工代表大会",
            term_number=rng.randint(1, 4),
            term_start=start,
            term_end=end,
            workforce=employer.headcount,
            women_workers=employer.women,
            dispatched_workers=employer.dispatched_workers,
        )
        congress.derive()
        if congress.is_assembly:
            congress.name = f"{employer.name}职工大会"
        self.writer.add(Congress, congress)
        self.counts["congresses"] += 1
        delegates: list[Any] = []
        if not congress.is_assembly:
            wanted = congress.delegates_required or 0
            chosen = rng.sample(workers, min(wanted, len(workers)))
            for i, worker in enumerate(chosen):
                manager = i < len(chosen) * 15 // 100
                delegate = Row(
                    union_id=employer.union_id,
                    congress_id=congress.pk,
                    worker_id=worker["id"],
                    electoral_unit=rng.choice(UNITS),
                    is_manager=manager,
                    is_frontline=not manager,
                    is_woman=worker["sex"] == "female",
                    is_dispatched=worker["category"] == "dispatched",
                )
                self.writer.add(Delegate, delegate)
                delegates.append(delegate)
        sessions = self.sittings(congress, delegates)
        if delegates and sessions:
            self.motions(congress, delegates, sessions)

    def sittings(self, congress: Congress, delegates: list[Any]) -> list[Session]:
        rng, today = self.rng, self.today
        total = len(delegates) if delegates else congress.workforce
        if total == 0:
            return []
        sessions: list[Session] = []
        for year in range(congress.term_start.year, today.year + 1):
            if year == today.year and rng.random() < 0.2:
                continue  # no sitting this year yet: the reminders show the term
            if year < today.year and rng.random() < 0.08:
                continue
            held = self.day_in(year, until=today - timedelta(days=1))
            if held < congress.term_start:
                continue
            present = round(total * rng.uniform(0.8, 0.97))
            if not self.quorum_failed and delegates and year == today.year - 1:
                present = rules.quorum_needed(total) - 1  # the sitting that failed its quorum
                self.quorum_failed = True
            session = Session(
                union_id=congress.union_id,
                congress_id=congress.pk,
                number=len(sessions) + 1,
                held_on=held,
                # every held sitting voted, so its materials went out at least 7 days before (rules.materials_problem)
                materials_sent_on=held - timedelta(days=rng.choice((7, 8, 10, 14))),
                members_total=total,
                present=present,
            )
            self.writer.add(Session, session)
            steps = [Step(held - timedelta(days=20), "start"), Step(held, "hold")]
            report = report_due(held)
            if report < today - timedelta(days=3) or rng.random() < 0.6:
                session.reported_on = min(report - timedelta(days=rng.randint(0, 5)), today)
                session.reported_on = max(session.reported_on, held)
                steps.append(Step(session.reported_on, "report"))
            self.history(session, steps)
            sessions.append(session)
            self.counts["sessions"] += 1
            self.items(session, total, present)
        if sessions:
            congress.last_sitting_on = max(s.held_on for s in sessions)
        if delegates and sessions:
            latest = sessions[-1]
            absent = set(rng.sample(range(len(delegates)), len(delegates) - latest.present))
            for i, delegate in enumerate(delegates):
                status = (
                    Attendance.Status.PRESENT
                    if i not in absent
                    else rng.choice((Attendance.Status.EXCUSED, Attendance.Status.ABSENT))
                )
                self.writer.add(
                    Attendance,
                    Row(union_id=congress.union_id, session_id=latest.pk, delegate_id=delegate.id, status=status),
                )
        return sessions

    def items(self, session: Session, total: int, present: int) -> None:
        rng = self.rng
        titles = ["工会工作报告", "厂务公开工作报告", rng.choice(("职工福利费使用情况报告", "劳动安全卫生专项报告"))]
        for number, title in enumerate(titles, start=1):
            item = Row(
                union_id=session.union_id,
                session_id=session.pk,
                number=number,
                title=title,
                kind=AgendaItem.Kind.REPORT,
                passed=False,
                resolution_published_on=None,
            )
            self.writer.add(AgendaItem, item)
            if not rules.quorum_met(present, total):
                continue  # the sitting without a quorum could not vote
            rounds = [max(rules.votes_needed(total), round(present * rng.uniform(0.75, 0.98)))]
            if not self.half_failed and number == 1 and total % 2 == 0 and present > total // 2 + 1:
                rounds = [total // 2, rules.votes_needed(total)]  # a majority of those present, not of all
                self.half_failed = True
            for n, yes in enumerate(rounds, start=1):
                yes = min(yes, present)
                passed = rules.item_passes(yes, total)
                rest = present - yes
                self.writer.add(
                    Ballot,
                    Row(
                        union_id=session.union_id,
                        item_id=item.id,
                        round=n,
                        yes=yes,
                        no=rest // 2,
                        abstain=rest - rest // 2,
                        members_total=total,
                        present=present,
                        passed=passed,
                    ),
                )
                item.passed = passed
            if item.passed:
                item.resolution_published_on = session.held_on + timedelta(days=rng.randint(0, 3))

    def motions(self, congress: Congress, delegates: list[Any], sessions: list[Session]) -> None:
        rng, today = self.rng, self.today
        for number in range(1, rng.randint(1, 4) + 1):
            session = rng.choice(sessions)
            tabler = rng.choice(delegates)
            seconders = [d for d in rng.sample(delegates, min(3, len(delegates))) if d.id != tabler.id][:2]
            motion = Motion(
                union_id=congress.union_id,
                congress_id=congress.pk,
                session_id=session.pk,
                number=number,
                title=rng.choice(MOTION_TITLES),
                proposal="建议由相关部门研究制定具体办法，并在下次职代会上报告落实情况。",
                tabled_by_id=tabler.id,
                tabled_on=session.held_on,
            )
            steps = [Step(session.held_on, "start")]
            fate = rng.random()
            day = session.held_on + timedelta(days=rng.randint(3, 10))
            if fate < 0.1:
                motion.committee_reason = "属于个人诉求，转工会个别答复。"
                steps.append(Step(min(day, today), "decline"))
            elif fate > 0.15 and day < today:
                motion.department = rng.choice(DEPARTMENTS)
                motion.assigned_on = day
                motion.answer_due = day + timedelta(days=rng.choice((30, 45, 60)))
                motion.committee_reason = "符合立案条件。"
                steps.append(Step(day, "accept"))
                answered = day + timedelta(days=rng.randint(10, 70))
                if answered < today and rng.random() < 0.85:
                    motion.answer, motion.answered_on = "已列入年度工作计划，分步落实。", answered
                    steps.append(Step(answered, "answer"))
                    feedback = answered + timedelta(days=rng.randint(3, 15))
                    if feedback < today:
                        motion.satisfaction = rng.choice(list(Motion.Satisfaction.values))
                        steps.append(Step(feedback, "feedback"))
                        later = [s for s in sessions if s.held_on > feedback]
                        if later:
                            motion.reported_at_id = later[0].pk
                            steps.append(Step(later[0].held_on, "report"))
            self.writer.add(Motion, motion)
            self.history(motion, steps)
            through = Motion.seconders.through
            for seconder in seconders:
                self.writer.add(through, Row(motion_id=motion.pk, delegate_id=seconder.id))
            self.counts["motions"] += 1

    # --- Disclosure ---------------------------------------------------------------------------

    def disclosure(self, employer: Employer) -> None:
        rng, today = self.rng, self.today
        items = STATE_OWNED_ITEMS if employer.ownership_id == "1" else PRIVATE_ITEMS
        for item in items:
            if rng.random() < 0.65:
                self.writer.add(
                    Disclosure,
                    Row(
                        union_id=employer.union_id,
                        employer_id=employer.pk,
                        year=today.year,
                        item=item,
                        disclosed_on=self.day_in(today.year, until=today),
                        channel=rng.choice(list(Disclosure.Channel.values)),
                        evidence="公开栏照片存档",
                    ),
                )
        if rng.random() < 0.08:
            asked = today - timedelta(days=rng.randint(5, 60))
            question = Question(
                union_id=employer.union_id,
                employer_id=employer.pk,
                asked_on=asked,
                subject="加班费计算基数是否包含岗位津贴？",
            )
            steps = [Step(asked, "start")]
            if rng.random() < 0.6:
                question.answer = "按劳动合同约定的工资标准计算，岗位津贴计入基数。"
                question.answered_on = min(asked + timedelta(days=rng.randint(5, 28)), today)
                steps.append(Step(question.answered_on, "answer"))
            self.writer.add(Question, question)
            self.history(question, steps)

    # --- Collective contracts -----------------------------------------------------------------

    def contract(self, employer: Employer, kind: str) -> None:
        rng, today = self.rng, self.today
        is_wage = kind == CollectiveContract.Kind.WAGE
        fate = rng.random()
        years = 1 if is_wage else rng.choice((2, 3))
        if fate < 0.06:
            state, requested = ContractState.REQUESTED, today - timedelta(days=rng.randint(3, 30))
        elif fate < 0.12:
            state, requested = ContractState.NEGOTIATING, today - timedelta(days=rng.randint(25, 90))
        elif fate < 0.16:
            state, requested = ContractState.SIGNED, today - timedelta(days=rng.randint(30, 60))
        elif fate < 0.2:
            state, requested = ContractState.FILED, today - timedelta(days=rng.randint(40, 60))
        elif fate < 0.27:
            state, requested = ContractState.EXPIRED, rules.add_months(today, -12 * years - rng.randint(3, 12))
        else:
            state = ContractState.IN_FORCE
            # some near the end of their term: the renewal prompt
            back = 12 * years - rng.randint(1, 3) if rng.random() < 0.15 else rng.randint(2, 12 * years - 4)
            requested = rules.add_months(today, -back - 2)
        minimum = Decimal(str(2260 + rng.choice((0, 40, 140, 240, 340, 540))))
        contract = CollectiveContract(
            union_id=employer.union_id,
            employer_id=employer.pk,
            kind=kind,
            title=f"{employer.name}{requested.year}年{CollectiveContract.Kind(kind).label}",
            requested_by=CollectiveContract.RequestedBy.UNION,
            requested_on=requested,
            covered_workers=employer.headcount,
            wage_rise_percent=Decimal(str(round(rng.uniform(3, 9), 1))) if is_wage else None,
            minimum_wage=minimum,
            working_hours="标准工时，每日8小时，每周40小时",
            rest="每周休息两日，依法享受带薪年休假",
            insurance="依法缴纳五险一金，补充意外伤害保险",
        )
        reply = requested + timedelta(days=rng.randint(5, 18))
        steps = [Step(requested, "start")]
        if state != ContractState.REQUESTED:
            contract.replied_on = reply
            steps.append(Step(reply, "reply"))
        if state in (ContractState.SIGNED, ContractState.FILED, ContractState.IN_FORCE, ContractState.EXPIRED):
            signed = reply + timedelta(days=rng.randint(15, 40))
            contract.signed_on = signed
            contract.term_start = signed
            contract.term_end = rules.term_bounds(signed, (years, years))[0]
            contract.local_minimum_wage = Decimal("2260.00") if signed >= date(2025, 1, 1) else Decimal("2070.00")
            contract.filing_due = rules.filing_due(signed, is_wage_agreement=is_wage).date
            steps.append(Step(signed, "sign"))
            if state != ContractState.SIGNED:
                late = rng.random() < 0.12
                filed = (
                    contract.filing_due + timedelta(days=rng.randint(1, 12))
                    if late
                    else signed + timedelta(days=rng.randint(1, 6))
                )
                contract.filed_on = contract.received_on = filed
                contract.filed_late = filed > contract.filing_due
                contract.objection_window_end = rules.objection_window_end(filed).date
                steps.append(Step(filed, "file"))
                if state in (ContractState.IN_FORCE, ContractState.EXPIRED) and contract.objection_window_end < today:
                    steps.append(Step(contract.objection_window_end + timedelta(days=1), "in_force"))
                    if state == ContractState.EXPIRED and contract.term_end < today:
                        steps.append(Step(contract.term_end + timedelta(days=1), "expire"))
        self.writer.add(CollectiveContract, contract)
        self.history(contract, steps)
        if state != ContractState.REQUESTED:
            for side in Representative.Side.values:
                for i in range(3):
                    self.writer.add(
                        Representative,
                        Row(
                            union_id=employer.union_id,
                            contract_id=contract.pk,
                            side=side,
                            name=rng.choice(SURNAMES) + rng.choice(("伟", "芳", "强", "敏", "军", "丽", "勇", "静")),
                            position="工会主席"
                            if side == "workers" and i == 0
                            else ("总经理" if i == 0 else "职工代表"),
                            is_chief=i == 0,
                        ),
                    )
            self.writer.add(
                NegotiationRound,
                Row(
                    union_id=employer.union_id,
                    contract_id=contract.pk,
                    number=1,
                    held_on=reply + timedelta(days=3),
                    minutes="双方就工资增幅、工时和休息休假条款交换意见，约定下轮协商时间。",
                ),
            )
        self.counts["contracts"] += 1


@demo_step(70, "democratic management")
def build_democracy(ctx: DemoContext) -> None:
    b = Builder(ctx)
    rng = ctx.rng
    employers = list(
        organisations.employers_for_user(OPERATOR, union_status=organisations.COVERED, status=Employer.Status.OPERATING)
        .select_related(None)
        .order_by("id")
        .only("id", "name", "union_id", "headcount", "women", "dispatched_workers", "ownership_id")
    )
    with_congress = [e for e in employers if rng.random() < 0.85]
    big = {e.pk for e in with_congress if rules.delegate_minimum(e.headcount) is not None}
    workers: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if big:
        rows = (
            members.workers_for_user(OPERATOR)
            .filter(employer_id__in=sorted(big))
            .values("id", "employer_id", "sex", "category")
        )
        for row in rows.order_by():
            workers[row["employer_id"]].append(dict(row))
    for employer in with_congress:
        b.congress(employer, workers.get(employer.pk, []))
        b.disclosure(employer)
    for employer in employers:
        if rng.random() < 0.6:
            b.contract(employer, CollectiveContract.Kind.COMPREHENSIVE)
        if rng.random() < 0.45:
            b.contract(employer, CollectiveContract.Kind.WAGE)
    for row in b.timeline:
        b.writer.add(type(row), row, with_id=False)
    b.writer.flush()
    ctx.put(DemocracyBuilt(**{k: b.counts[k] for k in ("congresses", "sessions", "contracts", "motions")}))
    ctx.write(
        f"    {b.counts['congresses']} congresses, {b.counts['sessions']} sittings, "
        f"{b.counts['motions']} motions, {b.counts['contracts']} collective contracts"
    )
