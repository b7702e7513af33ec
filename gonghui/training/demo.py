"""Skills training's step of the demo county: 40 courses over two years, their trainees, attendance,
completions and certificates; the demo worker enrolled on a course open to them.

Courses are organised by the county federation, the townships and the sector federations; each
takes workers of its own subtree. A course's state follows its days (finished in the past, running
today, open or planned ahead; a few cancelled). Completion is decided by the module's rule
(``rules.completes``) from the attendance written here, and completers of finished courses get the
core's certificate through its service. Rows go through the core bulk writer, back-dated.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.certificates.services import certificate_issue
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.tree.models import Union
from gonghui.core.workflow.history import at
from gonghui.members import selectors as members
from gonghui.training import rules
from gonghui.training.models import Attendance, Course, Enrolment
from gonghui.training.services import CERTIFICATE_TITLE, certificate_detail, enrolment_self_enrol

COURSES = 40
DAYS_BACK = 700
Category = Course.Category
# (category, title, provider, hours per day, sessions)
OFFERS = (
    (Category.ELECTRICIAN, "低压电工作业培训班", "县职业技能培训中心", 8, 6),
    (Category.WELDER, "焊工技能提升培训班", "县技工学校", 8, 8),
    (Category.CHILDCARE, "育婴师培训班", "县妇幼保健院培训部", 6, 5),
    (Category.ELDERCARE, "养老护理员培训班", "县社会福利中心", 6, 6),
    (Category.HOUSEKEEPING, "家政服务员培训班", "县家政服务协会", 6, 4),
    (Category.COOKING, "中式烹调师培训班", "县烹饪职业学校", 8, 6),
    (Category.ECOMMERCE, "农村电商直播培训班", "县电子商务服务中心", 6, 5),
    (Category.FORKLIFT, "叉车司机培训班", "县特种设备培训站", 8, 4),
    (Category.COMPUTING, "办公软件应用培训班", "县职业技能培训中心", 4, 5),
    (Category.OTHER, "电动车维修培训班", "县技工学校", 6, 4),
)
PLACES = ("县职工服务中心", "镇文化站", "县技工学校实训楼", "镇职工之家", "县工人文化宫")
PRESENT_SHARE = 0.9  # chance a trainee is present at a session
PASS_SHARE = 0.9
CANCELLED_SHARE = 0.05


def _county_admin(ctx: DemoContext) -> User:
    # unscoped: the demo reads as the county administrator its accounts step created
    return User.unscoped.filter(role=Role.COUNTY_ADMIN, union=ctx.county.county).order_by("id")[:1].get()


def _state(starts: date, ends: date, today: date, cancelled: bool) -> str:
    if cancelled:
        return Course.State.CANCELLED
    if ends < today:
        return Course.State.FINISHED
    if starts <= today:
        return Course.State.RUNNING
    return Course.State.OPEN if (starts - today).days <= 45 else Course.State.PLANNED


class TrainingBuilder:
    def __init__(self, ctx: DemoContext, admin: User) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.admin = admin
        self.writer = BulkWriter()
        self.courses: list[Course] = []
        self.enrolments: list[Enrolment] = []
        self.attendance = 0
        self.certificates = 0

    def organisers(self) -> list[Union]:
        county = self.ctx.county
        federations = [*county.townships, *county.sectors]
        return [county.county] * 4 + federations

    def course(self, index: int, union: Union, starts: date) -> Course:
        rng = self.rng
        category, title, provider, per_day, sessions = OFFERS[index % len(OFFERS)]
        ends = starts + timedelta(days=sessions - 1)
        subsidised = rng.random() < 0.6
        course = Course(
            pk=self.writer.ids.next(Course),
            union_id=union.pk,
            title=f"{starts:%Y}年{title}（第{index // len(OFFERS) + 1}期）",
            provider=provider,
            category=category,
            starts_on=starts,
            ends_on=ends,
            hours=per_day * sessions,
            sessions=sessions,
            place=rng.choice(PLACES),
            capacity=rng.choice((20, 30, 40, 50)),
            funding=Course.Funding.SUBSIDISED if subsidised else Course.Funding.FREE,
            subsidy=Decimal(rng.choice((300, 500, 800, 1200))) if subsidised else Decimal("0"),
            attendance_threshold=rng.choice((80, 80, 80, 90)),
            assessment_required=rng.random() < 0.8,
            state=_state(starts, ends, self.today, rng.random() < CANCELLED_SHARE),
            created_at=at(starts - timedelta(days=40)),
            updated_at=at(min(ends, self.today)),
        )
        course.union = union
        self.courses.append(course)
        return course

    def trainees(self, course: Course) -> None:
        if course.state in (Course.State.PLANNED, Course.State.CANCELLED):
            return
        rng = self.rng
        wanted = round(course.capacity * rng.uniform(0.55, 1.0))
        if course.state == Course.State.OPEN:
            wanted = round(wanted * rng.uniform(0.3, 0.7))
        offset = rng.randint(0, 300)
        workers = list(
            members.workers_for_user(self.admin, union=str(course.union_id)).values("id")[offset : offset + wanted]
        ) or list(members.workers_for_user(self.admin, union=str(course.union_id)).values("id")[:wanted])
        finished = course.state == Course.State.FINISHED
        held = course.sessions if finished else max(0, min(course.sessions, (self.today - course.starts_on).days + 1))
        for row in workers:
            enrolled_on = course.starts_on - timedelta(days=rng.randint(3, 40))
            withdrawn = rng.random() < 0.04
            enrolment = Enrolment(
                pk=self.writer.ids.next(Enrolment),
                union_id=course.union_id,
                course_id=course.pk,
                worker_id=row["id"],
                enrolled_on=enrolled_on,
                source=Enrolment.Source.SELF if rng.random() < 0.3 else Enrolment.Source.STAFF,
                state=Enrolment.State.WITHDRAWN if withdrawn else Enrolment.State.ENROLLED,
                withdrawn_on=enrolled_on + timedelta(days=2) if withdrawn else None,
                created_at=at(enrolled_on),
                updated_at=at(min(course.ends_on, self.today)),
            )
            enrolment.course = course
            self.enrolments.append(enrolment)
            if withdrawn or held == 0:
                continue
            present = 0
            for session in range(1, held + 1):
                is_present = rng.random() < PRESENT_SHARE
                present += is_present
                day = course.starts_on + timedelta(days=session - 1)
                self.writer.add(
                    Attendance,
                    Attendance(
                        union_id=course.union_id,
                        enrolment_id=enrolment.pk,
                        session=session,
                        present=is_present,
                        created_at=at(day),
                        updated_at=at(day),
                    ),
                    with_id=False,
                )
                self.attendance += 1
            enrolment.attended = present
            if finished:
                enrolment.assessment_passed = rng.random() < PASS_SHARE
                done = rules.completes(
                    attended=present,
                    sessions=course.sessions,
                    threshold=course.attendance_threshold,
                    assessment_required=course.assessment_required,
                    passed=enrolment.assessment_passed,
                )
                enrolment.state = Enrolment.State.COMPLETED if done else Enrolment.State.NOT_COMPLETED
                enrolment.completed_on = course.ends_on if done else None

    def certify(self, names: dict[int, str]) -> None:
        """Completers of finished courses get the core's certificate (its service: number, audit row)."""
        for enrolment in self.enrolments:
            if enrolment.state != Enrolment.State.COMPLETED:
                continue
            certificate = certificate_issue(
                actor=None,
                union=enrolment.course.union,
                holder_name=names[enrolment.worker_id],
                title=CERTIFICATE_TITLE,
                detail=certificate_detail(enrolment),
                issued_on=enrolment.completed_on,
                source=enrolment,
            )
            enrolment.certificate_id = certificate.pk
            self.certificates += 1

    def write(self) -> None:
        self.writer.add_all(Course, self.courses)
        self.writer.add_all(Enrolment, self.enrolments)
        self.writer.flush()


