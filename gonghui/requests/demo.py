"""Demo step: two years of worker requests in every state, some late and escalated.

System code writing in bulk (no services, no audit rows: the demo is system data), leaving the
rows as the services and the workflow would have:

* **About 2,000 requests** at county size (scaled by the grassroots unions elsewhere) received
  over the past two years through the public form, the 12351 hotline and visits, in the seven
  categories, routed as ``services.route`` routes them (the employer's own or joint union, else
  its township); one in eight names an employer the register does not hold, sent to a township.
* Each has the history the workflow would have written (``core.workflow.history``): assigned the
  day it arrived or the next, the worker called back, answered (most in time, about one in eight
  late), rated by the worker or closed by staff when they did not rate; the last days' requests
  are still open; about one in twenty-five of the older ones was never answered: overdue, and
  escalated to the township and the county exactly as the hourly check would have.
* A few were handed to another township (the successor is a request of its own) and some became
  the mediation cases of the rights step (the same employer, a few days before the application),
  linked both ways.
* The demo worker (``demo_worker``), when the registry links them, has two requests from their
  pages: one answered and waiting for their rating, one being handled.

Speed: rows built in memory and written by the core bulk writer; three reads (employers,
accounts, mediation cases).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.calendar import statutory
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.names import mobile, person_name
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree import paths as tree_paths
from gonghui.core.workflow.history import Step, at, backdated_escalations, backdated_history
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations
from gonghui.requests import rules
from gonghui.requests.models import Request
from gonghui.requests.workflows import HANDLING_ROLES, RequestState
from gonghui.rights import selectors as rights

REQUESTS_AT_COUNTY = 2000
COUNTY_GRASSROOTS = 670
DAYS_BACK = 730
TYPED_SHARE = 0.12
NEVER_ANSWERED_SHARE = 0.04
LATE_SHARE = 0.12
UNRATED_SHARE = 0.3
TRANSFER_SHARE = 0.02
CONVERTED_AT_MOST = 40
CHANNELS = [(Request.Channel.ONLINE, 45), (Request.Channel.HOTLINE, 35), (Request.Channel.VISIT, 20)]
CATEGORIES = [
    (Request.Category.WAGES, 30),
    (Request.Category.CONTRACTS, 16),
    (Request.Category.SOCIAL_INSURANCE, 18),
    (Request.Category.INJURY, 10),
    (Request.Category.HARDSHIP, 10),
    (Request.Category.WOMEN, 6),
    (Request.Category.OTHER, 10),
]
ACCOUNTS: dict[str, list[str]] = {
    Request.Category.WAGES: [
        "已经三个月没有发工资，老板一直拖着。",
        "加班费一直没有算，找人事也没有回音。",
        "工资被无故扣了一部分。",
    ],
    Request.Category.CONTRACTS: [
        "入职半年了还没有签劳动合同。",
        "公司要求我们改签劳务派遣合同。",
        "合同到期公司不续签也不给补偿。",
    ],
    Request.Category.SOCIAL_INSURANCE: ["公司没有给我们交社保。", "社保只按最低基数交。", "离职后公司不给转社保关系。"],
    Request.Category.INJURY: ["在车间受伤，公司不给报工伤。", "工伤认定下来了，公司不支付停工留薪期工资。"],
    Request.Category.HARDSHIP: ["家里老人重病，孩子上学，生活很困难。", "爱人下岗，一家人靠我一个人的工资。"],
    Request.Category.WOMEN: ["怀孕后公司要我调岗降薪。", "产假回来岗位被取消了。"],
    Request.Category.OTHER: ["宿舍条件太差，夏天没有风扇。", "食堂饭菜质量问题反映多次无人管。"],
}
REPLIES = [
    "已与单位沟通，单位承诺本月底前补发，工会将跟踪落实。",
    "已约谈单位负责人，单位已按规定整改，请留意后续情况。",
    "已告知相关政策并协助准备材料，建议向劳动保障监察部门投诉，工会将提供法律援助。",
    "已联系您所在单位工会，共同协调解决，结果已电话告知。",
]
TYPED_EMPLOYERS = ["某建筑工地", "城东一家餐馆", "镇上的服装加工点", "物流园一家快递站", "街边美容店"]
COMMENTS = ["", "", "", "处理很及时，谢谢工会。", "问题解决了。", "希望以后多跟进。"]


def _county_admin(ctx: DemoContext) -> User:
    # unscoped: the demo reads as the county administrator its accounts step created
    return User.unscoped.filter(role=Role.COUNTY_ADMIN, union=ctx.county.county).order_by("id")[:1].get()


class RequestBuilder:
    def __init__(self, ctx: DemoContext, admin: User) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.writer = BulkWriter()
        county = ctx.county
        self.unions = {
            u.pk: u for u in [county.county, *county.townships, *county.sectors, *county.grassroots, *county.joint]
        }
        self.by_path = {u.path: u for u in self.unions.values()}
        self.townships = list(county.townships) or [county.county]
        # unscoped: the demo's accounts who handle requests, by union (system data)
        rows = User.unscoped.filter(role__in=HANDLING_ROLES, is_active=True).values_list("id", "union_id")
        self.handlers: dict[int, list[int]] = {}
        for user_id, union_id in rows:
            self.handlers.setdefault(union_id, []).append(user_id)
        self.codes: set[str] = set()
        self.requests: list[Request] = []
        self.timeline: list[Any] = []
        self.escalated = 0
        self.admin = admin

    def parent_of(self, union_id: int) -> Any:
        return self.by_path.get(tree_paths.parent_path(self.unions[union_id].path))

    def code(self) -> str:
        while True:
            code = "".join(self.rng.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def route(self, employer: dict[str, Any]) -> int:
        covering = employer["own_union_id"] or employer["joint_union_id"]
        if covering in self.unions:
            return int(covering)
        township = self.by_path.get(tree_paths.township_path(employer["union__path"]))
        return township.pk if township is not None else int(employer["union_id"])

    def handler(self, union_id: int) -> int | None:
        for candidate in (union_id, getattr(self.parent_of(union_id), "pk", None)):
            people = self.handlers.get(candidate or 0)
            if people:
                return self.rng.choice(people)
        return None

    def new(
        self,
        *,
        union_id: int,
        received: date,
        category: str,
        channel: str,
        employer: dict[str, Any] | None,
        typed: str = "",
        worker: Any = None,
    ) -> Request:
        rng = self.rng
        request = Request(
            pk=self.writer.ids.next(Request),
            union_id=union_id,
            code=self.code(),
            channel=channel,
            category=category,
            employer_id=employer["id"] if employer else None,
            employer_name=employer["name"] if employer else typed,
            contact_name=worker.name if worker is not None else person_name(rng),
            contact_phone=mobile(rng),
            description=rng.choice(ACCOUNTS[category]),
            worker_id=worker.pk if worker is not None else None,
            received_on=received,
            first_contact_due=rules.first_contact_rule(category).due(received).date,
            answer_due=rules.answer_due(category, received),
            created_at=at(received, 9),
        )
        return request

    def finish(self, request: Request, steps: list[Step]) -> None:
        history = backdated_history(request, steps, today=self.today, rng=self.rng)
        self.escalated += bool(backdated_escalations(history, today=self.today, parent_of=self.parent_of))
        request.updated_at = history.entries[-1].at
        self.requests.append(request)
        self.timeline.extend(history.rows)

    def handle(self, request: Request, outcome: str) -> list[Step]:
        """The steps of one request as far as ``today`` lets them go; its columns as the effects set them."""
        rng, today = self.rng, self.today
        steps = [Step(request.received_on, "start")]
        assigned = statutory.next_working_day(request.received_on + timedelta(days=rng.randint(0, 1)))
        if assigned > today:
            return steps
        request.assigned_to_id = self.handler(request.union_id)
        steps.append(Step(assigned, "assign", actor_id=request.assigned_to_id))
        contacted = min(request.first_contact_due, assigned + timedelta(days=rng.randint(0, 2)))
        contacted = max(contacted, assigned)
        if contacted > today:
            return steps
        request.first_contact_on = contacted
        steps.append(Step(contacted, "contact", actor_id=request.assigned_to_id))
        if outcome == "never":
            return steps  # never answered: overdue once its period has run
        span = (request.answer_due - request.received_on).days
        if outcome == "late":
            answered = request.answer_due + timedelta(days=rng.randint(1, 20))
        else:
            answered = request.received_on + timedelta(days=rng.randint(1, max(1, span)))
        answered = max(answered, contacted)
        if answered > today:
            return steps
        request.reply = rng.choice(REPLIES)
        request.answered_on = answered
        steps.append(Step(answered, "answer", actor_id=request.assigned_to_id))
        rated = answered + timedelta(days=rng.randint(1, 10))
        if rated > today:
            return steps  # waiting for the worker's rating
        if rng.random() < UNRATED_SHARE:
            if (today - answered).days < 30:
                return steps
            steps.append(
                Step(
                    answered + timedelta(days=30),
                    "close",
                    note="职工未评价，回访后办结",
                    actor_id=request.assigned_to_id,
                )
            )
            return steps
        request.satisfaction = rng.choices(
            [Request.Satisfaction.SATISFIED, Request.Satisfaction.FAIRLY, Request.Satisfaction.DISSATISFIED],
            [70, 22, 8] if outcome != "late" else [40, 35, 25],
        )[0]
        request.satisfaction_comment = rng.choice(COMMENTS)
        request.rated_on = rated
        steps.append(Step(rated, "rate"))
        return steps

    def build(self, employers: list[dict[str, Any]], count: int) -> None:
        rng = self.rng
        categories = [c for c, _w in CATEGORIES]
        weights = [w for _c, w in CATEGORIES]
        channels = [c for c, _w in CHANNELS]
        channel_weights = [w for _c, w in CHANNELS]
        fresh = max(4, count // 50)  # the last days' requests: some not assigned yet
        for index in range(count):
            if index < fresh:
                received = self.today - timedelta(days=rng.randint(0, 2))
            else:
                received = self.today - timedelta(days=rng.randint(0, DAYS_BACK))
            category = rng.choices(categories, weights)[0]
            channel = rng.choices(channels, channel_weights)[0]
            if rng.random() < TYPED_SHARE or not employers:
                union_id = rng.choice(self.townships).pk
                request = self.new(
                    union_id=union_id,
                    received=received,
                    category=category,
                    channel=channel,
                    employer=None,
                    typed=rng.choice(TYPED_EMPLOYERS),
                )
            else:
                employer = rng.choice(employers)
                request = self.new(
                    union_id=self.route(employer),
                    received=received,
                    category=category,
                    channel=channel,
                    employer=employer,
                )
            old = (self.today - received).days > 60
            draw = rng.random()
            if old and draw < TRANSFER_SHARE and len(self.townships) > 1:
                self.transfer(request)
                continue
            outcome = (
                "never"
                if old and draw < TRANSFER_SHARE + NEVER_ANSWERED_SHARE
                else ("late" if rng.random() < LATE_SHARE else "on_time")
            )
            if index < fresh // 2:
                self.finish(request, [Step(received, "start")])  # arrived, not assigned yet
                continue
            self.finish(request, self.handle(request, outcome))

    def transfer(self, request: Request) -> None:
        """Handed to another township a day or two after it arrived; the successor is answered there."""
        day = min(self.today, request.received_on + timedelta(days=self.rng.randint(1, 2)))
        others = [t for t in self.townships if t.pk != request.union_id]
        target = self.rng.choice(others)
        successor = self.new(
            union_id=target.pk,
            received=day,
            category=request.category,
            channel=request.channel,
            employer=None,
            typed=request.employer_name,
        )
        successor.employer_id = request.employer_id
        successor.contact_name, successor.contact_phone = request.contact_name, request.contact_phone
        successor.description = request.description
        request.transferred_to_id = successor.pk
        self.finish(
            request, [Step(request.received_on, "start"), Step(day, "transfer", note="用人单位在外镇，转交属地工会")]
        )
        self.finish(successor, self.handle(successor, "on_time"))

    def convert(self, disputes: list[Any], employers: dict[int, dict[str, Any]]) -> int:
        """The mediation cases that began as a request: received a few days before the application."""
        made = 0
        for dispute in disputes[:CONVERTED_AT_MOST]:
            employer = employers.get(dispute["employer_id"])
            if employer is None:
                continue
            received = dispute["applied_on"] - timedelta(days=self.rng.randint(1, 4))
            request = self.new(
                union_id=dispute["union_id"],
                received=received,
                category=Request.Category.WAGES,
                channel=Request.Channel.HOTLINE,
                employer=employer,
            )
            request.dispute_id = dispute["id"]
            request.description = dispute["summary"] or request.description
            self.finish(request, [Step(received, "start"), Step(dispute["applied_on"], "to_mediation")])
            made += 1
        return made

    def demo_worker(self, worker: Any, employers: dict[int, dict[str, Any]]) -> None:
        """The demo worker's two requests from their pages: one answered, one being handled."""
        employer = employers.get(worker.employer_id) if worker.employer_id else None
        union_id = self.route(employer) if employer else worker.union_id
        answered = self.new(
            union_id=union_id,
            received=self.today - timedelta(days=12),
            category=Request.Category.WAGES,
            channel=Request.Channel.PORTAL,
            employer=employer,
            typed="—",
            worker=worker,
        )
        steps = self.handle(answered, "on_time")
        if answered.satisfaction:  # keep it waiting for the worker's own rating
            answered.satisfaction, answered.satisfaction_comment, answered.rated_on = "", "", None
            steps = steps[:-1]
        self.finish(answered, steps)
        handling = self.new(
            union_id=union_id,
            received=self.today - timedelta(days=2),
            category=Request.Category.SOCIAL_INSURANCE,
            channel=Request.Channel.PORTAL,
            employer=employer,
            typed="—",
            worker=worker,
        )
        self.finish(handling, self.handle(handling, "never"))

    def write(self) -> None:
        self.writer.add_all(Request, self.requests)
        for row in self.timeline:
            self.writer.add(type(row), row, with_id=False)
        self.writer.flush()


