"""Labour relations' step of the demo county: two years of warnings, mediation committees and ~300 cases.

Written through the core bulk writer (``core/demo/bulk.py``) with back-dated workflow histories
(``core/workflow/history.py``); levels, periods and limitations come from the module's rules.

* Committees: one per township federation, one at each employer of 300 workers or more, two
  industry committees at the county; each with equal worker and employer sides, a union chair,
  mediators on three-year terms.
* Warnings over two years at random employers, every signal, each levelled by the level table
  and taken along its response timeline as far as its age allows (recent ones still open, a few
  late). The dispatch signals the periodic job would raise are raised for every employer over
  quota in the member registry (once each, some confirmed, some dismissed, some waiting), and
  this month's workforce counts are kept for next month's comparison.
* ~300 dispute cases (scaled to the county's size) in every state, one collective case of 26
  workers, some handed to arbitration.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gonghui.core.calendar import statutory
from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree import paths
from gonghui.core.workflow.history import Step, backdated_history
from gonghui.members import selectors as members
from gonghui.members.services import worker_update
from gonghui.organisations import selectors as organisations
from gonghui.rights import rules
from gonghui.rights.models import (
    Alert,
    Claim,
    CommitteeSeat,
    Dispute,
    DisputeApplicant,
    MediationCommittee,
    Signal,
    WorkforceCount,
)
from gonghui.rights.workflows import AlertState

# Selectors read as the demo's system scope (no actor: the surrounding scope).
SYSTEM: Any = None
DISPUTES = {"small": 60, "county": 300, "province": 3000}
ALERTS = {"small": 80, "county": 420, "province": 4000}
BIG_EMPLOYER = 300
INDUSTRIES = ("建筑业", "快递物流业")
SUMMARIES = {
    "wages": ("拖欠{m}个月工资", "克扣工资", "未足额支付最低工资"),
    "overtime": ("延长工作时间未支付加班费", "休息日加班未安排补休也未支付加班费"),
    "social_insurance": ("未依法缴纳社会保险费", "社会保险缴费基数不足"),
    "injury": ("工伤医疗费和停工留薪期工资未支付", "一次性伤残就业补助金争议"),
    "termination": ("解除劳动合同未支付经济补偿", "违法解除劳动合同赔偿金"),
    "contract": ("未订立书面劳动合同二倍工资", "变更工作岗位争议"),
}
AGREEMENTS = (
    "被申请人于{day}前一次性支付申请人{amount}元，双方劳动争议就此了结。",
    "被申请人分两期支付申请人{amount}元，第一期于签订本协议之日支付，第二期于{day}前付清。",
    "被申请人于{day}前为申请人补缴社会保险费并支付{amount}元。",
)
REFUSALS = ("不属于劳动争议受理范围", "被申请人不同意调解", "已向劳动人事争议仲裁委员会申请仲裁")
ALERT_NOTES = {
    "involve": ("工会派员进驻企业，与企业负责人座谈", "工会约谈企业法定代表人，督促制定解决方案"),
    "resolve": ("企业已补发拖欠工资，职工情绪稳定", "经协商企业与职工达成一致，事件平息", "企业已补缴费用并公示"),
    "hand_over": ("已移交县人力资源和社会保障局劳动保障监察大队处理",),
    "dismiss": ("经核实情况不属实", "企业已自行整改，不构成预警", "派遣工已转为合同工，登记待更新"),
}


@dataclass
class Place:
    employer_id: int
    union_id: int
    path: str
    headcount: int
    name: str


@functools.cache
def _working_day_after(day: date, days: int) -> date:
    return statutory.add_working_days(day, days, assume_weekdays=not statutory.is_known_year(day.year + 1))


@functools.cache
def _acceptance_due(applied: date) -> date:
    return rules.acceptance_due(applied).date


@functools.cache
def _mediation_due(applied: date) -> date:
    return rules.mediation_due(applied).date


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng: random.Random = ctx.rng
        self.today = ctx.today
        self.writer = BulkWriter()
        self.timeline: list[Any] = []
        self.count: dict[str, int] = {}
        self.union_ids: dict[str, int] = {}

    def history(self, obj: Any, steps: list[Step], *, start: str | None = None) -> None:
        history = backdated_history(obj, steps, today=self.today, start=start, rng=self.rng)
        self.timeline.extend(history.rows)
        self.count[history.state] = self.count.get(history.state, 0) + 1

    # --- committees --------------------------------------------------------------------

    def committee(
        self, union_id: int, name: str, kind: str, *, employer_id: int | None = None, industry: str = "", since: date
    ) -> MediationCommittee:
        committee = self.writer.add(
            MediationCommittee,
            MediationCommittee(
                union_id=union_id,
                name=name,
                kind=kind,
                employer_id=employer_id,
                industry=industry,
                established_on=since,
            ),
        )
        sides = self.rng.choice((2, 2, 3))
        term = max(since, self.today - timedelta(days=self.rng.randint(60, 1400)))
        for i, side in enumerate(["worker"] * sides + ["employer"] * sides):
            chair = i == 0
            self.writer.add(
                CommitteeSeat,
                CommitteeSeat(
                    union_id=union_id,
                    committee_id=committee.pk,
                    name=names.person_name(self.rng),
                    side=side,
                    chair=chair,
                    union_member=side == "worker",
                    mediator=chair or self.rng.random() < 0.5,
                    term_starts=term,
                    term_ends=rules.mediator_term_ends(term),
                ),
            )
        return committee

    # --- alerts ------------------------------------------------------------------------

    def alert(self, place: Place, observed: date, signal: str, **measures: Any) -> None:
        alert = Alert(
            union_id=place.union_id, employer_id=place.employer_id, signal=signal, observed_on=observed, **measures
        )
        alert.level = rules.alert_level(signal, alert.measures())
        self.writer.add(Alert, alert)
        policy = rules.level_policy(alert.level)
        age = (self.today - observed).days
        steps = [Step(observed, "start")]
        if alert.automatic:
            if age < 30:  # waiting for staff to confirm or dismiss it
                return self.history(alert, steps)
            if self.rng.random() < 0.25:
                steps.append(
                    Step(
                        observed + timedelta(days=self.rng.randint(1, 4)),
                        "dismiss",
                        self.rng.choice(ALERT_NOTES["dismiss"]),
                    )
                )
                return self.history(alert, steps)
            steps.append(Step(observed + timedelta(days=self.rng.randint(1, 3)), "confirm"))
        day = steps[-1].day
        late = self.rng.random() < 0.08
        report_days = 0 if policy.report_same_day else policy.report_working_days
        plan = [
            (
                "report",
                (_working_day_after(day, report_days) if report_days else day)
                + timedelta(days=self.rng.randint(2, 6) if late else 0),
            ),
        ]
        if self.rng.random() < 0.1:
            plan.append(("dismiss", _working_day_after(plan[-1][1], 1)))
        else:
            plan.append(("verify", _working_day_after(plan[-1][1], self.rng.randint(1, policy.verify_working_days))))
            plan.append(("involve", _working_day_after(plan[-1][1], self.rng.randint(1, policy.involve_working_days))))
            end = plan[-1][1] + timedelta(days=self.rng.randint(5, policy.resolve_days))
            plan.append(("hand_over" if self.rng.random() < 0.12 else "resolve", end))
        for name, when in plan:
            if when >= self.today:
                break
            note = self.rng.choice(ALERT_NOTES[name]) if name in ALERT_NOTES else ""
            steps.append(Step(when, name, note))
            if name == "report":
                alert.reported_on = when
                alert.reported_to_id = self.report_target(place, alert.level)
        self.history(alert, steps, start=None if alert.automatic else AlertState.RECORDED)

    def report_target(self, place: Place, level: str) -> int:
        target = paths.path_at_depth(place.path, 1 if rules.level_policy(level).report_to == "county" else 2)
        return self.union_ids.get(target, place.union_id)

    # --- disputes ----------------------------------------------------------------------

    def dispute(self, place: Place, committee: MediationCommittee, applied: date, *, workers: int = 1) -> None:
        rng = self.rng
        kinds = rng.sample(list(SUMMARIES), rng.choice((1, 1, 2)))
        employed = "wages" in kinds and rng.random() < 0.4
        knew = applied - timedelta(days=rng.randint(5, 200))
        ended = None if employed else applied - timedelta(days=rng.randint(1, 60))
        claims = [
            (kind, Decimal(rng.randrange(2_000, 60_000, 100)) * (workers if workers > 1 else 1)) for kind in kinds
        ]
        collective = rules.is_collective(workers)
        dispute = Dispute(
            union_id=committee.union_id,
            committee_id=committee.pk,
            employer_id=place.employer_id,
            applied_on=applied,
            oral=rng.random() < 0.2,
            workers=workers,
            kind=Dispute.Kind.COLLECTIVE if collective else Dispute.Kind.INDIVIDUAL,
            summary="；".join(rng.choice(SUMMARIES[k]).format(m=rng.randint(2, 5)) for k in kinds),
            knew_on=knew,
            employment_ended_on=ended,
            acceptance_due=_acceptance_due(applied),
            mediation_due=_mediation_due(applied),
            amount_claimed=sum((amount for _k, amount in claims), Decimal("0")),
        )
        applicants = [names.person_name(rng) for _ in range(min(workers, 3) if not collective else 3)]
        if collective:
            dispute.representatives = "、".join(applicants)
        limitation = rules.claims_limitation(set(kinds), knew_on=knew, employment_ended_on=ended)
        dispute.limitation_ends = limitation.last_day if limitation is not None else None
        self.writer.add(Dispute, dispute)
        dispute.number = f"TJ{applied.year}{dispute.pk:06d}"
        for name in applicants:
            self.writer.add(
                DisputeApplicant,
                DisputeApplicant(
                    union_id=dispute.union_id, dispute_id=dispute.pk, name=name, representative=collective
                ),
            )
        for kind, amount in claims:
            self.writer.add(Claim, Claim(union_id=dispute.union_id, dispute_id=dispute.pk, kind=kind, amount=amount))
        self.history(dispute, self.dispute_steps(dispute, kinds))

    def dispute_steps(self, dispute: Dispute, kinds: list[str]) -> list[Step]:
        rng, today, applied = self.rng, self.today, dispute.applied_on
        steps = [Step(applied, "start")]
        accepted = _working_day_after(applied, rng.randint(1, 3))
        if accepted >= today:
            return steps
        roll = rng.random()
        if roll < 0.07:
            dispute.refusal_reason = rng.choice(REFUSALS)
            return [*steps, Step(accepted, "refuse", dispute.refusal_reason)]
        steps.append(Step(accepted, "accept"))
        dispute.accepted_on = accepted
        if roll < 0.12:
            return [
                *steps,
                Step(accepted + timedelta(days=rng.randint(1, 8)), "withdraw", "申请人与企业自行和解，撤回申请"),
            ]
        extended = rng.random() < 0.08
        if extended:
            extend_on = dispute.mediation_due - timedelta(days=rng.randint(1, 4))
            if extend_on <= accepted or extend_on >= today:
                extended = False
            else:
                dispute.extended_until = applied + timedelta(days=rng.randint(20, 30))
                steps.append(Step(extend_on, "extend", "双方当事人同意延长调解期限"))
                dispute.mediation_due = rules.mediation_due(applied, extended_until=dispute.extended_until).date
        agree = roll < 0.68
        end = accepted + timedelta(
            days=rng.randint(2, (dispute.mediation_due - accepted).days + (3 if rng.random() < 0.1 else 0))
        )
        if end >= today:
            return steps
        dispute.ended_on = end
        if not agree:
            steps.append(Step(end, "fail", "双方分歧较大，调解不成"))
            return self.after_failure(dispute, steps, end)
        amount = (dispute.amount_claimed * Decimal(rng.choice(("0.6", "0.75", "0.8", "0.9", "1")))).quantize(
            Decimal("1")
        )
        dispute.agreed_on = end
        dispute.amount_agreed = amount
        dispute.perform_by = end + timedelta(days=rng.choice((7, 15, 30)))
        dispute.agreement_terms = rng.choice(AGREEMENTS).format(
            day=f"{dispute.perform_by:%Y年%-m月%-d日}", amount=amount
        )
        steps.append(Step(end, "agree"))
        if dispute.perform_by >= today:
            return steps
        if rng.random() < 0.85:
            dispute.fulfilled = True
            dispute.amount_recovered = amount
            return [*steps, Step(dispute.perform_by, "fulfil")]
        dispute.fulfilled = False
        steps.append(Step(dispute.perform_by + timedelta(days=1), "not_fulfilled", "被申请人逾期未履行调解协议"))
        return self.after_failure(dispute, steps, dispute.perform_by + timedelta(days=1))

    def after_failure(self, dispute: Dispute, steps: list[Step], day: date) -> list[Step]:
        handed = day + timedelta(days=self.rng.randint(3, 20))
        if handed >= self.today or self.rng.random() < 0.15:
            return steps
        if self.rng.random() < 0.8:
            dispute.arbitration_on = handed
            dispute.arbitration_body = f"{names.COUNTY}劳动人事争议仲裁委员会"
            return [*steps, Step(handed, "hand_over")]
        return [*steps, Step(handed, "close", "申请人表示不再申请仲裁")]


OVER_QUOTA_HOSTS = {"small": 5, "county": 15, "province": 60}


def _over_quota_hosts(ctx: DemoContext, counts: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Some employers use agency workers beyond the quota: their registry records say so.

    The member registry's demo keeps every employer within 10 %; a county has hosts over it, so
    the records of a few workers at employers just at the quota are changed to agency workers,
    through the registry's own service (one or two workers each: the step stays fast).
    """
    rng = ctx.rng

    def needed(employer_id: int) -> int:
        workers, dispatched = counts[employer_id]
        return workers * rules.DISPATCH_QUOTA_PERCENT // 100 + 1 - dispatched

    hosts = [e for e, (n, d) in sorted(counts.items()) if n >= 15 and not rules.dispatch_over_quota(d, n)]
    hosts = [e for e in hosts if needed(e) <= 2]
    for employer_id in rng.sample(hosts, min(len(hosts), OVER_QUOTA_HOSTS.get(ctx.size.name, 15))):
        workers, dispatched = counts[employer_id]
        regular = members.workers_for_user(SYSTEM, employer=employer_id, category="regular")[: needed(employer_id)]
        changed = 0
        for worker in regular:
            worker_update(actor=None, worker=worker, category="dispatched")
            changed += 1
        counts[employer_id] = (workers, dispatched + changed)
    return counts


