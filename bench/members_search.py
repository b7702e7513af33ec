"""The member list and every search kind at 1,000,000 workers over 10,000 unions.

Target (issue 5, item 7 (c)): the member list (first page and a later keyset page) and each
search and filter ≤ 100 ms server time at 1,000,000 workers, on SQLite and on PostgreSQL.
Each case is a whole request through Django's test client (middleware, scoping, the
selectors, rendering), as a county administrator, a township's staff member and a grassroots
union's officer; beside it the same case through the selectors alone (``workers_for_user`` +
the list's keyset pager: the SQL and the ORM, no rendering). The slowest case's queries are each
timed and the slowest one's plan printed.

Run it with the runner (``python -m bench members_search --db sqlite``) or directly::

    python bench/members_search.py                                # 20,000 workers, both databases
    python bench/members_search.py --workers 1000000 --database postgresql

The number of workers is read from ``GONGHUI_BENCH_MEMBERS_WORKERS`` in the child process
(``--workers`` sets it); the tree and the employers are ``bench/coverage.py``'s province.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_WORKERS = 20_000
WORKERS_ENV = "GONGHUI_BENCH_MEMBERS_WORKERS"
SEED = 2026
REPEAT = 30
WARMUP = 3
BATCH = 5000
TARGET_MS = 100.0
URL = "/members/"
# Share of the workers put on one large employer of the busiest township (6,000 at 1,000,000).
LARGE_SHARE = 0.006
# Given-name characters beside the demo's (which have no syllable starting with s, say).
EXTRA_GIVEN = "淑思帅松顺胜书双少爽晓雪欣新鑫佳嘉俊凯浩宇文武玉红梅海波斌振志忠诗硕森"
# Surname weights: the commonest surnames first (王 李 张 刘 陈 … about 7 % each, then a long tail).
SURNAME_WEIGHT_TOP = 20
# What the data is built from beside the cache's own sources (bench/harness.py).
SOURCES = ("bench/members_search.py", "bench/coverage.py", "bench/subtree.py", "gonghui/members/services.py")


def _worker_page(user: Any, workers: Any, after: str | None) -> Any:
    """A page of the worker list as the page reads it (``core.web.lists``, the list's keyset pager)."""
    from django.test import RequestFactory

    from gonghui.core.tree.scoping import acting_as
    from gonghui.core.web.lists import paginate
    from gonghui.members.lists import WORKERS

    request = RequestFactory().get(URL, {"after": after} if after else {})
    with acting_as(user):
        return paginate(request, workers, 50, pager=WORKERS.pager)


def _workers_wanted() -> int:
    return int(os.environ.get(WORKERS_ENV) or DEFAULT_WORKERS)


# --- Data -------------------------------------------------------------------------------------


def _id_number(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


def build_workers(rng: random.Random, total: int, large_employer: int) -> dict[str, Any]:
    """``total`` workers spread over the employers by headcount, inserted in bulk with explicit ids.

    ``large_employer`` gets ``LARGE_SHARE`` of them on top (6,000 at 1,000,000: a big factory,
    more than ``selectors.DENSE``, so a filter on it takes the "walk the scope" plan).

    Every derived column comes from the members app's plain-value helpers
    (``worker_derived_fields``, ``worker_search_fields``; ``bulk_create`` computes the blind
    indexes and encrypts ID number and phone), as an import writes them.
    """
    from django.db import transaction

    from gonghui.core.demo import names
    from gonghui.members.models import Worker
    from gonghui.members.services import default_card_number, worker_derived_fields, worker_search_fields
    from gonghui.organisations.models import Employer

    employers = list(Employer.unscoped.values_list("id", "union_id", "headcount", "union_status"))
    large = next(e for e in employers if e[0] == large_employer)
    cumulative = list(itertools.accumulate(max(1, min(e[2], 3000)) for e in employers))
    organised = {Employer.UnionStatus.OWN, Employer.UnionStatus.JOINT}
    surnames = list(names.SURNAMES)
    surname_weights = [8.0 if i < SURNAME_WEIGHT_TOP else 0.6 for i in range(len(surnames))]
    surname_cumulative = list(itertools.accumulate(surname_weights))
    given = list(names.GIVEN) + list(EXTRA_GIVEN)
    categories = [Worker.Category.REGULAR, Worker.Category.MIGRANT, Worker.Category.DISPATCHED]
    category_weights = [70, 22, 5]
    sequences: Counter[tuple[date, int]] = Counter()
    first_birth = date(1965, 1, 1)
    span = (date(2006, 12, 31) - first_birth).days
    search_cache: dict[str, dict[str, str]] = {}
    statuses = Counter()
    sample: dict[str, Any] = {}

    def one(worker_id: int) -> Worker:
        if rng.random() < LARGE_SHARE:
            employer_id, union_id, _headcount, union_status = large
        else:
            employer_id, union_id, _headcount, union_status = employers[
                bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
            ]
        male = rng.random() < 0.53
        birth = first_birth + timedelta(days=rng.randrange(span))
        while sequences[(birth, male)] >= 500:
            birth -= timedelta(days=1)
        sequence = 2 * sequences[(birth, male)] + (1 if male else 0)
        sequences[(birth, male)] += 1
        id_number = _id_number(f"339901{birth:%Y%m%d}{sequence:03d}")
        derived = {"id_number": id_number, "sex": "male" if male else "female", "birth_date": birth}
        if worker_id % 1000 == 1:
            # The helper validates fully (python-stdnum's birth-place lookup: ~150 µs a number);
            # a sample of the numbers goes through it, the rest are built the same way.
            assert worker_derived_fields(id_number) == derived, id_number
        surname = surnames[bisect.bisect_left(surname_cumulative, rng.random() * surname_cumulative[-1])]
        name = surname + rng.choice(given) + (rng.choice(given) if rng.random() < 0.7 else "")
        phone = f"1{rng.choice('35789')}{rng.randrange(1_000_000_000):09d}" if rng.random() < 0.93 else None
        search = search_cache.get(name)
        if search is None:
            search = search_cache[name] = worker_search_fields(name, None)
        roll = rng.random()
        if union_status in organised:
            status = "active" if roll < 0.8 else "kept" if roll < 0.84 else "former" if roll < 0.9 else "none"
        else:
            status = "former" if roll < 0.1 else "none"
        statuses[status] += 1
        joined = date(rng.randint(2005, 2025), rng.randint(1, 12), 1)
        return Worker(
            id=worker_id,
            union_id=union_id,
            name=name,
            pinyin=search["pinyin"],
            pinyin_initials=search["pinyin_initials"],
            name_grams=search["name_grams"],
            id_number=derived["id_number"],
            sex=derived["sex"],
            birth_date=derived["birth_date"],
            phone=phone,
            phone_last4=phone[-4:] if phone else "",
            employer_id=employer_id,
            category=rng.choices(categories, category_weights)[0] if rng.random() < 0.97 else "platform",
            card_number=default_card_number(worker_id, joined) if status != "none" else None,
            member_status=status,
        )

    gc.collect()
    gc.freeze()
    try:
        with transaction.atomic():
            for start in range(1, total + 1, BATCH):
                batch = [one(i) for i in range(start, min(total + 1, start + BATCH))]
                Worker.unscoped.bulk_create(batch, batch_size=BATCH)
                if start == 1:
                    sample["first"] = batch[0].pk
                if start % 100_000 == 1 and start > 1:
                    print(f"     … {start - 1:,} workers", flush=True)
    finally:
        gc.unfreeze()
    sample["statuses"] = dict(statuses)
    return sample


# --- Measuring --------------------------------------------------------------------------------


def _cases(user_label: str, scope: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """(label, GET parameters) of every case measured for one user."""
    probe = scope["probe"]
    return [
        ("list, first page", {}),
        ("list, a later page (keyset, after page 10)", {"after": str(scope["after"])}),
        ("name, 2 characters (张伟)", {"q": "张伟"}),
        (f"name, 3 characters ({scope['name3']})", {"q": scope["name3"]}),
        ("pinyin initials (zs)", {"q": "zs"}),
        ("pinyin prefix (zhangs)", {"q": "zhangs"}),
        ("full ID number", {"q": probe["id_number"]}),
        ("phone, last 4 digits", {"q": probe["phone_last4"]}),
        ("card number", {"q": probe["card_number"]}),
        ("filter: union subtree", {"union": str(scope["union"])}),
        ("filter: employer (small)", {"employer": str(probe["small_employer"])}),
        (f"filter: employer ({probe['large_count']:,} workers)", {"employer": str(probe["employer_id"])}),
        ("filter: category (migrant)", {"category": "migrant"}),
        ("filter: status (kept)", {"status": "kept"}),
        ("filter: age band (50-59)", {"age": "50_59"}),
        ("filter: status + age band (active, under 30)", {"status": "active", "age": "lt30"}),
        ("search + filter: zs, active", {"q": "zs", "status": "active"}),
    ]


def _query_profile(client: Any, params: dict[str, str]) -> list[tuple[float, str]]:
    """Every SQL statement of one request with its own time (ms), slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(URL, params)
    return sorted(((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries), reverse=True)


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        rows = cursor.fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def run(bench: Any) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import Length
    from django.test import Client, override_settings

    from bench.coverage import build as build_province
    from gonghui.core.accounts.models import User
    from gonghui.core.accounts.roles import Role
    from gonghui.core.reference import selectors as reference_selectors
    from gonghui.core.reference.services import reference_load
    from gonghui.core.tree.models import Union
    from gonghui.core.tree.scoping import system_scope
    from gonghui.members import selectors
    from gonghui.members.models import Worker
    from gonghui.organisations.models import Employer

    total = _workers_wanted()

    def prepare() -> dict[str, Any]:
        rng = random.Random(SEED)  # one generator for both: the workers follow the province's draws
        with bench.step("load the reference data"):
            reference_load(actor=None)
        with system_scope("benchmark"):
            with bench.step("build 10,000 unions and 50,000 employers (bench/coverage.py)"):
                built = build_province(rng)
            with bench.step(f"build {total:,} workers"):
                township_path = built["township"].path
                large_employer = (
                    Employer.unscoped.filter(
                        union_status=Employer.UnionStatus.OWN, own_union__path__startswith=township_path
                    )
                    .order_by("-headcount", "id")
                    .values_list("id", flat=True)
                    .first()
                )
                sample = build_workers(rng, total, large_employer)
        return {"county": built["county"].path, "township": township_path, "sample": sample}

    # Seeded: the same data for the same sources and size, so it is built once and then restored.
    prepared, _restored = bench.prepared(f"province of bench/coverage.py, {total:,} workers", prepare, sources=SOURCES)
    sample = prepared["sample"]
    with system_scope("benchmark"):
        if connection.vendor == "postgresql":
            with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
                for table in ("members_worker", "tree_union", "organisations_employer"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        county = Union.unscoped.get(path=prepared["county"])
        township = Union.unscoped.get(path=prepared["township"])
        # The grassroots union keeping most workers in the busiest township, and one of its workers.
        busiest = (
            Worker.unscoped.filter(union__path__startswith=township.path, union__kind=Union.Kind.GRASSROOTS)
            .values("union_id")
            .order_by()
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        grassroots = Union.unscoped.get(pk=busiest["union_id"])
        probe_worker = (
            Worker.unscoped.filter(union=grassroots, member_status="active")
            .exclude(phone_last4="")
            .order_by("id")[len(str(total)) :]
            .first()
        )
        name3 = (
            Worker.unscoped.filter(union=grassroots, name__startswith="王")
            .annotate(length=Length("name"))
            .filter(length=3)
            .values_list("name", flat=True)
            .first()
        ) or "王建华"
        employer_union = Employer.unscoped.get(pk=probe_worker.employer_id)
        # A small employer of the township (its workers out of the grassroots officer's scope).
        small_employer = (
            Worker.unscoped.filter(union__path__startswith=township.path, union__kind=Union.Kind.GRASSROOTS)
            .exclude(union=grassroots)
            .values("employer_id")
            .order_by()
            .annotate(n=Count("id"))
            .filter(n__gte=20)
            .order_by("employer_id")
            .values_list("employer_id", flat=True)
            .first()
        )
        probe = {
            "id_number": probe_worker.id_number,
            "phone_last4": probe_worker.phone_last4,
            "card_number": probe_worker.card_number,
            "employer_id": employer_union.pk,
            "large_count": Worker.unscoped.filter(employer=employer_union).count(),
            "small_employer": small_employer,
        }
        second_township = (
            Union.unscoped.filter(depth=2).exclude(pk=township.pk).order_by("path").values_list("id", flat=True).first()
        )
        township_child = (
            Union.unscoped.filter(path__startswith=township.path, depth=3)
            .exclude(pk=grassroots.pk)
            .order_by("path")
            .values_list("id", flat=True)[5]
        )
        users = {
            "county administrator": (county, Role.COUNTY_ADMIN, second_township),
            "township staff": (township, Role.UNION_STAFF, township_child),
            "grassroots officer": (grassroots, Role.GRASSROOTS_OFFICER, grassroots.pk),
        }
        created = {}
        for label, (union, role, _filter_union) in users.items():
            created[label] = User.objects.create(
                username=f"bench_{role}",
                full_name=f"bench_{role}",
                union=union,
                role=role,
                password=make_password(None),
            )
        bench.figure("workers", Worker.unscoped.count(), note=str(sample["statuses"]))
        bench.figure("unions", Union.unscoped.count())
        bench.figure("employers", Employer.unscoped.count())
        bench.figure("township's workers", Worker.unscoped.filter(union__path__startswith=township.path).count())
        bench.figure("grassroots union's workers", Worker.unscoped.filter(union=grassroots).count())
        for q in ("张伟", name3):
            bench.figure(f"workers named *{q}*", Worker.unscoped.filter(name__contains=q).count())
        bench.figure("pinyin initials zs*", Worker.unscoped.filter(pinyin_initials__startswith="zs").count())
        bench.figure("pinyin zhangs*", Worker.unscoped.filter(pinyin__startswith="zhangs").count())
    reference_selectors.clear_cache()
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    slowest: tuple[float, str, str, Any, dict[str, str]] = (0.0, "", "", None, {})
    over: list[tuple[str, str, Any, dict[str, str]]] = []
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["testserver"]):
        for label, (_union, _role, filter_union) in users.items():
            user = User.unscoped.select_related("union").get(pk=created[label].pk)
            client = Client()
            client.force_login(user)
            # A later page: follow "next" ten pages from the first.
            after = None
            for _ in range(10):
                page = _worker_page(user, selectors.workers_for_user(user), after)
                after = page.next_url.rsplit("after=", 1)[1] if page.next_url else after
            scope = {"probe": probe, "name3": name3, "union": filter_union, "after": after}
            for case, params in _cases(label, scope):

                def request(client: Any = client, params: dict[str, str] = params) -> None:
                    response = client.get(URL, params)
                    assert response.status_code == 200, response.status_code

                def selectors_only(user: Any = user, params: dict[str, str] = params) -> int:
                    filters = {key: params.get(key, "") for key in selectors.WORKER_FILTERS}
                    workers = selectors.workers_for_user(user, **filters)
                    return len(_worker_page(user, workers, params.get("after")).object_list)

                rows = selectors_only()
                start = time.perf_counter()
                request()
                # A case taking seconds is measured 3 times, not 30 (the run stays within minutes).
                repeat, warmup = (3, 0) if time.perf_counter() - start > 1.0 else (REPEAT, WARMUP)
                measured = bench.measure(
                    case, request, group=f"{label}: request", repeat=repeat, warmup=warmup, note=f"{rows} rows"
                )
                bench.measure(case, selectors_only, group=f"{label}: selectors", repeat=repeat, warmup=warmup)
                if measured.median_ms > slowest[0]:
                    slowest = (measured.median_ms, label, case, client, params)
                if measured.median_ms > TARGET_MS or measured.p95_ms > TARGET_MS:
                    over.append((label, case, client, params))
        profiled = [(slowest[1], slowest[2], slowest[3], slowest[4])]
        profiled += [item for item in over if item[:2] != slowest[1:3]]
        for label, case, client, params in profiled:
            queries = _query_profile(client, params)
            worst_ms, worst_sql = queries[0]
            listing = "\n".join(f"{ms:8.2f} ms  {sql[:160]}" for ms, sql in queries)
            bench.text(f"{label}, {case}: the request's queries, slowest first", listing)
            start = time.perf_counter()
            plan = _explain(worst_sql)
            bench.text(
                f"{label}, {case}: plan of the slowest query ({worst_ms:.1f} ms; EXPLAIN took "
                f"{(time.perf_counter() - start) * 1000:.0f} ms)",
                worst_sql + "\n\n" + plan,
            )


# --- Running it directly ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``python bench/members_search.py [--workers N] [--database sqlite|postgresql|both]``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="workers to build (try 1000000)")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    project = Path(__file__).resolve().parent.parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    from bench.harness import run_in_child

    os.environ[WORKERS_ENV] = str(args.workers)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database.replace("postgresql", "postgres")]
    status = 0
    for db in databases:
        status = max(status, run_in_child("members_search", db))
    return status


if __name__ == "__main__":
    sys.exit(main())
