"""Demo step: the member registry — workers employer by employer, their memberships and history.

System code writing in bulk (no services, no audit rows: the demo is system data), following
the rules of docs/members.md exactly as an import must:

* Workers of an employer with its own union or covered by a joint union are mostly members
  of that union (about nine in ten), joined since the union's founding (or since the joint
  union took the employer in); a few came by transfer from another union of the county (both
  sides written, linked by ``transferred_from``, an event on each side) or from outside the
  county; a few had their membership kept (laid off, unemployed), some resumed; a few left or
  were removed; the rest never joined.
* Employers without a union have fewer workers on file (about two in five at county size),
  not members, some of them former members, or members whose membership is kept by the union
  of their former employer.
* ``Worker.union`` is the keeping union: the current membership's union, else the union
  keeping the employer. ``member_status`` follows the memberships. Card numbers are
  ``default_card_number(worker id, first joining)``: the bulk writer gives ids as rows are
  added, so cards and links are known before the insert.
* Dues and activity dates: almost every active member was seen within six months; a few
  hundred at county size were not (the 6-month follow-up list).
* Categories follow the employers: migrant workers (农民工) and dispatched workers (劳务派遣)
  in the shares the employer register gives, platform workers (新就业形态) in delivery and
  ride-hailing joint unions and courier businesses.

The province size writes about 1,000,000 workers (every unorganised employer's workers on file).

Speed: the rows are plain ``Row``s written by the core bulk writer (``core.demo.bulk``: SQLite
multi-row ``INSERT``, PostgreSQL ``COPY``; encryption, blind indexes, search columns and
``last_seen_on`` as the models and services compute them), in batches of about 2,000 workers;
no per-row query, no audit row. Measured on the 2-core machine (SQLite, shared and loaded):
about 53,000 workers (county size) in 16–22 s of wall time, as with the step's own writer before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from stdnum.cn import ric

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter, Row
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.reference.models import Division
from gonghui.core.tree.models import Union
from gonghui.members.models import Membership, MembershipEvent, Worker, follow_up_cutoff
from gonghui.members.services import default_card_number, member_add, member_counts_refresh
from gonghui.organisations.models import Employer

Status = Membership.Status
Reason = Membership.Reason
Kind = MembershipEvent.Kind
Category = Worker.Category
MemberStatus = Worker.MemberStatus

# Workers written per size when fixed (else: every covered employer's headcount, and a share of the rest).
WORKERS_BY_SIZE = {"province": 1_000_000}
# Share of an unorganised employer's workers on file (registered by the township's campaign).
UNORGANISED_ON_FILE = 0.4
BATCH = 2000
NATIVE_PLACES = ("安徽阜阳", "江西上饶", "河南信阳", "湖南邵阳", "四川南充", "贵州毕节", "浙江金华", "江苏徐州")
# ID numbers' sequence digits (positions 15–17) used by the demo: 500–999. Sheets made for tests
# and journeys (members/samples.py) can keep to 000–499 and never meet a demo worker by accident.
DEMO_SEQUENCES = 500

# Industries (GB/T 4754 divisions) where migrant workers are common: construction, manufacturing, logistics.
MIGRANT_INDUSTRIES = {"47", "48", "49", "50", "13", "14", "17", "18", "21", "22", "29", "30", "33", "34", "36"}
MIGRANT_INDUSTRIES |= {"54", "59", "60"}
# Joint unions of platform workers (delivery, couriers, ride-hailing), by name; courier businesses by industry.
PLATFORM_UNION_WORDS = ("快递", "网约车", "外卖", "物流")
PLATFORM_INDUSTRIES = {"60", "54"}
# Public institutions and organs (unit nature): staff with degrees, more party members.
PUBLIC_NATURES = {"20", "30"}

ETHNIC = (["01", "03", "11", "08", "06", "15", "02"], [955, 12, 9, 8, 6, 6, 4])
EDUCATION_PUBLIC = (["14", "21", "31", "41", "61"], [8, 55, 25, 7, 5])
EDUCATION_REGULAR = (["14", "21", "31", "41", "61", "71"], [1, 16, 26, 20, 22, 15])
EDUCATION_MIGRANT = (["31", "41", "61", "71", "81"], [4, 14, 24, 48, 10])
SKILLS = (["0", "5", "4", "3", "2", "1"], [55, 20, 14, 8, 2.5, 0.5])
POLITICAL_PUBLIC = (["01", "02", "03", "05", "07", "12", "13"], [38, 1, 12, 0.6, 0.4, 0.5, 47.5])
POLITICAL_OTHER = (["01", "02", "03", "12", "13"], [7, 0.4, 9, 0.1, 83.5])

AT_WORK, WAITING, UNEMPLOYED, RETIRED, SICK = "01", "02", "03", "04", "07"
REMOVAL_NOTES = ("经工会委员会讨论决定，开除会籍", "因被判处刑罚，经会员大会决定开除会籍")
# Of the former members still on an employer's file: removed (除名) rather than left.
EXPELLED_SHARE = 0.05


@dataclass
class MemberTotals:
    """What the member registry step left: workers on file, members (active and kept), by status."""

    workers: int
    members: int
    by_status: dict[str, int]


@dataclass
class Place:
    """Where a worker can be a member: a covered employer and its union, since when."""

    employer_id: int
    union_id: int
    since: date


class Registry:
    """Accumulates rows for the bulk writer (ids given on the spot: links and cards known beforehand)."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        # A worker is some three rows (worker, memberships, events): written ~2,000 workers at a time.
        self.writer = BulkWriter(batch=3 * BATCH)
        self.used_sequences: dict[tuple[date, int], int] = {}
        self.totals: dict[str, int] = {}
        self.follow_up_cutoff = follow_up_cutoff(ctx.today)

    def count(self, key: str, n: int = 1) -> None:
        self.totals[key] = self.totals.get(key, 0) + n

    def id_number(self, birth: date, male: bool) -> tuple[str, date]:
        """A valid, unique GB 11643 number of the demo county (sequence 500–999, its parity the sex)."""
        while True:
            key = (birth, 1 if male else 0)
            n = self.used_sequences.get(key, 0)
            if n < 250:
                self.used_sequences[key] = n + 1
                sequence = DEMO_SEQUENCES + 2 * n + (1 if male else 0)
                body = f"{names.COUNTY_DIVISION}{birth:%Y%m%d}{sequence:03d}"
                return body + ric.calc_check_digit(body + "0"), birth
            birth -= timedelta(days=1)

    def membership(
        self,
        worker: Row,
        *,
        union_id: int,
        employer_id: int | None,
        joined_on: date,
        status: str = Status.ACTIVE,
        ended_on: date | None = None,
        end_reason: str = "",
        transferred_from: Row | None = None,
        last_dues_on: date | None = None,
        last_activity_on: date | None = None,
    ) -> Row:
        membership = Row(
            worker_id=worker.id,
            union_id=union_id,
            employer_id=employer_id,
            status=status,
            joined_on=joined_on,
            ended_on=ended_on,
            end_reason=end_reason,
            transferred_from_id=transferred_from.id if transferred_from else None,
            last_dues_on=last_dues_on,
            last_activity_on=last_activity_on,
        )
        self.writer.add(Membership, membership)
        if not worker.card_number:
            worker.card_number = default_card_number(worker.id, joined_on)
        return membership

    def event(
        self,
        membership: Row,
        kind: str,
        on: date,
        *,
        reason: str = "",
        counterpart: int | None = None,
        note: str = "",
    ) -> None:
        self.writer.add(
            MembershipEvent,
            Row(
                membership_id=membership.id,
                worker_id=membership.worker_id,
                union_id=membership.union_id,
                kind=kind,
                on=on,
                reason=reason,
                counterpart_union_id=counterpart,
                note=note,
                recorded_by_id=None,
            ),
            with_id=False,
        )

    def flush(self, force: bool = False) -> None:
        """Write what waits (``force=False``: once enough waits); only between whole workers."""
        self.writer.flush(force=force)


