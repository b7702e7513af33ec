"""Subtree queries on a 100,000-union tree, seen by users at the root, a township and a leaf.

Target (the scoping acceptance): every subtree query ≤ 5 ms on 2 cores, on SQLite and on
PostgreSQL. The tree is shaped like a large county or a small province: the county root,
150 township and sector federations, about 96,000 grassroots and joint unions below them,
and six large enterprise unions with branch and workshop unions (depth 5).
"""

from __future__ import annotations

import gc
import itertools
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.demo import names
from gonghui.core.identifiers import make_credit_code
from gonghui.core.tree import services
from gonghui.core.tree.demo import township_names
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, subtree_q, system_scope

TOTAL = 100_000
TOWNSHIPS = 125
SECTORS = 25
JOINT = 3_000
# Large enterprise unions (基层工会 of a group company) with branch unions (分工会) and
# workshop unions (车间工会) below them: 1 + 20 + 20 × 34 = 701 unions each.
ENTERPRISES = 6
BRANCHES = 20
WORKSHOPS = 34
SECTOR_SHARE = 0.12
TOWNSHIP_TARGET = 700
FRAGMENT = "食品"
SEED = 2026
REPEAT = 200
MOVES = 5

Kind = Union.Kind


def credit_code(serial: int) -> str:
    """A valid GB 32100 code of a union (authority 8, kind 1), as the demo makes them."""
    return make_credit_code("81", names.COUNTY_DIVISION, serial)


class Builder:
    """Computes treebeard paths directly and inserts the whole tree in bulk."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nodes: list[Union] = []
        self.serial = 20_000_000

    def add(self, parent: Union | None, name: str, kind: str, *, code: bool = True) -> Union:
        if parent is None:
            path, depth = Union._get_path(None, 1, 1), 1
        else:
            parent.numchild += 1
            path, depth = Union._get_path(parent.path, parent.depth + 1, parent.numchild), parent.depth + 1
        self.serial += self.rng.randint(1, 9)
        node = Union(
            name=name,
            kind=kind,
            path=path,
            depth=depth,
            numchild=0,
            credit_code=credit_code(self.serial) if code else None,
        )
        self.nodes.append(node)
        return node

    def save(self) -> None:
        gc.collect()
        gc.freeze()  # 100,000 new objects: keep the collector from walking them on every batch
        try:
            with transaction.atomic():
                Union.unscoped.bulk_create(self.nodes, batch_size=250)
        finally:
            gc.unfreeze()


def grassroots_name(rng: random.Random, serial: int) -> str:
    brand = rng.choice(names.BRANDS)
    trade, form = rng.choice(names.TRADES)
    return f"{names.COUNTY}{brand}{trade}{form}（{serial}）工会委员会"


def build_tree(rng: random.Random) -> dict[str, Any]:
    """The county's tree; returns the nodes the measurements need (unsaved, matched by path)."""
    tree = Builder(rng)
    county = tree.add(None, f"{names.COUNTY}总工会", Kind.COUNTY)
    townships = [tree.add(county, f"{name}总工会", Kind.TOWNSHIP) for name in township_names(TOWNSHIPS)]
    sectors = [
        tree.add(county, f"{names.COUNTY}{names.SECTORS[i % len(names.SECTORS)]}（{i}）", Kind.SECTOR)
        for i in range(SECTORS)
    ]
    enterprises = []
    for i in range(ENTERPRISES):
        enterprise = tree.add(
            rng.choice(townships), f"{names.COUNTY}{names.BRANDS[i]}集团有限公司工会委员会", Kind.GRASSROOTS
        )
        enterprises.append(enterprise)
        for b in range(BRANCHES):
            # Branch and workshop unions are not legal persons: no credit code. Placement rules
            # (ALLOWED_PARENT_KINDS) stop at depth 3 today; these add the deeper paths.
            branch = tree.add(enterprise, f"{enterprise.name[:-5]}第{b + 1}分公司分工会", Kind.GRASSROOTS, code=False)
            for w in range(WORKSHOPS):
                tree.add(branch, f"{branch.name[:-3]}第{w + 1}车间工会", Kind.GRASSROOTS, code=False)
    for i in range(JOINT):
        township = townships[i % len(townships)]
        area = names.JOINT_AREAS[i % len(names.JOINT_AREAS)]
        tree.add(township, f"{township.name[:-3]}{area}（{i}）联合工会委员会", Kind.JOINT)
    # Townships differ in size (a log-normal spread around the mean, like real employers).
    weights = [rng.lognormvariate(0, 0.5) for _ in townships]
    grassroots = TOTAL - len(tree.nodes)
    for i in range(grassroots):
        parent = rng.choice(sectors) if rng.random() < SECTOR_SHARE else rng.choices(townships, weights=weights)[0]
        tree.add(parent, grassroots_name(rng, i), Kind.GRASSROOTS)
    tree.save()
    return {
        "nodes": tree.nodes,
        "county": county,
        "townships": townships,
        "enterprises": enterprises,
    }


