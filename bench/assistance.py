"""Hardship assistance at county size: the pages, and a large batch checked and approved.

The demo county (1,200 hardship files, 5,000+ grants over five years, 55,000 workers) is built
on the throwaway database; then each assistance page is requested through Django's test
client (middleware, scoping, queries, rendering) as the assistance centre at the county and as
a township's staff member, and a batch of every filed household of the county is made,
checked (the once-a-year rule against every other grant) and approved.
Targets: every list page ≤ 100 ms server time; query counts that do not grow with the data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from bench.harness import Bench
from gonghui.assistance import services
from gonghui.assistance.models import Disbursement, Grant, HardshipFile, Program
from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform

REPEAT = 40


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.unscoped.get(username=username))
    return client


def run(bench: Bench) -> None:
    bench.demo("county")
    with system_scope("benchmark set-up"):
        waiting = Disbursement.unscoped.get(state="checked")
        paid = Disbursement.unscoped.filter(state="paid").order_by("-id").first()
        file = HardshipFile.unscoped.filter(state="filed").order_by("id").first()
        files = HardshipFile.unscoped.count()
        waiting_size = Grant.unscoped.filter(disbursement=waiting).count()
    assert paid is not None
    assert file is not None
    bench.figure("hardship files", files)
    pages = [
        ("file list", "/assistance/files/"),
        ("file list, deep and filed", "/assistance/files/?state=filed&category=deep"),
        ("file list, name search", "/assistance/files/?q=%E5%BC%A0"),
        ("a file", f"/assistance/files/{file.pk}/"),
        ("public notice", "/assistance/notices/"),
        ("figures", "/assistance/figures/"),
        ("households not reached", "/assistance/figures/unreached/"),
        ("batches", "/assistance/disbursements/"),
        (
            f"waiting batch ({waiting_size} households, checked live)",
            f"/assistance/disbursements/{waiting.pk}/",
        ),
        ("paid batch", f"/assistance/disbursements/{paid.pk}/"),
        ("programmes", "/assistance/programmes/"),
    ]
    # Pages rendered without collected static files (the manifest is a deployment step).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["127.0.0.1"]):
        for who, username in (("assistance centre", "demo_assistance"), ("township staff", "demo_township")):
            client = _client(username)
            for label, url in pages:
                response = client.get(url)
                if response.status_code != 200:
                    continue  # e.g. a batch outside the township
                bench.measure(label, lambda url=url, client=client: client.get(url), group=who, repeat=REPEAT, warmup=3)
    _big_batch(bench)


def _big_batch(bench: Bench) -> None:
    """Every filed household of the county in one living-aid batch of a new year: check and approve."""
    centre = User.unscoped.get(username="demo_assistance")
    admin = User.unscoped.filter(role="county_admin").order_by("id").first()
    year = timezone.localdate().year + 5  # a year without grants: every household is eligible
    program = services.program_create(
        actor=centre,
        union=centre.union,
        year=year,
        kind=Program.Kind.LIVING,
        name=f"{year}年生活救助（基准测试）",
        budget=Decimal("100000000"),
        default_amount=Decimal("500"),
    )
    batch = services.disbursement_create(actor=admin, program=program, union=admin.union)
    state: dict[str, Any] = {}

    def add(_: int) -> None:
        state["added"] = services.grants_add_eligible(
            actor=admin, batch=batch, categories=["deep", "relative", "sudden"]
        )

    bench.measure_runs("add every eligible household", add, runs=1, group="large batch")
    bench.figure("households in the batch", state["added"])
    bench.measure(
        "check the batch (problems)",
        lambda: services.disbursement_problems(batch),
        group="large batch",
        repeat=10,
        warmup=1,
    )
    transition_perform(actor=admin, obj=batch, name="submit")
    transition_perform(actor=centre, obj=batch, name="check")
    bench.measure_runs(
        "approve (every grant against every other, budget, count)",
        lambda _: transition_perform(actor=centre, obj=batch, name="approve"),
        runs=1,
        group="large batch",
    )
