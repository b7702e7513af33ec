"""Demo step: several years of founding history and one survey campaign under way (system code).

* Every employer that got its own union or joint coverage since 2021 has a founding case that
  went the whole way (opened, preparing, founded or covered), with its timeline at the dates it
  happened.
* Some larger employers without a union are being prepared (筹建), a few past their deadline.
* The county's campaign opened about six weeks ago; each township has visited part of its
  employers. Employers found without a union entered the pipeline; a few have since founded a
  union or joined a joint union, and a few visits found something the register does not say.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.dates import Calendar
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.core.workflow.history import Step, at, backdated_history
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.organisations.models import (
    COMMITTEE_THRESHOLD,
    CommitteeMember,
    Employer,
    FoundingCase,
    Survey,
    SurveyAssignment,
    SurveyVisit,
    UnionProfile,
)
from gonghui.organisations.services import POSITION_ORDER

HISTORY_SINCE = date(2021, 1, 1)
PREPARING_STEPS = (
    "1. 走访企业负责人，宣传《工会法》；\n2. 摸清职工人数，发展会员；\n3. 成立筹备组，推荐委员候选人；\n"
    "4. 报上级工会批复，召开会员大会。"
)
VISIT_NOTES = (
    "",
    "",
    "",
    "企业负责人支持建会",
    "负责人不在，已留资料",
    "职工多为季节工",
    "已发放建会宣传材料",
    "企业正在扩产，用工增加",
    "建议纳入联合基层工会",
)


class History:
    """Founding cases and their back-dated workflow history, written by one bulk writer."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.writer = BulkWriter()
        self.cases: list[FoundingCase] = []
        self.staff: dict[int, User] = {
            u.union_id: u
            # unscoped: the demo county is built in a system scope, for every union
            for u in User.unscoped.filter(role=Role.UNION_STAFF).order_by("-username")
        }

    def add(self, case: FoundingCase, steps: list[tuple[date, str, str]]) -> FoundingCase:
        """``steps``: (day, transition, note) in order, the first the start; by the union's staff."""
        self.writer.add(FoundingCase, case)
        actor = self.staff.get(case.union_id)
        history = backdated_history(
            case,
            [Step(day, transition, note, actor_id=actor.pk if actor else None) for day, transition, note in steps],
            today=self.ctx.today,
        )
        self.writer.add_all(TimelineEntry, history.entries, with_id=False)
        if history.deadline is not None:
            self.writer.add(Deadline, history.deadline, with_id=False)
        self.cases.append(case)
        return case

    def save(self) -> None:
        self.writer.flush()


def _federation_of(union: Union, by_path: dict[str, Union]) -> Union:
    """The federation directly above a grassroots or joint union."""
    return by_path.get(paths.parent_path(union.path)) or union


def _preparing(ctx: DemoContext, case: FoundingCase, since: date) -> None:
    case.organizer_name = names.person_name(ctx.rng)
    case.organizer_phone = names.mobile(ctx.rng)
    case.steps = PREPARING_STEPS
    case.preparing_since = since
    case.target_date = since + timedelta(days=ctx.rng.choice((60, 90, 120, 150)))


