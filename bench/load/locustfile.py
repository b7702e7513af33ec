"""The load test's people: staff of five roles working through the site as a browser would.

Fifty people (``fixed_count``): 6 county administrators, 10 township staff, 20 grassroots
officers, 6 of the assistance centre, 7 leaders and 1 officer importing; each waits 1–5 s
between actions (a busy office, not a realistic pause). Run by ``python -m bench.load`` (which
builds the database, the accounts and the sheets, starts the server and reads the results); by
hand::

    GONGHUI_LOAD_ACCOUNTS=accounts.json GONGHUI_LOAD_SHEETS=dir \
        .venv/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 1 -t 5m --host http://127.0.0.1:8765

Every request is named by its page kind ("member list (search)", "survey visit (save)" …), so the
report gives p50/p95 per kind. Each simulated person signs in once, with an account of their own
(county administrators give a TOTP code computed from their device's key), then works: pages
are reached by following the links the previous page shows, forms are read from the page and
posted back with their own defaults and a few fields filled, exactly what a person would type.
A form that comes back with errors, a page that is not 200 and a job that fails are failures.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

from bench.load import forms

PASSWORD = os.environ.get("GONGHUI_LOAD_PASSWORD", "Gonghui#2026")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
_accounts: dict[str, list[dict[str, str]]] = {}
_next: dict[str, itertools.count[int]] = {}
_lock = threading.Lock()
_sequence = itertools.count(1)


@events.init.add_listener
def _load_accounts(environment: Any, **_kwargs: Any) -> None:
    path = os.environ.get("GONGHUI_LOAD_ACCOUNTS")
    if path:
        _accounts.update(json.loads(Path(path).read_text(encoding="utf-8")))


def _take(pool: str) -> dict[str, str]:
    """The next unused account of ``pool``: one simulated person per account."""
    with _lock:
        counter = _next.setdefault(pool, itertools.count())
        index = next(counter)
    accounts = _accounts.get(pool) or []
    if index >= len(accounts):
        raise StopUser(f"no account left in {pool}")
    return accounts[index]


def _id_number(seq: int) -> str:
    """A valid resident ID number, unique per sequence number below 10 million (check digit by python-stdnum)."""
    from stdnum.cn import ric

    body = f"340102{1970 + seq % 30}{seq // 30 % 12 + 1:02d}{seq // 360 % 28 + 1:02d}{seq // 10080 % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the 17 digits of an 18-character number


class Staff(HttpUser):
    """What every staff journey shares: signing in, pages, forms, jobs."""

    abstract = True
    wait_time = between(1, 5)
    pool = ""

    def on_start(self) -> None:
        self.rng = random.Random()
        self.account = _take(self.pool)
        self.sign_in()

    # --- requests, named by page kind ---------------------------------------------------------

    @staticmethod
    def failed(request_type: str, name: str, exception: Exception, seconds: float = 0) -> None:
        """Count a failure that is no answer of the server's (no form on the page, a job that failed)."""
        events.request.fire(
            request_type=request_type,
            name=name,
            response_time=seconds * 1000,
            response_length=0,
            exception=exception,
            context={},
        )

    def page(self, name: str, url: str, **kwargs: Any) -> Any:
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                # status 0: no answer at all (the connection was refused, reset or closed)
                response.failure(f"{response.status_code} at {response.url or url}: {response.error!r}"[:300])
            return response

    def submit(
        self,
        name: str,
        response: Any,
        has: str = "csrfmiddlewaretoken",
        action: str = "",
        fill: dict[str, str] | None = None,
        pick: tuple[str, ...] = (),
    ) -> Any:
        """Post the page's form with the field ``has`` and ``action`` in its address."""
        form = forms.post_form(response.text, response.url, has=has, action=action)
        if form is None:
            self.failed("POST", name, LookupError(f"no form with {has} {action} on {response.url}"))
            return None
        for field in pick:
            form.pick(field, self.rng)
        form.fields.update(fill or {})
        with self.client.post(
            form.action,
            data=form.fields,
            name=name,
            catch_response=True,
            allow_redirects=False,
            headers={"Referer": response.url},
        ) as posted:
            if posted.status_code != 302:
                errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*><li>([^<]+)', posted.text)
                posted.failure(f"{posted.status_code}: {'; '.join(errors[:3]) or 'not accepted'}")
                return None
            target = posted.headers["Location"]
        return self.page(f"{name} → next page", target)

    def follow(self, name: str, response: Any, pattern: str) -> Any:
        """Open one of the page's links matching ``pattern``, as a person clicks one."""
        if response is None or not response.ok:
            return None
        found = forms.links(response.text, response.url, pattern)
        if not found:
            return None
        return self.page(name, self.rng.choice(found))

    def wait_for_job(self, name: str, response: Any, limit: float = 300) -> str | None:
        """Poll a background job's page as the browser does (every second); return its result link."""
        if response is None or "/jobs/" not in response.url:
            return None
        url = response.url
        started = time.monotonic()
        while time.monotonic() - started < limit:
            polled = self.page("job progress (poll)", url, headers={"HX-Request": "true", "X-Gonghui-Background": "1"})
            status = re.search(r'data-status="(\w+)"', polled.text or "")
            if status and status.group(1) == "succeeded":
                link = re.search(r'href="([^"]+)"[^>]*data-testid="job-(?:link|download)"', polled.text)
                return link.group(1) if link else url
            if status and status.group(1) in ("failed", "cancelled"):
                self.failed("JOB", name, RuntimeError(f"job {status.group(1)}"), time.monotonic() - started)
                return None
            time.sleep(1)
        self.failed("JOB", name, TimeoutError("job still running"), limit)
        return None

    def search_members(self) -> None:
        """Search the register by a surname, then open one of the workers found."""
        page = self.page("member list (search)", f"/members/?q={self.rng.choice(SURNAMES)}")
        self.follow("worker page", page, r"/members/workers/\d+/$")

    # --- signing in -------------------------------------------------------------------------

    def sign_in(self) -> None:
        login = self.page("sign-in page", "/accounts/login/")
        for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', login.text or ""):
            self.page("static file", asset)
        form = forms.post_form(login.text, login.url, has="username")
        if form is None:
            raise StopUser("no sign-in form")
        form.fields.update(username=self.account["username"], password=PASSWORD)
        with self.client.post(
            form.action,
            data=form.fields,
            name="sign-in (password)",
            catch_response=True,
            allow_redirects=False,
            headers={"Referer": login.url},
        ) as posted:
            if posted.status_code != 302:
                posted.failure(f"password refused for {self.account['username']}")
                raise StopUser
            target = posted.headers["Location"]
        if "verify" in target:
            target = self.second_factor(target)
        self.page("home page", target)

    def second_factor(self, url: str) -> str:
        from django_otp.oath import totp

        page = self.page("sign-in code page", url)
        code = f"{totp(bytes.fromhex(self.account['totp_key'])):06d}"
        form = forms.post_form(page.text, page.url, has="code")
        form.fields["code"] = code
        with self.client.post(
            form.action,
            data=form.fields,
            name="sign-in (code)",
            catch_response=True,
            allow_redirects=False,
            headers={"Referer": page.url},
        ) as posted:
            if posted.status_code != 302:
                posted.failure("code refused")
                raise StopUser
            return posted.headers["Location"]


