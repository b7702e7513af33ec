"""Demo step: the county's union tree, built directly by path for speed (system code)."""

from __future__ import annotations

from datetime import date, timedelta

from gonghui.core.demo import names
from gonghui.core.demo.registry import DemoContext, DemoCounty, demo_step
from gonghui.core.identifiers import make_credit_code
from gonghui.core.tree import paths
from gonghui.core.tree.models import Union


def union_credit_code(ctx: DemoContext, serial: int) -> str:
    """A valid GB 32100 code for a union (registration authority 8, kind 1)."""
    return make_credit_code("81", names.COUNTY_DIVISION, serial)


def random_date(ctx: DemoContext, start: date, end: date) -> date:
    return start + timedelta(days=ctx.rng.randint(0, max((end - start).days, 0)))


class TreeBuilder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.nodes: list[Union] = []
        self.serial = 10_000_000 + ctx.rng.randint(0, 999_999)

    def add(self, parent: Union | None, name: str, kind: str, founded: date | None) -> Union:
        self.serial += self.ctx.rng.randint(1, 40)
        if parent is None:
            path, depth = paths.child_path("", 1), 1
        else:
            parent.numchild += 1
            path, depth = paths.child_path(parent.path, parent.numchild), parent.depth + 1
        node = Union(
            name=name,
            kind=kind,
            path=path,
            depth=depth,
            numchild=0,
            credit_code=union_credit_code(self.ctx, self.serial),
            founding_date=founded,
        )
        self.nodes.append(node)
        return node

    def save(self) -> None:
        Union.unscoped.bulk_create(self.nodes, batch_size=500)


def township_names(count: int) -> list[str]:
    result = list(names.TOWNSHIPS[:count])
    i = 0
    while len(result) < count:
        a = names.TOWNSHIP_ROOTS[i % len(names.TOWNSHIP_ROOTS)]
        # The shift by i // len(...) walks through new pairs once the first round is used up.
        b = names.TOWNSHIP_ROOTS[(i * 7 + 3 + i // len(names.TOWNSHIP_ROOTS)) % len(names.TOWNSHIP_ROOTS)]
        candidate = f"{a}{b}{names.TOWNSHIP_TAILS[i % 3]}"
        if a != b and candidate not in result:
            result.append(candidate)
        i += 1
    return result


@demo_step(10, "union tree")
def build_union_tree(ctx: DemoContext) -> None:
    rng, size, today = ctx.rng, ctx.size, ctx.today
    tree = TreeBuilder(ctx)
    county = tree.add(None, f"{names.COUNTY}总工会", Union.Kind.COUNTY, date(1951, 5, 1))
    townships = [
        tree.add(county, f"{name}总工会", Union.Kind.TOWNSHIP, random_date(ctx, date(1984, 1, 1), date(2008, 12, 31)))
        for name in township_names(size.townships)
    ]
    sectors = [
        tree.add(
            county, f"{names.COUNTY}{name}", Union.Kind.SECTOR, random_date(ctx, date(1978, 1, 1), date(2000, 12, 31))
        )
        for name in (names.SECTORS * (size.sectors // len(names.SECTORS) + 1))[: size.sectors]
    ]
    # Townships near the county seat hold most employers.
    weights = [1.0 / (1 + 0.25 * i) for i in range(len(townships))]
    namer = names.UniqueNames(rng)
    township_words = [t.name.removesuffix("总工会") for t in townships]
    grassroots: list[Union] = []
    founding_start = date(1990, 1, 1)
    for _ in range(size.grassroots):
        if sectors and rng.random() < 0.12:
            parent = rng.choice(sectors)
            stem = namer.institution(parent.name.removeprefix(names.COUNTY), township_words)
        else:
            parent = rng.choices(townships, weights=weights)[0]
            trade, form = rng.choice(names.TRADES)
            stem = namer.company(trade=trade, form=form, place=names.place_of(parent.name))
        # Founding accelerated in the 2010s campaigns ("应建尽建").
        founded = (
            random_date(ctx, founding_start, today) if rng.random() < 0.4 else random_date(ctx, date(2010, 1, 1), today)
        )
        grassroots.append(tree.add(parent, f"{stem}工会委员会", Union.Kind.GRASSROOTS, founded))
    joint: list[Union] = []
    for i in range(size.joint):
        township = townships[i % len(townships)]
        place = township.name.removesuffix("总工会")
        if i % 3 == 2:
            trades = names.JOINT_TRADES
            name = namer.joint(place, trades, "工会联合会", start=rng.randrange(len(trades)))
        else:
            name = namer.joint(place, names.JOINT_AREAS, "联合工会委员会", start=i)
        joint.append(tree.add(township, name, Union.Kind.JOINT, random_date(ctx, date(2012, 1, 1), today)))
    tree.save()
    saved = {u.path: u for u in Union.unscoped.all()}
    ctx.put(
        DemoCounty(
            county=saved[county.path],
            townships=[saved[u.path] for u in townships],
            sectors=[saved[u.path] for u in sectors],
            grassroots=[saved[u.path] for u in grassroots],
            joint=[saved[u.path] for u in joint],
        )
    )
    ctx.write(
        f"    {len(tree.nodes)} unions: {len(townships)} townships, {len(sectors)} sectors, "
        f"{len(grassroots)} grassroots, {len(joint)} joint"
    )