@demo_step(90, "labour relations")
def build(ctx: DemoContext) -> None:
    b = Builder(ctx)
    rng, today = b.rng, b.today
    county = ctx.county
    b.union_ids = {u.path: u.pk for u in [county.county, *county.townships, *county.sectors]}
    rows = (
        organisations.employers_for_user(SYSTEM)
        .order_by("id")
        .values_list("id", "union_id", "union__path", "headcount", "name")
    )
    places = [Place(*row) for row in rows]
    if not places:
        ctx.write("labour relations: no employers")
        return
    start = today - timedelta(days=730)

    # Committees.
    committees_of: dict[str, MediationCommittee] = {}
    for township in [*county.townships, *county.sectors]:
        name = township.name.removesuffix("总工会").removesuffix("工会") + "劳动争议调解委员会"
        committees_of[township.path] = b.committee(township.pk, name, "township", since=start - timedelta(days=400))
    own: dict[int, MediationCommittee] = {}
    for place in places:
        if place.headcount >= BIG_EMPLOYER and len(place.path) > len(paths.path_at_depth(place.path, 2)):
            own[place.employer_id] = b.committee(
                place.union_id,
                f"{place.name}劳动争议调解委员会",
                "employer",
                employer_id=place.employer_id,
                since=start - timedelta(days=200),
            )
    for industry in INDUSTRIES:
        b.committee(
            county.county.pk, f"{names.COUNTY}{industry}劳动争议调解委员会", "industry", industry=industry, since=start
        )

    def committee_for(place: Place) -> MediationCommittee:
        return (
            own.get(place.employer_id)
            or committees_of.get(paths.path_at_depth(place.path, 2))
            or next(iter(committees_of.values()))
        )

    # Warnings recorded by people, over two years.
    signals = (
        [Signal.WAGE_ARREARS] * 5
        + [Signal.SOCIAL_INSURANCE_ARREARS] * 2
        + [Signal.LAYOFF, Signal.LAYOFF, Signal.SHUTDOWN, Signal.COLLECTIVE_INCIDENT, Signal.COLLECTIVE_INCIDENT]
    )
    for _ in range(ALERTS.get(ctx.size.name, 400)):
        place = rng.choice(places)
        observed = start + timedelta(days=rng.randint(0, 729))
        signal = rng.choice(signals)
        workforce = max(place.headcount, 5)
        measures: dict[str, Any] = {"workforce": workforce}
        if signal in (Signal.WAGE_ARREARS, Signal.SOCIAL_INSURANCE_ARREARS):
            workers = max(1, min(workforce, int(rng.lognormvariate(2.3, 0.9))))
            months = rng.choice((1, 1, 2, 2, 3, 4, 6))
            measures |= {
                "workers": workers,
                "months": months,
                "amount": Decimal(workers * months * rng.randrange(2500, 6000, 100)),
            }
        elif signal == Signal.LAYOFF:
            measures["workers"] = max(1, min(workforce - 1, int(workforce * rng.choice((0.05, 0.08, 0.1, 0.15, 0.3)))))
        elif signal == Signal.SHUTDOWN:
            measures["workers"] = workforce
        else:
            measures |= {"workers": rng.randint(3, 60), "incident": rng.choice(list(Alert.Incident.values))}
        b.alert(place, observed, signal, **measures)

    # The dispatch signals the periodic job raises from the member registry, once per employer.
    counts = members.workforce_by_employer(SYSTEM)
    counts = _over_quota_hosts(ctx, counts)
    by_id = {place.employer_id: place for place in places}
    raised = 0
    for employer_id, (workers, dispatched) in sorted(counts.items()):
        host = by_id.get(employer_id)
        if host is not None and rules.dispatch_over_quota(dispatched, workers):
            observed = today - timedelta(days=rng.randint(0, 200))
            b.alert(
                host, observed, Signal.DISPATCH_OVER_QUOTA, workforce=workers, dispatched=dispatched, automatic=True
            )
            raised += 1
    month = today.replace(day=1)
    for employer_id, (workers, dispatched) in counts.items():
        b.writer.add(
            WorkforceCount, WorkforceCount(employer_id=employer_id, month=month, workers=workers, dispatched=dispatched)
        )

    # Disputes: ~300 over two years, one collective case of 26 workers.
    total = DISPUTES.get(ctx.size.name, 300)
    for i in range(total):
        place = rng.choice(places)
        applied = start + timedelta(days=int((729 * i) / total) + rng.randint(0, 3))
        if i >= total - 5:  # a few just received or in mediation
            applied = today - timedelta(days=rng.randint(0, 10))
        applied = min(applied, today)
        workers = (
            26 if i == total // 2 else (rng.randint(10, 18) if rng.random() < 0.04 else rng.choice((1, 1, 1, 2, 3)))
        )
        b.dispute(place, committee_for(place), applied, workers=workers)

    for row in b.timeline:
        b.writer.add(type(row), row)
    b.writer.flush()
    ctx.write(
        f"    {ALERTS.get(ctx.size.name, 400) + raised} warnings ({raised} raised automatically), "
        f"{total} disputes, {len(committees_of) + len(own) + len(INDUSTRIES)} committees"
    )