class CountyAdmin(Staff):
    """The county administrator reads coverage, the employers still to organise, members and a union."""

    pool = "load_county"
    fixed_count = 6

    @task(3)
    def coverage(self) -> None:
        page = self.page("coverage", "/organisations/coverage/")
        self.follow("employer list (from coverage)", page, r"/organisations/employers/\?")

    @task(3)
    def employers(self) -> None:
        page = self.page("employer list", "/organisations/employers/?union_status=eligible")
        self.follow("employer page", page, r"/organisations/employers/\d+/$")

    @task(2)
    def members(self) -> None:
        self.search_members()

    @task(1)
    def union(self) -> None:
        page = self.page("union tree", "/unions/")
        self.follow("union page", page, r"/organisations/unions/\d+/$")

    @task(1)
    def founding(self) -> None:
        page = self.page("founding cases", "/organisations/founding/")
        self.follow("founding case", page, r"/organisations/founding/\d+/$")


class TownshipStaff(Staff):
    """Township staff record survey visits to employers and look at their employers and members."""

    pool = "township"
    fixed_count = 10

    @task(3)
    def visit(self) -> None:
        surveys = self.page("survey list", "/organisations/surveys/")
        assignment = self.follow("survey assignment", surveys, r"/organisations/surveys/assignments/\d+/$")
        form = self.follow("survey visit form", assignment, r"/visit/\?employer=\d+$")
        if form is not None and form.ok:
            self.submit(
                "survey visit (save)",
                form,
                has="visited_on",
                pick=("union_status_found",),
                fill={"notes": "上门走访，了解职工人数和建会意愿。"},
            )

    @task(2)
    def employers(self) -> None:
        page = self.page("employer list", "/organisations/employers/")
        self.follow("employer page", page, r"/organisations/employers/\d+/$")

    @task(2)
    def members(self) -> None:
        self.search_members()

    @task(1)
    def coverage(self) -> None:
        self.page("coverage", "/organisations/coverage/")


