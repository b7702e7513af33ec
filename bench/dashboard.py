"""The leader's dashboard and the work report at county size (province size with GONGHUI_BENCH_SIZE=province).

Target (figures and reports): the dashboard in ≤ 500 ms at county size and ≤ 2 s at province
size. The demo of that size is built on the throwaway database (or restored from the cache of
prepared data, bench/README.md); then, for the leader and the county administrator (the whole
tree) and a township's staff member: the figures alone
(``dashboard.build``: one query per list, each with a conditional count per measure and year of
the five-year trend) counted afresh, kept (no table changed since: ``core/figures/kept.py``) and
after one membership changed (its township counted again, the others kept),
and the whole page through Django's test client (middleware, scoping, the
queries, rendering). Also the Excel export and the API, and the number of measures read; and the
leader's work report of last year, step by step as its background job writes it: the figures
(every measure over the year, last year and the base year), the charts, the Word document, the PDF.
"""

from __future__ import annotations

import os
import random

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.figures import dashboard, kept, measures
from gonghui.core.figures.periods import default_period

ROLES = (
    ("leader", "demo_leader"),
    ("county administrator", "demo_county_admin"),
    ("township staff", "demo_township"),
)
REPEAT = 20


def counted(fn: object) -> object:
    """``fn`` with nothing kept: every figure counted again (the figures' cache emptied first)."""

    def call() -> object:
        caches[kept.CACHE_ALIAS].clear()
        return fn()  # type: ignore[operator]

    return call


def run(bench: Bench) -> None:
    size = os.environ.get("GONGHUI_BENCH_SIZE", "county")
    bench.demo(size)
    if connection.vendor == "postgresql":
        with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    period = default_period(timezone.localdate())
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # a full count at province size takes seconds: fewer runs of it there
    counted_runs = (5, 1) if size == "province" else (REPEAT, 3)
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["127.0.0.1"]):
        for who, username in ROLES:
            user = User.unscoped.select_related("union").get(username=username)
            readable = measures.measures_for(user)
            bench.figure(f"{who}: measures read", len(readable))
            repeat, warmup = counted_runs
            bench.measure(
                f"{who}: figures counted (dashboard.build)",
                counted(lambda u=user: dashboard.build(u, period)),
                group=size,
                repeat=repeat,
                warmup=warmup,
            )
            bench.measure(
                f"{who}: figures kept (no table changed)",
                lambda u=user: dashboard.build(u, period),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            bench.measure(
                f"{who}: figures after a membership changed (its township counted again)",
                after_a_change(lambda u=user: dashboard.build(u, period)),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            assert client.get("/dashboard/").status_code == 200
            bench.measure(
                f"{who}: page /dashboard/, counted",
                counted(lambda c=client: c.get("/dashboard/")),
                group=size,
                repeat=repeat,
                warmup=warmup,
            )
            bench.measure(
                f"{who}: page /dashboard/, kept",
                lambda c=client: c.get("/dashboard/"),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            bench.measure(
                f"{who}: page /dashboard/, after a membership changed",
                after_a_change(lambda c=client: c.get("/dashboard/")),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            bench.measure(
                f"{who}: statistics year page, counted",
                counted(lambda c=client: c.get("/dashboard/?span=statistics")),
                group=size,
                repeat=repeat,
                warmup=warmup,
            )
            if who == "leader":
                _report(bench, user, size)
                bench.measure(
                    f"{who}: Excel export, counted",
                    counted(lambda c=client: c.get("/dashboard/export/")),
                    group=size,
                    repeat=min(repeat, 5),
                    warmup=1,
                )
                bench.measure(
                    f"{who}: API, counted",
                    counted(lambda c=client: c.get("/api/v1/dashboard/")),
                    group=size,
                    repeat=repeat,
                    warmup=warmup,
                )


def after_a_change(fn: object) -> object:
    """``fn`` after one current membership, of any township, is written again (what a member joining,
    leaving or being edited does to the figures: that township is counted again, the others kept)."""
    from django.db.models import F

    from gonghui.core.tree.scoping import system_scope
    from gonghui.members.models import Membership

    with system_scope("bench: memberships to touch"):
        ids = list(Membership.unscoped.filter(ended_on__isnull=True).values_list("pk", flat=True)[::97][:500])
    random.Random(7).shuffle(ids)

    def call() -> object:
        with system_scope("bench: a membership written again"):
            Membership.unscoped.filter(pk=ids.pop()).update(last_seen_on=F("last_seen_on"))
        return fn()  # type: ignore[operator]

    return call


def _report(bench: Bench, user: User, size: str) -> None:
    from gonghui.reports import charts, content, printed, word

    year = timezone.localdate().year - 1
    built: list[object] = []

    def figures() -> None:
        caches[kept.CACHE_ALIAS].clear()  # a report is written once a year: its figures are counted afresh
        built[:] = [content.build(user, year=year, base_year=year - 5)]

    bench.measure_runs("work report: figures (content.build)", lambda _run: figures(), runs=3, group=size)
    report = built[0]
    pictures: dict[str, bytes] = {}

    def draw() -> None:
        pictures.update(
            {
                section.module: charts.section_chart(
                    [(s.label, s.unit, s.series) for s in section.statements], highlight=year
                )
                for section in report.sections  # type: ignore[attr-defined]
            }
        )

    bench.measure_runs("work report: charts", lambda _run: draw(), runs=3, group=size)
    bench.measure_runs("work report: Word document", lambda _run: word.write(report, pictures), runs=3, group=size)  # type: ignore[arg-type]
    bench.measure_runs("work report: PDF", lambda _run: printed.write(report, pictures), runs=3, group=size)  # type: ignore[arg-type]
    bench.figure(f"{size}: work report sentences", len(report.statements))  # type: ignore[attr-defined]
