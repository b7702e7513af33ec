"""Workplace safety at county size: the hazard, inspector and activity lists, a hazard, the figures page.

The demo county (500 hazards over two years, the overdue ones escalated, ~40 inspectors, a few
thousand safety activities) is built on the throwaway database; then each page is requested
through Django's test client (middleware, scoping, queries, rendering) as the county
administrator and as a township's staff member.
Targets: every list page ≤ 100 ms server time; the figures page ≤ 200 ms.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client, override_settings

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope
from gonghui.safety.models import Hazard

REPEAT = 40


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.unscoped.get(username=username))
    return client


def run(bench: Bench) -> None:
    bench.demo("county")
    with system_scope("benchmark set-up"):
        hazard = Hazard.unscoped.filter(state="rectifying").order_by("id").first()
        bench.figure("hazards", Hazard.unscoped.count())
    assert hazard is not None
    year = hazard.found_on.year
    pages = [
        ("hazard list", "/safety/hazards/"),
        ("hazard list, overdue", "/safety/hazards/?timeliness=overdue"),
        ("hazard list, major in a year", f"/safety/hazards/?level=major&year={year}"),
        ("hazard list, search", "/safety/hazards/?q=%E6%B6%88%E9%98%B2"),
        ("a hazard", f"/safety/hazards/{hazard.pk}/"),
        ("inspectors", "/safety/inspectors/"),
        ("activities", "/safety/activities/"),
        ("figures", f"/safety/figures/?year={year}"),
    ]
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["127.0.0.1"]):
        for who, username in (("county administrator", "demo_county_admin"), ("township staff", "demo_township")):
            client = _client(username)
            for label, url in pages:
                if client.get(url).status_code != 200:
                    continue  # a hazard outside the township
                bench.measure(label, lambda url=url, client=client: client.get(url), group=who, repeat=REPEAT, warmup=3)