class GrassrootsOfficer(Staff):
    """Grassroots union officers search their members and add new ones."""

    pool = "officer"
    fixed_count = 20

    @task(4)
    def search(self) -> None:
        self.search_members()

    @task(2)
    def add(self) -> None:
        form = self.page("member add form", "/members/add/")
        seq = next(_sequence)
        self.submit(
            "member add (save)",
            form,
            has="id_number",
            pick=("category",),
            fill={"name": f"{self.rng.choice(SURNAMES)}测{seq % 1000:03d}", "id_number": _id_number(seq)},
        )

    @task(1)
    def memberships(self) -> None:
        self.page("membership list", "/members/memberships/")

    @task(1)
    def home_page(self) -> None:
        self.page("home page", "/home/")


class AssistanceCentre(Staff):
    """The assistance centre works hardship files and grant batches."""

    pool = "load_assistance"
    fixed_count = 6

    @task(3)
    def files(self) -> None:
        page = self.page("hardship file list", f"/assistance/files/?q={self.rng.choice(SURNAMES)}")
        self.follow("hardship file", page, r"/assistance/files/\d+/$")

    @task(2)
    def batches(self) -> None:
        page = self.page("grant batch list", "/assistance/disbursements/")
        self.follow("grant batch", page, r"/assistance/disbursements/\d+/$")

    @task(1)
    def figures(self) -> None:
        self.page("assistance figures", "/assistance/figures/")

    @task(1)
    def verify(self) -> None:
        """Verify the finances of a file after its home visit (one person does this, so no two take the same file)."""
        if not self.account["username"].endswith("01"):
            return
        page = self.page("hardship file list", "/assistance/files/?state=visited")
        file = self.follow("hardship file", page, r"/assistance/files/\d+/$")
        step = self.follow("workflow step form", file, r"/workflow/hardship-file/\d+/verify/$")
        if step is not None and step.ok:
            self.submit("workflow step (save)", step, action="/verify/")


class Leader(Staff):
    """The leader reads the dashboard and opens the lists behind its numbers."""

    pool = "load_leader"
    fixed_count = 7

    @task(2)
    def dashboard(self) -> None:
        page = self.page("dashboard", "/dashboard/")
        self.follow("list behind a figure", page, r"\?measure=")

    @task(1)
    def coverage(self) -> None:
        self.page("coverage", "/organisations/coverage/")

    @task(1)
    def figures(self) -> None:
        self.page("module figures", self.rng.choice(["/assistance/figures/", "/rights/figures/", "/safety/figures/"]))


class Importer(Staff):
    """Meanwhile, an officer imports a member sheet and then exports the register, again and again."""

    pool = "officer"
    fixed_count = 1
    wait_time = between(20, 40)

    @task
    def import_and_export(self) -> None:
        sheets = sorted(Path(os.environ["GONGHUI_LOAD_SHEETS"]).glob("*.xlsx"))
        sheet = sheets[next(_sequence) % len(sheets)]
        start = self.page("import page", "/sheets/members/import/")
        upload = forms.post_form(start.text, start.url, action="/sheets/members/import/")
        if upload is None:
            return
        with sheet.open("rb") as handle:
            posted = self.client.post(
                upload.action,
                data=upload.fields,
                files={"file": (sheet.name, handle)},
                name="import (upload)",
                headers={"Referer": start.url},
            )
        preview_url = self.wait_for_job("import check (job)", posted)
        if not preview_url:
            return
        preview = self.page("import preview", preview_url)
        confirmed = self.submit("import confirm", preview, action="/confirm/")
        self.wait_for_job("import write (job)", confirmed)
        exported = self.page("member export", "/sheets/members/export/")
        self.wait_for_job("member export (job)", exported)
