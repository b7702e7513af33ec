"""Democratic management at county size: the contract, congress, sitting and employer lists, a contract, figures.

The demo county (congress terms for most employers with a union, their sittings and motions, about
a thousand collective contracts in every state) is built on the throwaway database; then each page
is requested through Django's test client (middleware, scoping, queries, rendering) as the county
administrator and as a township's staff member.
Targets: every list page ≤ 100 ms server time; the figures page ≤ 300 ms.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client, override_settings

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope
from gonghui.democracy.models import CollectiveContract, Congress, Session

REPEAT = 40


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.unscoped.get(username=username))
    return client


def run(bench: Bench) -> None:
    bench.demo("county")
    with system_scope("benchmark set-up"):
        contract = CollectiveContract.unscoped.filter(state="in_force").order_by("id").first()
        congress = Congress.unscoped.filter(form=Congress.Form.DELEGATES).order_by("id").first()
        bench.figure("collective contracts", CollectiveContract.unscoped.count())
        bench.figure("congress terms", Congress.unscoped.count())
        bench.figure("sittings", Session.unscoped.count())
    assert contract is not None
    assert congress is not None
    pages = [
        ("contract list", "/democracy/contracts/"),
        ("contract list, renewal due", "/democracy/contracts/?expiring=1"),
        ("contract list, not filed in time", "/democracy/contracts/?unfiled=1"),
        ("contract list, search", "/democracy/contracts/?q=%E5%B7%A5%E8%B5%84"),
        ("a contract", f"/democracy/contracts/{contract.pk}/"),
        ("congress list", "/democracy/congresses/"),
        ("congress list, no sitting this year", "/democracy/congresses/?sitting=missing"),
        ("a congress", f"/democracy/congresses/{congress.pk}/"),
        ("sitting list", "/democracy/sittings/"),
        ("employer list, no contract", "/democracy/employers/?contract=no"),
        ("figures", "/democracy/figures/"),
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
