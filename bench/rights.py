"""Labour relations at county size: the warning and case lists, a case, the figures page, the daily signal check.

The demo county (two years of warnings with the dispatch signals raised automatically, ~300
mediation cases in every state, the committees) is built on the throwaway database; then each
page is requested through Django's test client (middleware, scoping, queries, rendering) as the
county administrator and as a township's staff member, and the daily signal check runs over the
member registry once.
Targets: every list page ≤ 100 ms server time; the figures page ≤ 200 ms.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client, override_settings

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope
from gonghui.rights.models import Alert, Dispute
from gonghui.rights.signals import signals_check

REPEAT = 40


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.unscoped.get(username=username))
    return client


def run(bench: Bench) -> None:
    bench.demo("county")
    with system_scope("benchmark set-up"):
        dispute = Dispute.unscoped.filter(state="arbitration").order_by("id").first()
        alert = Alert.unscoped.order_by("id").first()
        bench.figure("warnings", Alert.unscoped.count())
        bench.figure("disputes", Dispute.unscoped.count())
    assert dispute is not None
    assert alert is not None
    year = dispute.applied_on.year
    pages = [
        ("warning list", "/rights/alerts/"),
        ("warning list, open red", "/rights/alerts/?state=open&level=red"),
        ("warning list, raised automatically", "/rights/alerts/?automatic=1"),
        ("a warning", f"/rights/alerts/{alert.pk}/"),
        ("case list", "/rights/disputes/"),
        ("case list, agreements in a year", f"/rights/disputes/?outcome=agreement&year={year}"),
        ("case list, search", "/rights/disputes/?q=%E5%B7%A5%E8%B5%84"),
        ("a case", f"/rights/disputes/{dispute.pk}/"),
        ("committees", "/rights/committees/"),
        ("figures", f"/rights/figures/?year={year}"),
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
                    continue  # an object outside the township
                bench.measure(label, lambda url=url, client=client: client.get(url), group=who, repeat=REPEAT, warmup=3)
    bench.measure("daily signal check (member registry, 55,000 workers)", signals_check, repeat=3, warmup=1)