class Generator:
    """Decides each worker's person, job and membership history."""

    def __init__(self, ctx: DemoContext, registry: Registry, places: list[Place]) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.registry = registry
        self.places = places
        self.cutoff = registry.follow_up_cutoff
        divisions = Division.objects.filter(code__startswith=names.COUNTY_DIVISION, level=Division.Level.TOWNSHIP)
        self.home_places = [f"{names.COUNTY}{name}" for name in divisions.values_list("name", flat=True)] or [
            f"{names.COUNTY}{township}" for township in names.TOWNSHIPS
        ]

    # --- dates --------------------------------------------------------------------------------

    def between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def birth_date(self, *, retired: bool, male: bool) -> date:
        rng, today = self.rng, self.today
        if retired:
            age = rng.randint(56, 60) if male else rng.randint(50, 60)
        else:
            # Most workers are 25–50; the spread runs 18 to 60.
            age = min(60, max(18, int(rng.triangular(18, 61, 33))))
        return today - timedelta(days=age * 365 + rng.randint(0, 364))

    @staticmethod
    def adult_on(birth: date) -> date:
        return date(birth.year + 18, birth.month, min(birth.day, 28))

    def dues(self, since: date) -> tuple[date | None, date | None]:
        """Dues paid within the last quarter (monthly payroll deduction), an activity now and then."""
        rng, today = self.rng, self.today
        dues = today - timedelta(days=rng.randint(0, 75))
        activity = today - timedelta(days=rng.randint(0, 400)) if rng.random() < 0.6 else None
        return (dues if dues >= since else None), (activity if activity and activity >= since else None)

    def stale(self, since: date) -> tuple[date | None, date | None]:
        """Nothing for more than six months: the follow-up list (中国工会章程 art. 5)."""
        last = self.between(since, self.cutoff - timedelta(days=1))
        return last, None

    # --- a worker -----------------------------------------------------------------------------

    def worker(self, employer: Mapping[str, Any], category: str, *, retired: bool = False) -> Row:
        rng, registry = self.rng, self.registry
        male = rng.random() < (0.58 if category in (Category.MIGRANT, Category.PLATFORM) else 0.52)
        birth = self.birth_date(retired=retired, male=male)
        id_number, birth = registry.id_number(birth, male)
        given = rng.choice(names.GIVEN) + (rng.choice(names.GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(names.SURNAMES) + given
        phone = f"1{rng.choice('35789')}{rng.randint(0, 999_999_999):09d}" if rng.random() < 0.93 else None
        public = employer["nature_id"] in PUBLIC_NATURES
        if category == Category.MIGRANT:
            education = EDUCATION_MIGRANT
        elif public:
            education = EDUCATION_PUBLIC
        else:
            education = EDUCATION_REGULAR
        age = self.today.year - birth.year
        political = rng.choices(*(POLITICAL_PUBLIC if public else POLITICAL_OTHER))[0]
        if political == "03" and age > 28:
            political = "13"
        household = "1" if category == Category.MIGRANT else rng.choices(["1", "2", "3"], [20, 35, 45])[0]
        worker = Row(
            union_id=employer["union_id"],
            name=name,
            id_number=id_number,
            sex=Worker.Sex.MALE if male else Worker.Sex.FEMALE,
            birth_date=birth,
            ethnic_group_id=rng.choices(*ETHNIC)[0],
            education_id=rng.choices(*education)[0],
            skill_level_id="0" if public else rng.choices(*SKILLS)[0],
            household_type_id=household,
            household_place=rng.choice(self.home_places),
            native_place=names.COUNTY,
            phone=phone,
            employer_id=employer["id"],
            employment_status_id=RETIRED if retired else AT_WORK,
            category=category,
            political_status_id=political,
            card_number=None,
            member_status=MemberStatus.NONE,
        )
        registry.writer.add(Worker, worker)
        if category == Category.MIGRANT:
            # 籍贯: a migrant worker's family comes from elsewhere, the others' from the county.
            worker.native_place = NATIVE_PLACES[worker.id % len(NATIVE_PLACES)]
        registry.count(f"category {category}")
        return worker

    def elsewhere(self, not_union: int, until: date) -> Place | None:
        """Another covered employer where the worker was a member before (organised before ``until``)."""
        for _ in range(4):
            place = self.rng.choice(self.places)
            if place.union_id != not_union and place.since < until:
                return place
        return None

    # --- histories ----------------------------------------------------------------------------

    def covered(self, employer: Mapping[str, Any], place: Place, category: str, member_share: float) -> None:
        """A worker of an employer with a union: member here, former member, or never joined."""
        rng, registry, today = self.rng, self.registry, self.today
        roll = rng.random()
        if roll >= member_share + 0.035:
            worker = self.worker(employer, category)
            if rng.random() < 0.12:
                self.former_elsewhere(worker)
            registry.count("non-members")
            return
        retired = member_share <= roll and rng.random() < 0.35
        worker = self.worker(employer, category, retired=retired)
        start = max(place.since, self.adult_on(worker.birth_date))
        if start > today:
            start = today
        # Founding members join on the founding day; the rest as they are hired.
        joined = start if rng.random() < 0.2 else self.between(start, today)
        how = rng.random()
        previous: Row | None = None
        if how < 0.05 and joined > start + timedelta(days=60):
            origin = self.elsewhere(place.union_id, joined - timedelta(days=60))
            if origin is not None and max(origin.since, self.adult_on(worker.birth_date)) < joined - timedelta(days=30):
                first = self.between(max(origin.since, self.adult_on(worker.birth_date)), joined - timedelta(days=1))
                dues: date | None = self.between(first, joined)
                previous = registry.membership(
                    worker,
                    union_id=origin.union_id,
                    employer_id=origin.employer_id,
                    joined_on=first,
                    status=Status.TRANSFERRED_OUT,
                    ended_on=joined,
                    end_reason=Reason.LABOUR_RELATION,
                    last_dues_on=dues,
                )
                registry.event(previous, Kind.JOIN, first)
                registry.event(
                    previous, Kind.TRANSFER_OUT, joined, reason=Reason.LABOUR_RELATION, counterpart=place.union_id
                )
                registry.count("transfers")
        dues, activity = self.dues(joined)
        membership = registry.membership(
            worker,
            union_id=place.union_id,
            employer_id=employer["id"],
            joined_on=joined,
            transferred_from=previous,
            last_dues_on=dues,
            last_activity_on=activity,
        )
        if previous is not None:
            registry.event(
                membership, Kind.TRANSFER_IN, joined, reason=Reason.LABOUR_RELATION, counterpart=previous.union_id
            )
        elif how > 0.99:
            registry.event(membership, Kind.TRANSFER_IN, joined, note="由县外工会转入")
            registry.count("transfers in from outside the county")
        else:
            registry.event(membership, Kind.JOIN, joined)
        worker.member_status = MemberStatus.ACTIVE

        if roll >= member_share:
            self.end_here(worker, membership, retired)
            return
        fate = rng.random()
        days_in = (today - joined).days
        if fate < 0.025 and days_in > 60:
            # Laid off or out of work: the membership is kept (保留会籍); a third are back at work since.
            kept_on = self.between(joined + timedelta(days=30), today)
            reason = rng.choice((Reason.LAID_OFF, Reason.LAID_OFF, Reason.UNEMPLOYED))
            registry.event(membership, Kind.KEEP, kept_on, reason=reason)
            membership.last_dues_on = min(membership.last_dues_on or joined, kept_on)
            membership.last_activity_on = None
            if fate < 0.008 and kept_on < today - timedelta(days=30):
                resumed = self.between(kept_on + timedelta(days=14), today)
                registry.event(membership, Kind.RESUME, resumed)
                membership.last_dues_on = resumed
                registry.count("kept and resumed")
            else:
                membership.status = Status.KEPT
                membership.end_reason = reason
                worker.member_status = MemberStatus.KEPT
                worker.employment_status_id = WAITING if reason == Reason.LAID_OFF else UNEMPLOYED
        elif fate < 0.037 and joined < self.cutoff - timedelta(days=30):
            membership.last_dues_on, membership.last_activity_on = self.stale(joined)
            registry.count("follow-up")
        elif fate < 0.04:
            worker.employment_status_id = SICK

    def end_here(self, worker: Row, membership: Row, retired: bool) -> None:
        """A former member still on the employer's file: retired, left at their own request, or removed."""
        rng = self.rng
        ended = self.between(min(membership.joined_on + timedelta(days=1), self.today), self.today)
        if retired:
            kind, status, reason, note = Kind.LEAVE, Status.LEFT, Reason.LABOUR_RELATION, "退休"
        elif rng.random() < EXPELLED_SHARE:
            kind, status, reason, note = Kind.REMOVAL, Status.REMOVED, Reason.EXPELLED, rng.choice(REMOVAL_NOTES)
        else:
            kind, status, reason, note = Kind.LEAVE, Status.LEFT, Reason.PERSONAL, ""
        membership.status, membership.ended_on, membership.end_reason = status, ended, reason
        membership.last_dues_on = min(membership.last_dues_on or membership.joined_on, ended)
        membership.last_activity_on = None
        self.registry.event(membership, kind, ended, reason=reason, note=note)
        worker.member_status = MemberStatus.FORMER
        self.registry.count(f"{status}")

    def former_elsewhere(self, worker: Row, *, kept: bool = False) -> None:
        """A membership at a former employer's union: ended when the job did, or kept (保留会籍)."""
        rng, registry, today = self.rng, self.registry, self.today
        adult = self.adult_on(worker.birth_date)
        origin = self.elsewhere(-1, today - timedelta(days=120))
        if origin is None or max(origin.since, adult) >= today - timedelta(days=120):
            return
        first = self.between(max(origin.since, adult), today - timedelta(days=120))
        ended = self.between(first + timedelta(days=30), today)
        reason = rng.choice((Reason.LABOUR_RELATION, Reason.UNEMPLOYED, Reason.BANKRUPTCY))
        if kept:
            reason = Reason.LABOUR_RELATION
        membership = registry.membership(
            worker,
            union_id=origin.union_id,
            employer_id=origin.employer_id,
            joined_on=first,
            status=Status.KEPT if kept else Status.LEFT,
            ended_on=None if kept else ended,
            end_reason=reason,
            last_dues_on=self.between(first, ended),
        )
        registry.event(membership, Kind.JOIN, first)
        registry.event(membership, Kind.KEEP if kept else Kind.LEAVE, ended, reason=reason)
        if kept:
            # The current membership keeps the worker at that union (docs/members.md).
            worker.member_status = MemberStatus.KEPT
            worker.union_id = origin.union_id
            registry.count("kept elsewhere")
        else:
            worker.member_status = MemberStatus.FORMER
            registry.count("former members elsewhere")

    def unorganised(self, employer: Mapping[str, Any], category: str) -> None:
        """A worker on file at an employer without a union: not a member here."""
        worker = self.worker(employer, category)
        if employer["status"] == Employer.Status.CLOSED:
            worker.employment_status_id = UNEMPLOYED
        roll = self.rng.random()
        if roll < 0.05:
            self.former_elsewhere(worker, kept=True)
        elif roll < 0.12:
            self.former_elsewhere(worker)
        self.registry.count("non-members" if worker.member_status == MemberStatus.NONE else "on file elsewhere")


def _category(rng: Any, employer: Mapping[str, Any], platform: bool) -> str:
    headcount = max(employer["headcount"], 1)
    roll = rng.random()
    if platform and roll < 0.7:
        return Category.PLATFORM
    if roll < employer["dispatched_workers"] / headcount:
        return Category.DISPATCHED
    # The register's share, more in construction, manufacturing and logistics, less elsewhere.
    migrant = employer["migrant_workers"] / headcount
    migrant *= 1.5 if employer["industry_id"][:2] in MIGRANT_INDUSTRIES else 0.5
    if rng.random() < migrant:
        return Category.MIGRANT
    return Category.REGULAR


@demo_step(50, "member registry")
def build_member_registry(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    # unscoped: the demo county is built in a system scope, for every union
    unions = {u["id"]: u for u in Union.unscoped.values("id", "name", "kind", "founding_date", "path").order_by("path")}
    employers = list(
        # unscoped: the demo county is built in a system scope, for every union
        Employer.unscoped.order_by("id").values(
            "id",
            "union_id",
            "union_status",
            "own_union_id",
            "joint_union_id",
            "headcount",
            "migrant_workers",
            "dispatched_workers",
            "industry_id",
            "nature_id",
            "status",
            "founded_on",
        )
    )
    covered_statuses = (Employer.UnionStatus.OWN, Employer.UnionStatus.JOINT)
    places: dict[int, Place] = {}
    for e in employers:
        if e["union_status"] not in covered_statuses:
            continue
        union_id = e["own_union_id"] or e["joint_union_id"] or e["union_id"]
        union = unions[union_id]
        since = max(d for d in (union["founding_date"], e["founded_on"], date(1990, 1, 1)) if d is not None)
        places[e["id"]] = Place(e["id"], union_id, min(since, today))
    covered = sum(e["headcount"] for e in employers if e["id"] in places)
    unorganised = sum(e["headcount"] for e in employers if e["id"] not in places)
    target = WORKERS_BY_SIZE.get(ctx.size.name)
    share, scale = UNORGANISED_ON_FILE, 1.0
    if target is not None:
        share = min(1.0, max(0.1, (target - covered) / max(unorganised, 1)))
        scale = min(1.0, (target - share * unorganised) / max(covered, 1))

    registry = Registry(ctx)
    generator = Generator(ctx, registry, list(places.values()))
    for e in employers:
        place = places.get(e["id"])
        union = unions[place.union_id] if place else None
        platform = (
            union is not None
            and union["kind"] == Union.Kind.JOINT
            and any(w in union["name"] for w in PLATFORM_UNION_WORDS)
        ) or (e["industry_id"] in PLATFORM_INDUSTRIES and rng.random() < 0.5)
        if place is not None:
            count = round(e["headcount"] * scale)
            member_share = rng.uniform(0.84, 0.97)
            for _ in range(count):
                category = _category(rng, e, platform)
                share_here = member_share - (0.15 if category == Category.DISPATCHED else 0)
                generator.covered(e, place, category, share_here)
                registry.flush()
        else:
            whole, part = divmod(e["headcount"] * share, 1)
            count = int(whole) + (1 if rng.random() < part else 0)
            for _ in range(count):
                generator.unorganised(e, _category(rng, e, platform))
                registry.flush()
    registry.flush(force=True)
    member_counts_refresh()

    totals = registry.totals
    by_status = dict(
        # unscoped: the demo's totals count every union's workers
        Worker.unscoped.order_by().values("member_status").annotate(n=Count("id")).values_list("member_status", "n")
    )
    workers = sum(by_status.values())
    members = by_status.get(MemberStatus.ACTIVE, 0) + by_status.get(MemberStatus.KEPT, 0)
    categories = ", ".join(f"{c.label} {totals.get(f'category {c.value}', 0)}" for c in Category)
    linked = link_demo_worker(ctx)
    ctx.put(MemberTotals(workers=workers, members=members, by_status=by_status))
    ctx.write(
        f"    {workers} workers ({categories}); {members} members "
        f"({by_status.get(MemberStatus.KEPT, 0)} kept), {by_status.get(MemberStatus.FORMER, 0)} former members; "
        f"{totals.get('transfers', 0)} transfers, {totals.get('follow-up', 0)} members to follow up; "
        f"demo_worker is {linked}"
    )


DEMO_WORKER = "demo_worker"


def link_demo_worker(ctx: DemoContext) -> str:
    """Link the ``demo_worker`` account to a member of its union: a current membership, dues paid, a card.

    The account takes the record's name (it is that person's account). Other modules' demo
    steps find the record with ``selectors.worker_for_account`` and give it requests, courses…
    """
    # unscoped: the demo county is built in a system scope
    account = User.unscoped.filter(username=DEMO_WORKER, role=Role.WORKER).select_related("union").first()
    if account is None:
        return "missing"
    recent = ctx.today - timedelta(days=40)
    # unscoped: the demo county is built in a system scope
    membership = (
        # unscoped: the demo county is built in a system scope
        Membership.unscoped.filter(
            union=account.union,
            status=Status.ACTIVE,
            worker__account__isnull=True,
            worker__card_number__isnull=False,
            worker__phone__isnull=False,
        )
        .select_related("worker")
        .order_by("joined_on", "id")
        .first()
    )
    if membership is None:
        membership = _demo_worker_member(ctx, account)
    worker = membership.worker
    # unscoped: the demo county is built in a system scope
    Membership.unscoped.filter(pk=membership.pk).update(
        last_dues_on=recent, last_seen_on=max(recent, membership.last_seen_on)
    )
    # unscoped: the demo county is built in a system scope
    Worker.unscoped.filter(pk=worker.pk).update(account=account)
    # unscoped: the demo county is built in a system scope
    User.unscoped.filter(pk=account.pk).update(full_name=worker.name)
    return f"{worker.name}, card {worker.card_number}"


def _demo_worker_member(ctx: DemoContext, account: User) -> Membership:
    """A member of the account's union made for it (when the registry step left that union none)."""
    birth = date(1988, 5, 17)
    body = ""
    for sequence in range(DEMO_SEQUENCES - 1, 0, -2):  # odd: a man; below the demo's own sequences
        body = f"{names.COUNTY_DIVISION}{birth:%Y%m%d}{sequence:03d}"
        body += ric.calc_check_digit(body + "0")
        # unscoped: the demo county is built in a system scope
        if not Worker.unscoped.filter(id_number__matches=body).exists():
            break
    return member_add(
        actor=None,
        union=account.union,
        on=ctx.today - timedelta(days=3 * 365),
        name=account.full_name,
        id_number=body,
        phone=names.mobile(ctx.rng),
    )