def subtree_sizes(nodes: list[Union], roots: list[Union]) -> dict[str, int]:
    """How many unions lie in each root's subtree (the root included), computed in Python."""
    wanted = {root.path for root in roots}
    sizes: Counter[str] = Counter()
    for node in nodes:
        for depth in range(1, node.depth + 1):
            prefix = node.path[: depth * Union.steplen]
            if prefix in wanted:
                sizes[prefix] += 1
    return dict(sizes)


def explain(fn: Callable[[], Any]) -> str:
    """The plan of the (last) query ``fn`` runs, as the database explains it."""
    captured: list[tuple[str, Any]] = []

    def keep(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        fn()
    sql, params = captured[-1]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(row[-1] for row in cursor.fetchall())
        else:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"{connection.ops.compose_sql(sql, params) if connection.vendor == 'postgresql' else sql}\n--\n{plan}"


def path_index_name() -> str:
    """The name of the unique index on ``tree_union.path`` (it differs between databases)."""
    table = Union._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Introspection names SQLite's unique constraints "__unnamed_constraint_N__"; the
            # plan names the index SQLite made for it.
            cursor.execute(f"PRAGMA index_list({table})")
            for _, name, unique, *_rest in cursor.fetchall():
                cursor.execute(f"PRAGMA index_info({name})")
                if unique and [row[2] for row in cursor.fetchall()] == ["path"]:
                    return name
            raise LookupError("no unique index on path")
        constraints = connection.introspection.get_constraints(cursor, table)
    return next(
        name
        for name, info in constraints.items()
        if info["columns"] == ["path"] and info["unique"] and not info["primary_key"]
    )


def run(bench: Bench) -> None:
    rng = random.Random(SEED)
    with system_scope("benchmark"):
        with bench.step("build the 100,000-union tree"):
            built = build_tree(rng)
        if connection.vendor == "postgresql":
            # Autovacuum would vacuum and analyse the new rows within a minute (which also lets
            # counts use index-only scans); do it now. SQLite is left as deployed, without
            # statistics (its plans are the same with them).
            with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE tree_union")
        nodes: list[Union] = built["nodes"]
        sizes = subtree_sizes(nodes, built["townships"] + built["enterprises"])
        township = min(built["townships"], key=lambda t: abs(sizes[t.path] - TOWNSHIP_TARGET))
        saved = {u.path: u for u in Union.objects.filter(depth__lte=2)}
        county = saved[built["county"].path]
        township = saved[township.path]
        leaf = Union.objects.filter(subtree_q("path", township.path), kind=Kind.GRASSROOTS, numchild=0).first()
        assert leaf is not None
        placements = {
            "county root": ("bench_county", county, Role.COUNTY_ADMIN),
            "township": ("bench_township", township, Role.UNION_STAFF),
            "leaf": ("bench_leaf", leaf, Role.GRASSROOTS_OFFICER),
        }
        users = {
            label: User.objects.create(
                username=username, full_name=username, union=union, role=role, password=make_password(None)
            )
            for label, (username, union, role) in placements.items()
        }
        depths = Counter(node.depth for node in nodes)
        bench.figure("unions", Union.objects.count())
        bench.figure("unions per depth", ", ".join(f"{d}: {n:,}" for d, n in sorted(depths.items())))
        bench.figure("township user's subtree", sizes[township.path], "unions", note=township.name)
        mid_level = list(
            Union.objects.filter(depth__gte=2, depth__lte=4, numchild__gt=0).values_list("path", flat=True)
        )
    with system_scope("benchmark"):
        bench.measure(
            "count of the whole table",
            lambda: Union.unscoped.count(),
            group="baseline, no scope",
            repeat=REPEAT,
            note="what counting 100,000 rows costs",
        )
    for label, user in users.items():
        user = User.unscoped.select_related("union").get(pk=user.pk)
        with acting_as(user):
            visible = Union.objects.count()
            matching = Union.objects.filter(kind=Kind.GRASSROOTS, name__contains=FRAGMENT).count()
            group = f"{label} ({visible:,})"
            bench.measure("count visible unions", lambda: Union.objects.count(), group=group, repeat=REPEAT)
            bench.measure(
                "first page of 50 by path",
                lambda: list(Union.objects.order_by("path")[:50]),
                group=group,
                repeat=REPEAT,
            )
            bench.measure(
                f"kind + name '{FRAGMENT}', first 50",
                lambda: list(Union.objects.filter(kind=Kind.GRASSROOTS, name__contains=FRAGMENT)[:50]),
                group=group,
                repeat=REPEAT,
                note=f"{matching:,} match",
            )
            bench.measure(
                f"kind + name '{FRAGMENT}', count",
                lambda: Union.objects.filter(kind=Kind.GRASSROOTS, name__contains=FRAGMENT).count(),
                group=group,
                repeat=REPEAT,
                note=f"{matching:,} match",
            )
            if label == "county root":
                bench.text("plan: count visible unions (county root user)", explain(lambda: Union.objects.count()))
            if label == "township":
                plan = explain(lambda: Union.objects.count())
                bench.text("plan: count visible unions (township user)", plan)
                index = path_index_name()
                bench.figure(
                    "township count is a range on the unique path index",
                    "yes" if index in plan.split("--", 1)[1] else "NO",
                    note=index,
                )
                bench.text(
                    f"plan: kind + name '{FRAGMENT}', first 50 (township user)",
                    explain(lambda: list(Union.objects.filter(kind=Kind.GRASSROOTS, name__contains=FRAGMENT)[:50])),
                )

    sample = rng.sample(mid_level, min(REPEAT, len(mid_level)))
    position = itertools.count()

    def descendants() -> int:
        prefix = sample[next(position) % len(sample)]
        return Union.objects.filter(subtree_q("path", prefix)).count() - 1

    with system_scope("benchmark"):
        bench.measure(
            "descendants count (subtree_q)",
            descendants,
            group=f"random mid-level node of {len(mid_level):,}",
            repeat=REPEAT,
            note="depth 2–4",
        )

    # Move a 701-union enterprise subtree from township to township, as the county admin.
    admin = User.unscoped.select_related("union").get(pk=users["county root"].pk)
    with system_scope("benchmark"):
        enterprise = Union.objects.get(path=built["enterprises"][0].path)
        targets = [t for t in Union.objects.filter(kind=Kind.TOWNSHIP) if not enterprise.path.startswith(t.path)]
    targets = rng.sample(targets, MOVES)
    with acting_as(admin):

        def refresh(i: int) -> None:
            enterprise.refresh_from_db()
            targets[i].refresh_from_db()

        def move(i: int) -> None:
            services.union_move(actor=admin, union=enterprise, new_parent=targets[i])

        bench.measure_runs(
            f"move a {1 + BRANCHES * (1 + WORKSHOPS)}-union subtree to another township",
            move,
            runs=MOVES,
            setup=refresh,
            group="services.union_move",
            note="audited, one transaction",
        )
    with system_scope("benchmark"):
        enterprise.refresh_from_db()
        moved = Union.objects.filter(subtree_q("path", enterprise.path)).count()
        assert enterprise.path.startswith(targets[-1].path), "the subtree did not land under its new parent"
        assert moved == 1 + BRANCHES * (1 + WORKSHOPS), f"the moved subtree has {moved} unions"
        assert Union.objects.count() == TOTAL