@demo_step(45, "founding history and survey campaign")
def build_founding(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    tree = ctx.county
    county: Union = tree.county
    federations = [county, *tree.townships, *tree.sectors]
    calendar = Calendar()
    by_path = {u.path: u for u in federations}
    history = History(ctx)
    # unscoped: the demo county is built in a system scope, for every union
    members = dict(UnionProfile.unscoped.values_list("union_id", "member_count"))
    # unscoped: the demo county is built in a system scope, for every union
    employers = list(Employer.unscoped.select_related("own_union", "joint_union", "union"))

    # 1. The way each recently organised employer came: its own union, or a joint union.
    for employer in employers:
        if employer.founded_on is None or employer.founded_on < HISTORY_SINCE or employer.founded_on > today:
            continue
        covering = employer.own_union or employer.joint_union
        if covering is None:
            continue
        done = employer.founded_on
        opened = done - timedelta(days=rng.randint(70, 260))
        case = FoundingCase(
            union=_federation_of(covering, by_path),
            employer=employer,
            source=FoundingCase.Source.REGISTER,
            created_at=at(opened, 10),
        )
        steps = [(opened, "start", "")]
        if employer.own_union is not None:
            since = opened + timedelta(days=rng.randint(5, 40))
            _preparing(ctx, case, since)
            case.founding_meeting_on = done
            case.members_enrolled = members.get(employer.own_union.pk) or max(1, employer.headcount * 4 // 5)
            case.founded_union = employer.own_union
            steps.append((since, "start_preparing", ""))
            steps.append((done, "found", "召开会员大会，选举产生工会委员会"))
        else:
            case.joint_union = employer.joint_union
            steps.append((done, "cover_by_joint", "职工人数少，就近加入联合基层工会"))
        history.add(case, steps)

    # 2. Larger employers without a union, being prepared before the campaign (some late).
    unorganised = [
        e for e in employers if e.union_status == Employer.UnionStatus.NONE and e.status == Employer.Status.OPERATING
    ]
    larger = sorted((e for e in unorganised if e.headcount >= COMMITTEE_THRESHOLD), key=lambda e: -e.headcount)
    in_pipeline: set[int] = set()
    for employer in larger[: max(3, len(larger) // 6)]:
        opened = today - timedelta(days=rng.randint(60, 420))
        since = opened + timedelta(days=rng.randint(3, 30))
        case = FoundingCase(
            union=employer.union, employer=employer, source=FoundingCase.Source.REGISTER, created_at=at(opened, 10)
        )
        _preparing(ctx, case, since)
        history.add(case, [(opened, "start", ""), (since, "start_preparing", "")])
        in_pipeline.add(employer.pk)

    # 3. The campaign under way: opened six weeks ago, every township assigned.
    starts = today - timedelta(days=43)
    # unscoped: the demo county is built in a system scope, for every union
    survey = Survey.unscoped.create(
        union=county,
        name=f"{starts.year}年度全县单位建会情况普查",
        starts_on=starts,
        ends_on=today + timedelta(days=37),
        notes="逐户走访辖区内全部在营单位，核实职工人数和建会情况；未建会单位纳入组建工作台账。",
        # unscoped: the demo county is built in a system scope, for every union
        opened_by=User.unscoped.filter(role=Role.COUNTY_ADMIN, union=county).order_by("username").first(),
    )
    townships: list[Union] = tree.townships
    operating = [e for e in employers if e.status == Employer.Status.OPERATING]
    visits: list[SurveyVisit] = []
    found_none: list[tuple[Employer, SurveyVisit]] = []
    headcount_changes: list[Employer] = []
    assignments = []
    for township in townships:
        mine = [e for e in operating if e.union.path.startswith(township.path)]
        assignments.append(SurveyAssignment(survey=survey, union=township, target=len(mine)))
    history.writer.add_all(SurveyAssignment, assignments)
    for i, (township, assignment) in enumerate(zip(townships, assignments, strict=True)):
        mine = [e for e in operating if e.union.path.startswith(township.path)]
        share = max(0.12, 0.9 - 0.06 * i + rng.uniform(-0.1, 0.1))
        staff = history.staff.get(township.pk)
        visitors = f"{staff.full_name}、{names.person_name(rng)}" if staff else names.person_name(rng)
        for employer in rng.sample(mine, k=int(len(mine) * min(share, 0.95))):
            found = employer.union_status
            if rng.random() < 0.025:
                # The register is behind: a union or joint coverage it does not know of, or none left.
                found = rng.choice([s for s in Employer.UnionStatus.values if s != employer.union_status])
            headcount = employer.headcount
            if rng.random() < 0.15:
                headcount = max(1, headcount + rng.randint(-headcount // 5 - 1, headcount // 5 + 2))
            visit = SurveyVisit(
                assignment=assignment,
                union=township,
                employer=employer,
                visited_on=calendar.on_or_before(starts + timedelta(days=rng.randint(0, 42))),
                visitors=visitors,
                headcount_found=headcount,
                union_status_found=found,
                notes=rng.choice(VISIT_NOTES),
                recorded_by=staff,
            )
            visits.append(visit)
            if headcount != employer.headcount:
                employer.headcount = headcount
                employer.women = min(employer.women, headcount)
                employer.migrant_workers = min(employer.migrant_workers, headcount)
                employer.dispatched_workers = min(employer.dispatched_workers, headcount)
                headcount_changes.append(employer)
            if (
                found == Employer.UnionStatus.NONE
                and employer.union_status == Employer.UnionStatus.NONE
                and employer.pk not in in_pipeline
            ):
                found_none.append((employer, visit))
    history.writer.add_all(SurveyVisit, visits)
    history.writer.flush()
    for employer in headcount_changes:
        employer.save(update_fields=["headcount", "women", "migrant_workers", "dispatched_workers"])

    # 4. What the visits started: most wait for a decision, some are being prepared, a few are done.
    joint_by_township: dict[str, list[Union]] = {}
    for joint in tree.joint:
        joint_by_township.setdefault(paths.township_path(joint.path), []).append(joint)
    founded = joint_covered = preparing = 0
    for employer, visit in found_none:
        case = FoundingCase(
            union=employer.union,
            employer=employer,
            source=FoundingCase.Source.SURVEY,
            survey_visit=visit,
            created_at=at(visit.visited_on, 16),
        )
        steps = [(visit.visited_on, "start", "")]
        roll = rng.random()
        since = min(visit.visited_on + timedelta(days=rng.randint(2, 12)), today)
        joints = joint_by_township.get(paths.township_path(employer.union.path), [])
        if employer.headcount < COMMITTEE_THRESHOLD and joints and roll < 0.05:
            joint = rng.choice(joints)
            case.joint_union = joint
            steps.append((since, "cover_by_joint", "就近加入联合基层工会"))
            employer.union_status, employer.joint_union, employer.union, employer.founded_on = (
                Employer.UnionStatus.JOINT,
                joint,
                joint,
                since,
            )
            employer.save(update_fields=["union_status", "joint_union", "union", "founded_on"])
            joint_covered += 1
        elif employer.headcount >= COMMITTEE_THRESHOLD and roll < 0.35:
            _preparing(ctx, case, since)
            steps.append((since, "start_preparing", ""))
            preparing += 1
            if roll < 0.08 and since + timedelta(days=14) < today:
                meeting = calendar.on_or_before(min(since + timedelta(days=rng.randint(14, 30)), today))
                union = _found_union(ctx, employer, meeting)
                case.founding_meeting_on = meeting
                case.members_enrolled = max(1, employer.headcount * 4 // 5)
                case.founded_union = union
                steps.append((meeting, "found", "召开会员大会，选举产生工会委员会"))
                founded += 1
                preparing -= 1
        history.add(case, steps)
    history.save()
    ctx.write(
        f"    {len(history.cases)} founding cases; campaign “{survey.name}”: {len(assignments)} townships, "
        f"{len(visits)} visits, {len(found_none)} employers found without a union "
        f"({preparing} preparing, {founded} founded, {joint_covered} covered by a joint union since)"
    )


def _found_union(ctx: DemoContext, employer: Employer, meeting: date) -> Union:
    """A grassroots union founded during the campaign: the tree node, its profile and committee."""
    township = employer.union
    township.refresh_from_db()
    union = Union.objects.add_child(
        township, instance=Union(name=f"{employer.name}工会委员会", kind=Union.Kind.GRASSROOTS, founding_date=meeting)
    )
    count = max(1, employer.headcount * 4 // 5)
    # unscoped: the demo county is built in a system scope, for every union
    UnionProfile.unscoped.create(
        union=union,
        union_type=UnionProfile.Type.INDEPENDENT,
        member_count=count,
        term_years=5,
        elected_on=meeting,
    )
    seats: list[dict[str, Any]] = [{"position": CommitteeMember.Position.CHAIR, "phone": names.mobile(ctx.rng)}]
    seats += [{"position": CommitteeMember.Position.VICE_CHAIR}]
    seats += [{"position": CommitteeMember.Position.MEMBER} for _ in range(3)]
    # unscoped: the demo county is built in a system scope, for every union
    CommitteeMember.unscoped.bulk_create(
        CommitteeMember(
            union=union,
            body=CommitteeMember.Body.COMMITTEE,
            name=names.person_name(ctx.rng),
            position_order=POSITION_ORDER[CommitteeMember.Position(seat["position"])],
            **seat,
        )
        for seat in seats
    )
    employer.union_status, employer.own_union, employer.union, employer.founded_on = (
        Employer.UnionStatus.OWN,
        union,
        union,
        meeting,
    )
    employer.save(update_fields=["union_status", "own_union", "union", "founded_on"])
    return union
