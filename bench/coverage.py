"""The coverage page at province size: 50,000 employers, 10,000 unions.

Target (organisation-building acceptance): the coverage page (/organisations/coverage/) in
≤ 300 ms server time on 2 cores, with its query count, on SQLite and on PostgreSQL. The page is
requested through Django's test client (middleware, scoping, the figures' queries, rendering),
as a county administrator who sees everything and as a township's staff member.
"""

from __future__ import annotations

import gc
import math
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client, override_settings

from bench.harness import Bench
from bench.subtree import Builder
from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.models import Division, Industry, Ownership, UnitNature
from gonghui.core.reference.services import reference_load
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.organisations.coverage import coverage_for_user
from gonghui.organisations.models import Employer, UnionProfile, size_band_for

EMPLOYERS = 50_000
UNIONS = 10_000
JOINT_UNIONS = 300
JOINT_COVERED = 6_000  # small employers covered by the joint unions (20 each)
NOT_ELIGIBLE = 2_000
CLOSED = 2_500
SEED = 2026
REPEAT = 30
URL = "/organisations/coverage/"
# What the province is built from beside the cache's own sources (bench/harness.py).
SOURCES = ("bench/coverage.py", "bench/subtree.py")

Kind = Union.Kind
UnionStatus = Employer.UnionStatus


def employer_code(serial: int) -> str:
    first17 = f"91339901{serial:09d}"
    return first17 + credit_code_check_char(first17)