@demo_step(95, "worker requests")
def build_requests(ctx: DemoContext) -> None:
    admin = _county_admin(ctx)
    count = (
        REQUESTS_AT_COUNTY
        if ctx.size.name == "county"
        else max(40, round(REQUESTS_AT_COUNTY * ctx.size.grassroots / COUNTY_GRASSROOTS))
    )
    employers = {
        row["id"]: dict(row)
        for row in organisations.employers_for_user(admin, status="operating").values(
            "id", "name", "union_id", "union__path", "own_union_id", "joint_union_id"
        )
        if tree_paths.depth_of(row["union__path"]) >= tree_paths.TOWNSHIP_DEPTH
    }
    b = RequestBuilder(ctx, admin)
    b.build(list(employers.values()), count)
    disputes = list(
        rights.disputes_for_user(admin)
        .filter(employer__isnull=False)
        .order_by("-applied_on", "id")
        .values("id", "union_id", "employer_id", "applied_on", "summary")[: CONVERTED_AT_MOST * 3]
    )
    converted = b.convert(disputes, employers)
    demo = ""
    # unscoped: the demo worker's account, made by the accounts step
    account = User.unscoped.filter(username="demo_worker").first()
    worker = members.worker_for_account(account) if account is not None else None
    if worker is not None:
        b.demo_worker(worker, employers)
        demo = "; demo_worker has 2"
    b.write()
    states = Counter(r.state for r in b.requests)
    overdue = sum(
        1
        for r in b.requests
        if rules.is_overdue(r, ctx.today, (RequestState.RECEIVED, RequestState.ASSIGNED, RequestState.CONTACTED))
    )
    ctx.write(
        f"    {len(b.requests)} worker requests ({', '.join(f'{s} {n}' for s, n in sorted(states.items()))}; "
        f"{overdue} overdue, {b.escalated} escalated, {converted} became mediation cases){demo}"
    )
