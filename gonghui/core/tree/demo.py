"""Demo step: the county's union tree, built directly by path for speed (system code)."""

from __future__ import annotations

from datetime import date, timedelta

from gonghui.core.demo import names
from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_char
from gonghui.core.tree.models import Union

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def union_credit_code(ctx: DemoContext, serial: int) -> str:
    """A valid GB 32100 code for a union (registration authority 8, kind 1)."""
    body = f"{serial:08d}"
    total = sum(ORG_CODE_ALPHABET.index(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    org_code = body + ("X" if check == 10 else "0" if check == 11 else str(check))
    first17 = "81" + names.COUNTY_DIVISION + org_code
    assert all(c in CREDIT_CODE_ALPHABET for c in first17)
    return first17 + credit_code_check_char(first17)


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
            path, depth = Union._get_path(None, 1, 1), 1
        else:
            parent.numchild += 1
            path, depth = Union._get_path(parent.path, parent.depth + 1, parent.numchild), parent.depth + 1
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
    used: set[str] = set()
    grassroots: list[Union] = []
    founding_start = date(1990, 1, 1)
    for i in range(size.grassroots):
        if sectors and rng.random() < 0.12:
            sector = rng.choice(sectors)
            base = sector.name.removeprefix(names.COUNTY)
            options = names.INSTITUTIONS.get(base, ["服务中心"])
            stem = f"{names.COUNTY}{rng.choice(options)}"
            parent = sector
        else:
            parent = rng.choices(townships, weights=weights)[0]
            brand = rng.choice(names.BRANDS)
            trade, form = rng.choice(names.TRADES)
            stem = f"{names.COUNTY}{brand}{trade}{form}"
        name = f"{stem}工会委员会"
        if name in used:
            name = f"{stem}（{i}）工会委员会"
        used.add(name)
        # Founding accelerated in the 2010s campaigns ("应建尽建").
        founded = (
            random_date(ctx, founding_start, today) if rng.random() < 0.4 else random_date(ctx, date(2010, 1, 1), today)
        )
        grassroots.append(tree.add(parent, name, Union.Kind.GRASSROOTS, founded))
    joint: list[Union] = []
    for i in range(size.joint):
        township = townships[i % len(townships)]
        if i % 3 == 2:
            name = f"{township.name.removesuffix('总工会')}{rng.choice(names.JOINT_TRADES)}工会联合会"
        else:
            name = (
                f"{township.name.removesuffix('总工会')}{names.JOINT_AREAS[i % len(names.JOINT_AREAS)]}联合工会委员会"
            )
        if name in used:
            name = name.replace("工会", f"第{i}工会", 1)
        used.add(name)
        joint.append(tree.add(township, name, Union.Kind.JOINT, random_date(ctx, date(2012, 1, 1), today)))
    tree.save()
    saved = {u.path: u for u in Union.unscoped.all()}
    ctx.data["county"] = saved[county.path]
    ctx.data["townships"] = [saved[u.path] for u in townships]
    ctx.data["sectors"] = [saved[u.path] for u in sectors]
    ctx.data["grassroots"] = [saved[u.path] for u in grassroots]
    ctx.data["joint"] = [saved[u.path] for u in joint]
    ctx.write(
        f"    {len(tree.nodes)} unions: {len(townships)} townships, {len(sectors)} sectors, "
        f"{len(grassroots)} grassroots, {len(joint)} joint"
    )