@demo_step(92, "skills training")
def build_training(ctx: DemoContext) -> None:
    admin = _county_admin(ctx)
    b = TrainingBuilder(ctx, admin)
    organisers = b.organisers()
    count = COURSES if ctx.size.name != "small" else COURSES // 2
    # Spread over two years back and two months ahead; the last three ahead (open or planned).
    for index in range(count):
        if index >= count - 3:
            starts = ctx.today + timedelta(days=ctx.rng.randint(7, 75))
        else:
            starts = ctx.today - timedelta(days=round(DAYS_BACK * (count - 3 - index) / (count - 3)))
        union = organisers[index % len(organisers)] if index < count - 1 else ctx.county.county
        course = b.course(index, union, starts)
        if index == count - 1:  # the county's course open to every worker (the demo worker enrols on it)
            course.state = Course.State.OPEN
            course.starts_on = ctx.today + timedelta(days=14)
            course.ends_on = course.starts_on + timedelta(days=course.sessions - 1)
        b.trainees(course)
    ids = {e.worker_id for e in b.enrolments}
    names = dict(members.workers_for_user(admin).filter(pk__in=ids).values_list("id", "name"))
    b.certify(names)
    b.write()
    demo = ""
    # unscoped: the demo worker's account, made by the accounts step
    account = User.unscoped.filter(username="demo_worker").first()
    worker = members.worker_for_account(account) if account is not None else None
    if worker is not None:
        open_course = b.courses[-1]
        if not any(e.worker_id == worker.pk and e.course_id == open_course.pk for e in b.enrolments):
            enrolment_self_enrol(actor=account, course=open_course)
        demo = f"; demo_worker enrolled on {open_course.title}"
    states = Counter(e.state for e in b.enrolments)
    course_states = ", ".join(f"{s} {n}" for s, n in sorted(Counter(c.state for c in b.courses).items()))
    ctx.write(
        f"    {len(b.courses)} training courses ({course_states}); "
        f"{len(b.enrolments)} trainees ({', '.join(f'{s} {n}' for s, n in sorted(states.items()))}), "
        f"{b.attendance} attendance marks, {b.certificates} certificates{demo}"
    )
