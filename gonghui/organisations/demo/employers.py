"""Demo step: the county's employers, union profiles and committees (system code, bulk inserts).

Every grassroots union of the tree is the own union of one employer; each joint union covers
a dozen or so small employers of its township; the rest have no union yet (a few are not
eligible, a few have closed). The largest employers are few and mostly state-owned.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gonghui.core.demo import names
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.identifiers import make_credit_code
from gonghui.core.reference.models import Division
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union
from gonghui.organisations.models import (
    COMMITTEE_THRESHOLD,
    FULL_TIME_CHAIR_HEADCOUNT,
    CommitteeMember,
    Employer,
    UnionProfile,
)
from gonghui.organisations.services import POSITION_ORDER

EMPLOYERS_BY_SIZE = {"small": 150, "county": 2500, "province": 50_000}
# Employers each joint union covers, on average (~400 for the county's 30).
COVERED_PER_JOINT = 13

TRADE_INDUSTRY = {
    "机械制造": "34",
    "纺织": "17",
    "服装": "18",
    "食品": "14",
    "建材": "30",
    "电子科技": "39",
    "化工": "26",
    "家具": "21",
    "物流": "59",
    "建筑工程": "47",
    "农业开发": "01",
    "商贸": "51",
    "汽车配件": "36",
    "新材料": "29",
    "酒店管理": "61",
    "医药": "27",
    "包装": "22",
    "印务": "23",
    "农机": "05",
    "超市": "52",
}
# Small businesses without a union: shops and services, besides the trades above.
SMALL_TRADES = [
    ("餐饮", "店", "62"),
    ("美容美发", "店", "80"),
    ("汽车维修", "服务部", "81"),
    ("物业管理", "有限公司", "70"),
    ("家政服务", "有限公司", "80"),
    ("装饰工程", "有限公司", "50"),
    ("快递", "服务部", "60"),
    ("网络科技", "有限公司", "65"),
    ("广告", "有限公司", "72"),
    ("便利", "店", "52"),
    ("五金", "商行", "52"),
    ("建材", "经营部", "51"),
]
SECTOR_INDUSTRY = {
    "教育工会": "83",
    "卫生健康系统工会": "84",
    "机关工会工作委员会": "92",
    "交通运输工会": "54",
    "建设工会": "48",
    "金融工会": "66",
    "农林水工会": "76",
    "商贸流通工会": "52",
}
JOINT_INDUSTRIES = {
    "快递物流行业": ["60", "59"],
    "餐饮行业": ["62"],
    "网约车行业": ["54"],
    "家政服务行业": ["80"],
    "美容美发行业": ["80"],
    "汽车维修行业": ["81"],
    "商贸街": ["52", "62", "80"],
    "工业园": ["33", "29", "34", "17", "18"],
    "物流园": ["59", "60", "54"],
    "农贸市场": ["52", "51"],
    "电商产业园": ["64", "52", "65"],
    "小微企业园": ["33", "18", "21", "72"],
    "建材市场": ["51", "50"],
    "美食街": ["62"],
}
# Economic types (ownership.csv) of private-sector employers, weighted as a county's register.
PRIVATE_OWNERSHIP = (["3", "4", "6", "2", "7", "8", "5", "9"], [60, 12, 12, 4, 4, 2, 1, 2])
NOT_ELIGIBLE_REASONS = ["职工人数不足3人", "正在办理注销登记", "长期停产歇业", "仅有家庭成员经营"]
VILLAGE_SUFFIXES = ("路", "街", "大道")


class CodeMaker:
    """Valid, unique GB 32100 credit codes for employers (registration authority 9: market regulation)."""

    def __init__(self, ctx: DemoContext) -> None:
        self.serial = 30_000_000 + ctx.rng.randint(0, 999_999)
        self.rng = ctx.rng

    def make(self, kind: str = "1") -> str:
        self.serial += self.rng.randint(1, 30)
        return make_credit_code("9" + kind, names.COUNTY_DIVISION, self.serial)


def _date_between(ctx: DemoContext, start: date, end: date) -> date:
    return start + timedelta(days=ctx.rng.randint(0, max((end - start).days, 0)))


def _own_headcount(ctx: DemoContext) -> int:
    """Workers of an employer with its own union: mostly 25–99, a tail of a few hundred, a handful over 1,000.

    About 62 on average (the county's ~670 own unions hold some 42,000 workers); within a band
    smaller sizes are likelier (log-uniform), as in a real register.
    """
    roll = ctx.rng.random()
    if roll < 0.22:
        return ctx.rng.randint(8, 24)
    if roll < 0.925:
        return min(99, int(25 * (100 / 25) ** ctx.rng.random()))
    if roll < 0.997:
        return min(400, int(100 * (401 / 100) ** ctx.rng.random()))
    return ctx.rng.randint(1000, 1300)


def _unorganised_headcount(ctx: DemoContext) -> int:
    """Workers of an employer without a union: mostly a handful, a few dozen at most, rarely more (about 9)."""
    roll = ctx.rng.random()
    if roll < 0.88:
        return ctx.rng.randint(3, 9)
    if roll < 0.96:
        return ctx.rng.randint(10, 24)
    if roll < 0.997:
        return min(99, int(25 * (100 / 25) ** ctx.rng.random()))
    return min(250, int(100 * (251 / 100) ** ctx.rng.random()))


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.codes = CodeMaker(ctx)
        self.names = names.UniqueNames(ctx.rng)
        self.writer = BulkWriter()
        self.employers: list[Employer] = []
        township_divisions = list(
            Division.objects.filter(level=Division.Level.TOWNSHIP, code__startswith=names.COUNTY_DIVISION)
            .order_by("code")
            .values_list("code", "name")
        )
        by_name = {name: code for code, name in township_divisions}
        self.villages: dict[str, list[str]] = {}
        for village, parent in Division.objects.filter(
            level=Division.Level.VILLAGE, code__startswith=names.COUNTY_DIVISION
        ).values_list("code", "parent_id"):
            self.villages.setdefault(parent, []).append(village)
        # Each township union sits in the division of its name; townships beyond the file share them.
        self.division_of: dict[int, str | None] = {}
        for i, township in enumerate(ctx.county.townships):
            division = by_name.get(township.name.removesuffix("总工会"))
            if division is None and township_divisions:
                division = township_divisions[i % len(township_divisions)][0]
            self.division_of[township.pk] = division
        self.township_of_path = {t.path: t for t in ctx.county.townships}
        self.townships: list[Union] = ctx.county.townships
        self.weights = [1.0 / (1 + 0.25 * i) for i in range(len(self.townships))]

    def township_for(self, union: Union) -> Union:
        township = self.township_of_path.get(paths.township_path(union.path))
        return township or self.ctx.rng.choices(self.townships, weights=self.weights)[0]

    def firm(self, township: Union, trade: str, form: str) -> str:
        """A firm's name not yet used (varied with the township's place word or another brand if taken)."""
        return self.names.company(trade=trade, form=form, place=names.place_of(township.name))

    def add(
        self,
        *,
        union: Union,
        township: Union,
        name: str,
        industry: str,
        ownership: str,
        nature: str,
        headcount: int,
        **fields: Any,
    ) -> Employer:
        rng = self.ctx.rng
        division = self.division_of.get(township.pk)
        villages = self.villages.get(division or "", [])
        migrant_share = 0.45 if industry[:2] in {"47", "48", "50", "17", "18", "33", "59", "60"} else 0.15
        employer = Employer(
            union=union,
            name=name,
            credit_code=(self.codes.make("2" if ownership == "4" else "1") if rng.random() < 0.96 else None),
            address=f"{township.name.removesuffix('总工会')}{rng.choice(names.BRANDS)}{rng.choice(VILLAGE_SUFFIXES)}"
            f"{rng.randint(1, 399)}号",
            division_id=division,
            village_id=rng.choice(villages) if villages and rng.random() < 0.8 else None,
            ownership_id=ownership,
            nature_id=nature,
            industry_id=industry,
            headcount=headcount,
            women=int(headcount * rng.uniform(0.2, 0.6)),
            migrant_workers=int(headcount * rng.uniform(0, migrant_share)),
            dispatched_workers=int(headcount * rng.uniform(0, 0.08)) if headcount >= 50 else 0,
            contact_name=names.person_name(rng),
            contact_phone=names.mobile(rng),
            **fields,
        )
        self.writer.add(Employer, employer)
        self.employers.append(employer)
        return employer


def _private(ctx: DemoContext, headcount: int) -> tuple[str, str]:
    """Economic type and unit nature of a private-sector employer (个体户 are small by definition)."""
    ownership = ctx.rng.choices(*PRIVATE_OWNERSHIP)[0]
    if ownership == "4" and headcount > 20:
        ownership = "3"
    nature = "60" if ownership == "4" else ("55" if ctx.rng.random() < 0.03 else "10")
    return ownership, nature


@demo_step(40, "organisations")
def build_organisations(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    builder = Builder(ctx)
    tree = ctx.county
    grassroots: list[Union] = tree.grassroots
    joint_unions: list[Union] = tree.joint
    sectors = {s.path: s for s in tree.sectors}
    target = EMPLOYERS_BY_SIZE.get(ctx.size.name, len(grassroots) * 4)
    recent = date(2019, 1, 1)

    # 1. One employer per grassroots union: its own union.
    for union in grassroots:
        parent_path = paths.township_path(union.path)
        sector = sectors.get(parent_path)
        stem = union.name.removesuffix("工会委员会")
        township = builder.township_for(union)
        headcount = _own_headcount(ctx)
        if sector is not None:
            industry = SECTOR_INDUSTRY.get(sector.name.removeprefix(names.COUNTY), "92")
            is_company = stem.endswith(("公司", "银行支行", "支公司"))
            ownership, nature = "1", ("10" if is_company else ("30" if industry == "92" else "20"))
        else:
            trade = next((t for t in TRADE_INDUSTRY if t in stem), "")
            industry = TRADE_INDUSTRY.get(trade, "41")
            ownership, nature = _private(ctx, headcount)
            if headcount >= 1000 and rng.random() < 0.5:
                ownership = rng.choice(["1", "1", "6", "7"])
        builder.add(
            union=union,
            township=township,
            name=builder.names.claim(stem),
            industry=industry,
            ownership=ownership,
            nature=nature,
            headcount=headcount,
            union_status=Employer.UnionStatus.OWN,
            own_union=union,
            founded_on=union.founding_date,
        )

    # 2. Small employers covered by a joint union of their township.
    covered_target = min(len(joint_unions) * COVERED_PER_JOINT, max(target - len(grassroots), 0) // 2)
    joint_headcount: dict[int, int] = {}
    # Joint unions differ in reach: an industrial park's covers dozens, a street's a handful.
    # Each covers at least two; the rest go by a weight drawn per union.
    floor = [union for union in joint_unions for _ in range(2)][:covered_target]
    weights = [rng.lognormvariate(0, 0.6) for _ in joint_unions]
    rest = rng.choices(joint_unions, weights=weights, k=covered_target - len(floor)) if joint_unions else []
    for joint in [*floor, *rest]:
        key = next((k for k in JOINT_INDUSTRIES if k in joint.name), "小微企业园")
        industry = rng.choice(JOINT_INDUSTRIES[key])
        options = [(t, f) for t, f, code in SMALL_TRADES if code == industry]
        options += [(t, f) for t, f in names.TRADES if TRADE_INDUSTRY.get(t) == industry]
        trade, form = rng.choice(options or names.TRADES)
        headcount = rng.randint(3, 24)
        ownership, nature = _private(ctx, headcount)
        joint_headcount[joint.pk] = joint_headcount.get(joint.pk, 0) + headcount
        start = max(joint.founding_date or recent, recent)
        builder.add(
            union=joint,
            township=builder.township_for(joint),
            name=builder.firm(builder.township_for(joint), trade, form),
            industry=industry,
            ownership=ownership,
            nature=nature,
            headcount=headcount,
            union_status=Employer.UnionStatus.JOINT,
            joint_union=joint,
            founded_on=_date_between(ctx, start, today),
        )

    # 3. The rest: no union yet (the campaign's work), a few not eligible, a few closed.
    for _ in range(max(target - len(builder.employers), 0)):
        township = rng.choices(builder.townships, weights=builder.weights)[0]
        if rng.random() < 0.5:
            trade, form = rng.choice(names.TRADES)
            industry = TRADE_INDUSTRY[trade]
        else:
            trade, form, industry = rng.choice(SMALL_TRADES)
        headcount = _unorganised_headcount(ctx)
        ownership, nature = _private(ctx, headcount)
        fields: dict[str, Any] = {"union_status": Employer.UnionStatus.NONE}
        if headcount < 10 and rng.random() < 0.08:
            fields = {
                "union_status": Employer.UnionStatus.NOT_ELIGIBLE,
                "not_eligible_reason": rng.choice(NOT_ELIGIBLE_REASONS),
            }
            headcount = rng.randint(0, 5)
        if rng.random() < 0.03:
            fields["status"] = Employer.Status.CLOSED
        builder.add(
            union=township,
            township=township,
            name=builder.firm(township, trade, form),
            industry=industry,
            ownership=ownership,
            nature=nature,
            headcount=headcount,
            **fields,
        )
    builder.writer.flush()

    # 4. Profiles for every union, and committees (an organizer below 25 members).
    own_headcount = {e.own_union.pk: e.headcount for e in builder.employers if e.own_union is not None}
    members: dict[int, int] = {}
    for union in grassroots:
        headcount = own_headcount.get(union.pk, 0)
        members[union.pk] = max(1, int(headcount * rng.uniform(0.75, 1.0)))
    for union in joint_unions:
        members[union.pk] = max(1, int(joint_headcount.get(union.pk, 0) * rng.uniform(0.7, 0.95)))
    federations = [tree.county, *builder.townships, *sectors.values()]
    for federation in federations:
        members[federation.pk] = 0
    federation_by_path = {f.path: f for f in federations}
    for union in [*grassroots, *joint_unions]:
        for depth in range(1, union.depth):
            above = federation_by_path.get(paths.path_at_depth(union.path, depth))
            if above is not None:
                members[above.pk] += members[union.pk]

    profiles: list[UnionProfile] = []
    seats: list[CommitteeMember] = []
    for union in [*federations, *grassroots, *joint_unions]:
        count = members[union.pk]
        if union.kind == Union.Kind.JOINT:
            union_type = UnionProfile.Type.INDUSTRY_FEDERATION if "行业" in union.name else UnionProfile.Type.JOINT
        elif union.kind == Union.Kind.GRASSROOTS:
            union_type = UnionProfile.Type.INDEPENDENT
        elif union.kind == Union.Kind.SECTOR:
            union_type = UnionProfile.Type.SECTOR
        else:
            union_type = UnionProfile.Type.FEDERATION
        term = 5 if union.kind != Union.Kind.GRASSROOTS or rng.random() < 0.6 else 3
        # Elections spread over the term and a little beyond it: some re-elections are overdue.
        elected = today - timedelta(days=rng.randint(0, term * 365 + 120))
        if union.founding_date and elected < union.founding_date:
            elected = union.founding_date
        headcount = own_headcount.get(union.pk, 0)
        full_time = union.is_federation or (headcount >= FULL_TIME_CHAIR_HEADCOUNT and rng.random() < 0.8)
        profile = UnionProfile(
            union=union,
            union_type=union_type,
            member_count=count,
            term_years=term,
            elected_on=elected,
            full_time_chair=full_time,
        )
        profiles.append(builder.writer.add(UnionProfile, profile))
        if union.kind == Union.Kind.GRASSROOTS and count < COMMITTEE_THRESHOLD:
            seats.append(_seat(ctx, union, CommitteeMember.Body.COMMITTEE, CommitteeMember.Position.ORGANIZER))
            continue
        seats.append(_seat(ctx, union, CommitteeMember.Body.COMMITTEE, CommitteeMember.Position.CHAIR, full_time))
        for _ in range(1 if count < 100 else rng.randint(1, 3)):
            seats.append(_seat(ctx, union, CommitteeMember.Body.COMMITTEE, CommitteeMember.Position.VICE_CHAIR))
        for _ in range(2 if count < 100 else rng.randint(3, 7)):
            seats.append(_seat(ctx, union, CommitteeMember.Body.COMMITTEE, CommitteeMember.Position.MEMBER))
        if count >= 50 or union.is_federation:
            seats.append(_seat(ctx, union, CommitteeMember.Body.WOMEN, CommitteeMember.Position.CHAIR))
            seats.append(_seat(ctx, union, CommitteeMember.Body.WOMEN, CommitteeMember.Position.MEMBER))
        if count >= 100 or union.is_federation:
            seats.append(_seat(ctx, union, CommitteeMember.Body.FUNDS_AUDIT, CommitteeMember.Position.CHAIR))
            seats.append(_seat(ctx, union, CommitteeMember.Body.FUNDS_AUDIT, CommitteeMember.Position.MEMBER))
    builder.writer.add_all(CommitteeMember, seats)
    builder.writer.flush()

    statuses: dict[str, int] = {}
    for employer in builder.employers:
        statuses[employer.union_status] = statuses.get(employer.union_status, 0) + 1
    due = sum(1 for p in profiles if p.re_election_due and p.re_election_due <= today + timedelta(days=90))
    ctx.write(
        f"    {len(builder.employers)} employers ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}), "
        f"{len(profiles)} union profiles ({due} re-elections due within 90 days or overdue), "
        f"{len(seats)} committee seats"
    )


def _seat(ctx: DemoContext, union: Union, body: str, position: str, full_time: bool = False) -> CommitteeMember:
    chair = position in (CommitteeMember.Position.CHAIR, CommitteeMember.Position.ORGANIZER)
    return CommitteeMember(
        union=union,
        body=body,
        position=position,
        name=names.person_name(ctx.rng),
        # Only the chair's or organizer's number is on file: it is the one the federation calls.
        phone=names.mobile(ctx.rng) if chair else None,
        full_time=full_time,
        position_order=POSITION_ORDER[CommitteeMember.Position(position)],
    )
