"""Labour relations in the browser: a warning levelled and late, a mediation from application to arbitration.

* A township officer records a wage-arrears signal for 12 workers at an employer of their
  township, found ten days ago: the level table makes it yellow, its reporting step (3 working
  days from the day it was found) is late, and the county administrator finds it among their
  reminders.
* A grassroots officer adds their employer's mediation committee and receives an application
  received on the day before a holiday: the page shows the 15-day limit as the statutory
  calendar counts it. They accept it, record the agreement, print the 调解协议书 (a PDF with the
  agreement's Chinese text), mark it unfulfilled and hand it to arbitration: the page shows the
  last day to apply for arbitration.

Selectors rely on ids, hrefs and ``data-testid`` attributes; dates come from the server's own
clock and statutory calendar.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

FACTS = """
import json
from datetime import timedelta
from django.utils import timezone
from gonghui.core.accounts.models import User
from gonghui.core.calendar import statutory
from gonghui.organisations.models import Employer
from gonghui.rights import rules
today = timezone.localdate()
township = User.unscoped.get(username="demo_township").union
officer = User.unscoped.get(username="demo_grassroots")
in_township = Employer.unscoped.filter(union__path__startswith=township.path).order_by("id").first()
own = Employer.unscoped.filter(union=officer.union).order_by("id").first()
holidays = {d.date for y in (today.year - 1, today.year) for d in statutory.year_days(y) if d.kind == statutory.HOLIDAY}
eves = [h - timedelta(days=1) for h in holidays]
day = max(e for e in eves if e <= today - timedelta(days=20) and statutory.is_working_day(e))
ended = day - timedelta(days=5)
print(json.dumps({
    "today": today.isoformat(),
    "observed": (today - timedelta(days=10)).isoformat(),
    "township_employer": in_township.name,
    "own_employer": {"id": own.pk, "name": own.name},
    "union_id": officer.union_id,
    "holiday_eve": day.isoformat(),
    "mediation_due": rules.mediation_due(day).date.isoformat(),
    "acceptance_due": rules.acceptance_due(day).date.isoformat(),
    "employment_ended": ended.isoformat(),
    "limitation": rules.arbitration_limitation(knew_on=None, wages_during_employment=True,
                                               employment_ended_on=ended).last_day.isoformat(),
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def take_step(page: Page, name: str, fill: dict[str, str] | None = None, *, final: bool = False) -> None:
    """Take a workflow step through its form; a step into a final state asks first (accepted here)."""
    if final:
        page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id(f"step-{name}").click()
    form = page.get_by_test_id("transition-form")
    expect(form).to_be_visible()
    for selector, value in (fill or {}).items():
        form.locator(selector).fill(value)
    form.get_by_test_id("step-confirm").click()
    expect(form).to_have_count(0)
    expect(page.locator(".gh-messages .alert-success")).to_be_visible()


def test_a_late_wage_arrears_signal_reaches_the_county(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    officer: Page = new_context().new_page()
    signed_in(officer, gonghui_server, "demo_township")
    officer.goto(f"{gonghui_server.url}/rights/alerts/")
    officer.get_by_test_id("alert-new").click()
    form = officer.get_by_test_id("rights-form")
    form.locator("#id_employer").fill(facts["township_employer"])
    form.locator("#id_signal").select_option("wage_arrears")
    form.locator("#id_observed_on").fill(facts["observed"])
    form.locator("#id_workers").fill("12")
    form.locator("#id_amount").fill("96000")
    form.locator("#id_months").fill("2")
    form.get_by_test_id("save").click()
    expect(officer.locator(".gh-page-head").get_by_test_id("level")).to_have_attribute("data-level", "yellow")
    expect(officer.locator(".gh-page-head").get_by_test_id("state")).to_have_attribute("data-state", "recorded")
    assert re.search(r"/rights/alerts/\d+/$", officer.url), officer.url
    screenshot(officer, "rights-alert")

    county: Page = new_context().new_page()
    signed_in(county, gonghui_server, "demo_county_admin")
    county.goto(f"{gonghui_server.url}/reminders/?kind=deadline-alert")
    expect(county.get_by_test_id("reminder-table")).to_contain_text(facts["township_employer"])


def test_a_mediation_from_the_holiday_eve_to_arbitration(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    page: Page = new_context().new_page()
    signed_in(page, gonghui_server, "demo_grassroots")
    committee = f"{facts['own_employer']['name']}劳动争议调解委员会（浏览器测试）"

    # The employer's committee
    page.goto(f"{gonghui_server.url}/rights/committees/add/")
    form = page.get_by_test_id("rights-form")
    form.locator("#id_union").select_option(str(facts["union_id"]))
    form.locator("#id_name").fill(committee)
    form.locator("#id_kind").select_option("employer")
    form.locator("#id_employer").fill(facts["own_employer"]["name"])
    form.get_by_test_id("save").click()
    expect(page.locator("h1")).to_have_text(committee)

    # The application received on the day before a holiday
    page.goto(f"{gonghui_server.url}/rights/disputes/")
    page.get_by_test_id("dispute-new").click()
    form = page.get_by_test_id("rights-form")
    form.locator("#id_committee").select_option(label=committee)
    form.locator("#id_employer").fill(facts["own_employer"]["name"])
    form.locator("#id_applied_on").fill(facts["holiday_eve"])
    form.locator("#id_oral").check()
    form.locator("#id_applicants").fill("张建华")
    form.locator("#id_workers").fill("1")
    form.locator("#id_summary").fill("拖欠两个月工资")
    form.locator("#id_employment_ended_on").fill(facts["employment_ended"])
    form.locator("#id_claim_1").select_option("wages")
    form.locator("#id_amount_1").fill("12000")
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("mediation-due")).to_contain_text(facts["mediation_due"])
    expect(page.get_by_test_id("acceptance-due")).to_contain_text(facts["acceptance_due"])
    dispute_url = page.url

    # Accepted, mediated to an agreement
    take_step(page, "accept")
    take_step(
        page,
        "agree",
        {
            "#id_agreed_on": facts["today"],
            "#id_agreement_terms": "被申请人于协议签订后十五日内支付申请人拖欠工资12000元。",
            "#id_amount_agreed": "12000",
        },
    )
    expect(page.get_by_test_id("payment-order")).to_be_visible()
    screenshot(page, "rights-dispute")

    # The 调解协议书
    pdf = page.request.get(gonghui_server.url + page.get_by_test_id("agreement-pdf").get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # Not fulfilled, handed to arbitration, with the limitation shown
    take_step(page, "not_fulfilled", {"#id_note": "被申请人逾期未支付"})
    take_step(page, "hand_over", {"#id_arbitration_on": facts["today"]}, final=True)
    page.goto(dispute_url)
    expect(page.locator(".gh-page-head").get_by_test_id("state")).to_have_attribute("data-state", "arbitration")
    expect(page.get_by_test_id("limitation")).to_contain_text(facts["limitation"])
