"""Workplace safety in the browser: a hazard's rectification runs past its deadline and escalates to the township.

A grassroots officer finds an employer of their union from the hazard list, records a fire hazard
found there, and issues the rectification notice (整改通知书) with a period of 7 days. The notice
was given a month ago, so its due day is long past: the hazard's page says it is overdue, the
employer's page lists it in its safety panel, and the notice prints as a PDF. The operator's
hourly deadline check runs (``gonghui deadlines``, as the scheduler runs it), and the township's
officer finds the hazard among their reminders (the hazards' kind), marked as escalated to their
union; its page names the township in the deadline. An officer of another township cannot open it.

Selectors rely on ids, hrefs and ``data-testid`` attributes; names and dates come from the
server's own database and clock.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser

FACTS = """
import json
from django.utils import timezone
from gonghui.core.accounts.models import User
from gonghui.organisations.models import Employer
officer = User.unscoped.get(username="demo_grassroots")
township = User.unscoped.get(username="demo_township").union
employer = Employer.unscoped.filter(union=officer.union).order_by("id").first()
print(json.dumps({
    "today": timezone.localdate().isoformat(),
    "employer": {"id": employer.pk, "name": employer.name},
    "union": officer.union.name,
    "township": township.name,
    "township_is_parent": officer.union.path[:-4] == township.path,
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def test_an_overdue_rectification_escalates_to_the_township(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    assert facts["township_is_parent"], "the demo's grassroots officer sits right below the demo township"
    today = date.fromisoformat(facts["today"])
    found = (today - timedelta(days=30)).isoformat()
    description = "消防通道堆放杂物（浏览器测试）"

    # Given the grassroots officer on the hazard list, recording a hazard found a month ago at their employer
    officer: Page = new_context().new_page()
    signed_in(officer, gonghui_server, "demo_grassroots")
    nav_link(officer, "/safety/hazards/").click()
    officer.get_by_test_id("hazard-new").click()
    officer.get_by_test_id("employer-search").fill(facts["employer"]["name"])
    officer.get_by_test_id("employer-search").press("Enter")
    officer.get_by_test_id("employer-results").locator(
        f'a[href="/safety/employers/{facts["employer"]["id"]}/hazards/add/"]'
    ).click()
    form = officer.get_by_test_id("hazard-form")
    form.locator("#id_found_on").fill(found)
    form.locator("#id_category").select_option("fire")
    form.locator("#id_level").select_option("general")
    form.locator("#id_location").fill("一号车间")
    form.locator("#id_description").fill(description)
    form.locator("#id_responsible_person").fill("王建国")
    form.locator("button[type=submit]").click()
    expect(officer.get_by_test_id("hazard-title")).to_contain_text(facts["employer"]["name"])
    hazard_url = officer.url
    assert re.search(r"/safety/hazards/\d+/$", hazard_url), hazard_url
    expect(officer.get_by_test_id("state")).to_have_attribute("data-state", "found")

    # and issue the rectification notice that same day, for 7 days
    officer.get_by_test_id("step-issue_notice").click()
    step = officer.get_by_test_id("transition-form")
    expect(step).to_be_visible()
    step.locator("#id_issued_on").fill(found)
    step.locator("#id_measures").fill("清理消防通道，设置禁止堆放标识")
    step.locator("#id_rectification_days").fill("7")
    step.get_by_test_id("step-confirm").click()
    expect(step).to_have_count(0)

    # Then the hazard is being rectified, its due day is past and the page says it is overdue
    expect(officer.get_by_test_id("state")).to_have_attribute("data-state", "rectifying")
    due = officer.get_by_test_id("due").inner_text()[:10]
    assert date.fromisoformat(due) < today
    expect(officer.get_by_test_id("overdue")).to_be_visible()
    expect(officer.get_by_test_id("deadline")).to_contain_text(due)

    # and the notice prints
    response = officer.request.get(f"{hazard_url}notice.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"

    # and the employer's page shows it among the employer's hazards, overdue
    officer.goto(f"{gonghui_server.url}/organisations/employers/{facts['employer']['id']}/")
    panel = officer.get_by_test_id("employer-safety")
    expect(panel.locator(f'a[href="{hazard_url.removeprefix(gonghui_server.url)}"]')).to_be_visible()
    expect(panel.locator('a[href*="timeliness=overdue"]')).to_have_class(re.compile("text-danger"))

    # When the hourly deadline check runs
    gonghui_server.command("deadlines")

    # Then the township's officer finds it among their reminders, escalated to their union
    township: Page = new_context().new_page()
    signed_in(township, gonghui_server, "demo_township")
    township.goto(f"{gonghui_server.url}/reminders/?kind=deadline-hazard")
    path = hazard_url.removeprefix(gonghui_server.url)
    link = township.locator(f'[data-testid="reminder"] a[href="{path}"]')
    expect(link).to_be_visible()
    row = link.locator("xpath=ancestor::tr[1]")
    expect(row).to_contain_text(facts["employer"]["name"])
    expect(row.locator(".badge.text-bg-dark")).to_be_visible()  # "escalated to your union"
    screenshot(township, "safety-escalated-reminder")
    link.click()
    expect(township).to_have_url(hazard_url)
    expect(township.locator("body")).to_contain_text(description)
    # the deadline names the township it was escalated to, and the timeline has the escalation
    expect(township.get_by_test_id("deadline")).to_contain_text(facts["township"])
    screenshot(township, "safety-hazard")

    # And an officer of another township cannot open it
    other: Page = new_context().new_page()
    signed_in(other, gonghui_server, "demo_grassroots_other")
    assert other.request.get(hazard_url).status == 404
