"""The leader's dashboard and the work report at county size (province size with GONGHUI_BENCH_SIZE=province).

Target (figures and reports): the dashboard in ≤ 500 ms at county size and ≤ 2 s at province
size. The demo of that size is built on the throwaway database; then, for the leader and the
county administrator (the whole tree) and a township's staff member: the figures alone
(``dashboard.build``: one query per list, each with a conditional count per measure and year of
the five-year trend) counted afresh and kept (no table changed since: ``core/figures/stamps.py``),
and the whole page through Django's test client (middleware, scoping, the
queries, rendering). Also the Excel export and the API, and the number of measures read; and the
leader's work report of last year, step by step as its background job writes it: the figures
(every measure over the year, last year and the base year), the charts, the Word document, the PDF.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.figures import dashboard, measures
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
        caches["default"].clear()
        return fn()  # type: ignore[operator]

    return call


def run(bench: Bench) -> None:
    size = os.environ.get("GONGHUI_BENCH_SIZE", "county")
    with bench.step(f"demo {size}"):
        call_command("demo", size=size, verbosity=0)
    if connection.vendor == "postgresql":
        with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    period = default_period(timezone.localdate())
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["127.0.0.1"]):
        for who, username in ROLES:
            user = User.unscoped.select_related("union").get(username=username)
            readable = measures.measures_for(user)
            bench.figure(f"{who}: measures read", len(readable))
            bench.measure(
                f"{who}: figures counted (dashboard.build)",
                counted(lambda u=user: dashboard.build(u, period)),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            bench.measure(
                f"{who}: figures kept (no table changed)",
                lambda u=user: dashboard.build(u, period),
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
                repeat=REPEAT,
                warmup=3,
            )
            bench.measure(
                f"{who}: page /dashboard/, kept",
                lambda c=client: c.get("/dashboard/"),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            bench.measure(
                f"{who}: statistics year page, counted",
                counted(lambda c=client: c.get("/dashboard/?span=statistics")),
                group=size,
                repeat=REPEAT,
                warmup=3,
            )
            if who == "leader":
                _report(bench, user, size)
                bench.measure(
                    f"{who}: Excel export, counted",
                    counted(lambda c=client: c.get("/dashboard/export/")),
                    group=size,
                    repeat=5,
                    warmup=1,
                )
                bench.measure(
                    f"{who}: API, counted",
                    counted(lambda c=client: c.get("/api/v1/dashboard/")),
                    group=size,
                    repeat=REPEAT,
                    warmup=3,
                )


def _report(bench: Bench, user: User, size: str) -> None:
    from gonghui.reports import charts, content, printed, word

    year = timezone.localdate().year - 1
    built: list[object] = []

    def figures() -> None:
        caches["default"].clear()  # a report is written once a year: its figures are counted afresh
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