def build(rng: random.Random) -> dict[str, Any]:
    """Unions (county, one federation per reference township, joint and grassroots unions),
    their profiles, and the employers, inserted in bulk."""
    townships = list(Division.objects.filter(level=Division.Level.TOWNSHIP).values_list("code", "name"))
    villages: dict[str, list[str]] = {}
    for code, parent in Division.objects.filter(level=Division.Level.VILLAGE).values_list("code", "parent_id"):
        villages.setdefault(parent, []).append(code)
    industries = list(Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", flat=True))
    ownerships = list(Ownership.objects.values_list("code", flat=True))
    natures = list(UnitNature.objects.values_list("code", flat=True))
    weights = [rng.lognormvariate(0, 0.5) for _ in townships]

    # Employers first, as plain tuples: many small private firms, a few large ones.
    people = [max(1, min(30_000, int(math.exp(rng.gauss(2.6, 1.4))))) for _ in range(EMPLOYERS)]
    division = [rng.choices(townships, weights=weights)[0][0] for _ in range(EMPLOYERS)]
    grassroots = UNIONS - 1 - len(townships) - JOINT_UNIONS
    # The larger an employer, the likelier it has its own union.
    order = sorted(range(EMPLOYERS), key=lambda i: -people[i] * rng.random() ** 2)
    own = set(order[:grassroots])
    small = [i for i in range(EMPLOYERS) if i not in own and people[i] < 100]
    rng.shuffle(small)
    joint = small[:JOINT_COVERED]
    not_eligible = set(small[JOINT_COVERED : JOINT_COVERED + NOT_ELIGIBLE])
    closed = set(rng.sample(range(EMPLOYERS), CLOSED))

    tree = Builder(rng)
    county = tree.add(None, "省总工会", Kind.COUNTY)
    federation = {code: tree.add(county, f"{name}总工会", Kind.TOWNSHIP) for code, name in townships}
    joint_unions: list[tuple[Union, str]] = []
    for j in range(JOINT_UNIONS):
        code = townships[j % len(townships)][0]
        joint_unions.append((tree.add(federation[code], f"联合工会委员会（{j}）", Kind.JOINT), code))
    own_union = {i: tree.add(federation[division[i]], f"第{i}号单位工会委员会", Kind.GRASSROOTS) for i in own}
    tree.save()

    # Joint coverage: each joint union covers small employers of its own township.
    covered_by: dict[int, Union] = {}
    by_township: dict[str, list[Union]] = {}
    for union, code in joint_unions:
        by_township.setdefault(code, []).append(union)
    for i in joint:
        choices = by_township.get(division[i])
        if choices:
            covered_by[i] = rng.choice(choices)

    start = 2005
    employers = []
    for i in range(EMPLOYERS):
        status = UnionStatus.NONE
        union = federation[division[i]]
        own_link = joint_link = None
        if i in own:
            status, union, own_link = UnionStatus.OWN, own_union[i], own_union[i]
        elif i in covered_by:
            status, union, joint_link = UnionStatus.JOINT, covered_by[i], covered_by[i]
        elif i in not_eligible:
            status = UnionStatus.NOT_ELIGIBLE
        founded = None
        if status in (UnionStatus.OWN, UnionStatus.JOINT):
            founded = f"{rng.randint(start, 2026)}-{rng.randint(1, 12):02d}-01"
        town_villages = villages.get(division[i], [])
        employers.append(
            Employer(
                union_id=union.pk,
                credit_code=employer_code(1_000_000 + i),
                name=f"测试单位{i}有限公司",
                division_id=division[i],
                village_id=rng.choice(town_villages) if town_villages else None,
                ownership_id=rng.choices(ownerships, weights=[3] + [1] * (len(ownerships) - 1))[0],
                nature_id=natures[0] if rng.random() < 0.9 else rng.choice(natures),
                industry_id=rng.choice(industries),
                headcount=people[i],
                women=people[i] // 3,
                size_band=size_band_for(people[i]),
                status=Employer.Status.CLOSED if i in closed else Employer.Status.OPERATING,
                union_status=status,
                not_eligible_reason="不足3人" if status == UnionStatus.NOT_ELIGIBLE else "",
                own_union_id=own_link.pk if own_link else None,
                joint_union_id=joint_link.pk if joint_link else None,
                founded_on=founded,
            )
        )
    profiles = [
        UnionProfile(
            union_id=union.pk,
            union_type=UnionProfile.Type.INDEPENDENT,
            member_count=int(people[i] * rng.uniform(0.6, 0.98)),
        )
        for i, union in own_union.items()
    ]
    covered_people: dict[int, int] = {}
    for i, union in covered_by.items():
        covered_people[union.pk] = covered_people.get(union.pk, 0) + people[i]
    profiles += [
        UnionProfile(
            union_id=union.pk,
            union_type=UnionProfile.Type.JOINT,
            member_count=int(covered_people.get(union.pk, 0) * rng.uniform(0.5, 0.9)),
        )
        for union, _code in joint_unions
    ]
    gc.collect()
    gc.freeze()
    try:
        with transaction.atomic():
            Employer.unscoped.bulk_create(employers, batch_size=250)
            UnionProfile.unscoped.bulk_create(profiles, batch_size=250)
    finally:
        gc.unfreeze()
    busiest = max(federation.values(), key=lambda u: sum(1 for d in division if federation[d] is u))
    return {"county": county, "township": busiest, "unions": len(tree.nodes)}


def run(bench: Bench) -> None:
    def prepare() -> dict[str, str]:
        with bench.step("load the reference data"):
            reference_load(actor=None)
        with system_scope("benchmark"), bench.step("build 10,000 unions and 50,000 employers"):
            built = build(random.Random(SEED))
        return {"county": built["county"].path, "township": built["township"].path}

    # Seeded: the same data for the same sources, so it is built once and then restored.
    paths, _restored = bench.prepared("province of bench/coverage.py", prepare, sources=SOURCES)
    with system_scope("benchmark"):
        if connection.vendor == "postgresql":
            with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
                for table in ("tree_union", "organisations_employer", "organisations_unionprofile"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        county = Union.unscoped.get(path=paths["county"])
        township = Union.unscoped.get(path=paths["township"])
        users = {
            "county administrator": User.objects.create(
                username="bench_county",
                full_name="bench_county",
                union=county,
                role=Role.COUNTY_ADMIN,
                password=make_password(None),
            ),
            "township staff": User.objects.create(
                username="bench_township",
                full_name="bench_township",
                union=township,
                role=Role.UNION_STAFF,
                password=make_password(None),
            ),
        }
        bench.figure("unions", Union.unscoped.count())
        bench.figure("employers", Employer.unscoped.count())
        bench.figure("township's employers", Employer.unscoped.filter(division__name=township.name[:-3]).count())
    reference_selectors.clear_cache()
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The page as served, minus the static manifest (no collectstatic in a throwaway run).
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["testserver"]):
        for label, user in users.items():
            user = User.unscoped.select_related("union").get(pk=user.pk)
            with acting_as(user):
                coverage = coverage_for_user(user)
            group = f"{label} ({coverage.total.eligible + coverage.closed + coverage.not_eligible:,} employers)"
            bench.figure(
                f"{label}: founding rate",
                f"{coverage.total.founding_percent:.1f} %",
                note=f"own {coverage.total.own:,}, joint {coverage.total.joint:,}, of {coverage.total.eligible:,}",
            )
            bench.measure(
                "figures alone (coverage_for_user)",
                lambda user=user: coverage_for_user(user),
                group=group,
                repeat=REPEAT,
                warmup=3,
            )
            client = Client()
            client.force_login(user)

            def page(client: Client = client) -> None:
                response = client.get(URL)
                assert response.status_code == 200, response.status_code

            bench.measure("the coverage page (GET, rendered)", page, group=group, repeat=REPEAT, warmup=3)
