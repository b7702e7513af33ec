"""Reminders at county size: the bell on every page and the reminders page, for every demo role.

The demo county (717 unions, 1,362 founding cases, 1,200 hardship files, 201 batches, union
profiles with their re-election dates) is built on the throwaway database. For each demo
account: the bell's number (``reminders.count_for``, which the top bar shows on every page),
the reminders page it links to (whole requests through Django's test client: middleware,
scoping, queries, rendering), its first and last page, and whether the number on the bell is
the number of rows the pages list. Target: the county administrator's page ≤ 200 ms.
"""

from __future__ import annotations

import html
import re

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from bench.harness import Bench
from gonghui.core.accounts.models import User
from gonghui.core.web import reminders

ROLES = (
    ("county administrator", "demo_county_admin"),
    ("township staff", "demo_township"),
    ("grassroots officer", "demo_grassroots"),
    ("assistance centre", "demo_assistance"),
    ("leader", "demo_leader"),
    ("security administrator", "demo_security"),
    ("audit administrator", "demo_audit"),
    ("worker", "demo_worker"),
)
REPEAT = 30
BELL = re.compile(
    r'<a [^>]*href="([^"]+)"[^>]*data-testid="reminders"[^>]*>.*?<span class="badge[^"]*">(\d+)</span>', re.S
)
ROW = re.compile(r"<tr[^>]*>\s*<td")
NEXT = re.compile(r'href="(\?[^"]*)" rel="next"')


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.unscoped.get(username=username))
    return client


def _walk(client: Client, url: str) -> tuple[int, int, str]:
    """Follow the pager from ``url``: rows listed, pages, the last page's URL."""
    rows = pages = 0
    last = url
    path = url.split("?")[0]
    while url and pages < 1000:
        page = client.get(url).content.decode()
        rows += len(ROW.findall(page))
        pages += 1
        last = url
        following = NEXT.search(page)
        url = path + html.unescape(following.group(1)) if following else ""
    return rows, pages, last


def run(bench: Bench) -> None:
    bench.demo("county")
    if connection.vendor == "postgresql":
        # As autovacuum would within a minute of the demo's bulk inserts (without statistics the
        # planner walks the tree once per deadline: the bell takes 20 ms instead of 2).
        with bench.step("VACUUM ANALYZE"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["127.0.0.1"]):
        for who, username in ROLES:
            user = User.unscoped.select_related("union").get(username=username)
            client = _client(username)
            match = BELL.search(client.get("/home/").content.decode())
            assert match is not None, f"no bell for {username}"
            url, bell = html.unescape(match.group(1)), int(match.group(2))
            listed, pages, last = _walk(client, url)
            bench.figure(f"{who}: bell / rows listed / pages", f"{bell} / {listed} / {pages}")
            bench.measure("bell (reminders.count_for)", lambda user=user: reminders.count_for(user), group=who)
            repeat = REPEAT if username == "demo_county_admin" else 10
            bench.measure(
                "reminders page", lambda url=url, client=client: client.get(url), group=who, repeat=repeat, warmup=3
            )
            if last != url:
                bench.measure(
                    f"reminders page, last of {pages}",
                    lambda last=last, client=client: client.get(last),
                    group=who,
                    repeat=repeat,
                    warmup=3,
                )
