"""Member welfare in the browser: an over-cap birthday refused with both numbers, a festival batch, four eyes.

A grassroots officer records a birthday payout of ¥301 for a member of their union: the page
refuses it, naming the cap and the amount ("生日慰问上限300元，本次301元"), and nothing is
recorded. The officer then makes a New Year's Day batch from the union's member list — every line
checked against the caps — and submits it. The officer cannot approve their own batch; the
township's officer opens it and approves it, and the batch's payouts are listed.

Selectors rely on ids, hrefs and ``data-testid`` attributes; names and dates come from the
server's own database and clock.
"""

from __future__ import annotations

import re
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
from gonghui.members.models import Membership
officer = User.unscoped.get(username="demo_grassroots")
membership = (
    Membership.unscoped.filter(union=officer.union, status__in=Membership.CURRENT, worker__card_number__isnull=False)
    .select_related("worker").order_by("id").first()
)
members = Membership.unscoped.filter(union=officer.union, status__in=Membership.CURRENT).count()
print(json.dumps({
    "today": timezone.localdate().isoformat(),
    "card": membership.worker.card_number,
    "name": membership.worker.name,
    "union": officer.union.pk,
    "members": members,
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def test_an_over_cap_payout_is_refused_and_a_festival_batch_is_approved_by_a_second_person(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    # Given the grassroots officer recording a birthday payout of ¥301 for a member of their union
    officer: Page = new_context().new_page()
    signed_in(officer, gonghui_server, "demo_grassroots")
    nav_link(officer, "/welfare/").click()
    officer.get_by_test_id("payout-add").click()
    form = officer.get_by_test_id("payout-form")
    form.locator("#id_union").select_option(str(facts["union"]))
    form.locator("#id_member").fill(facts["card"])
    form.locator("#id_item").select_option("birthday")
    form.locator("#id_form").select_option("goods")
    form.locator("#id_amount").fill("301")
    form.locator("#id_paid_on").fill(facts["today"])
    officer.get_by_test_id("payout-save").click()

    # Then the page refuses it with the cap and the amount, and keeps the form
    expect(officer.locator(".alert-danger")).to_contain_text("生日慰问上限300元，本次301元")
    expect(officer.get_by_test_id("payout-form")).to_be_visible()
    screenshot(officer, "welfare-over-cap")
    officer.goto(f"{gonghui_server.url}/welfare/?q={facts['card']}&item=birthday&year={facts['today'][:4]}")
    expect(officer.get_by_test_id("payout-table").locator("td", has_text="¥301")).to_have_count(0)

    # When the officer makes a New Year's Day batch from the member list and submits it
    officer.goto(f"{gonghui_server.url}/welfare/batches/")
    officer.get_by_test_id("batch-add").click()
    batch_form = officer.get_by_test_id("batch-form")
    batch_form.locator("#id_union").select_option(str(facts["union"]))
    batch_form.locator("#id_title").fill("元旦慰问（浏览器测试）")
    batch_form.locator("#id_festival").select_option("new_year")
    batch_form.locator("#id_form").select_option("goods")
    batch_form.locator("#id_amount").fill("100")
    batch_form.locator("#id_paid_on").fill(facts["today"])
    officer.get_by_test_id("batch-save").click()
    expect(officer.get_by_test_id("batch-title")).to_contain_text("元旦慰问")
    batch_url = officer.url
    assert re.search(r"/welfare/batches/\d+/$", batch_url), batch_url
    expect(officer.get_by_test_id("line")).to_have_count(facts["members"])
    expect(officer.get_by_test_id("line-refusal")).to_have_count(0)
    officer.get_by_test_id("step-submit").click()
    step = officer.get_by_test_id("transition-form")
    expect(step).to_be_visible()
    step.get_by_test_id("step-confirm").click()
    expect(step).to_have_count(0, timeout=30_000)
    expect(officer.get_by_test_id("state")).to_have_attribute("data-state", "submitted")
    # the maker is offered no approval
    expect(officer.get_by_test_id("step-approve")).to_have_count(0)

    # Then the township's officer approves it, and the payouts are written
    checker: Page = new_context().new_page()
    signed_in(checker, gonghui_server, "demo_township")
    checker.goto(batch_url)
    checker.get_by_test_id("step-approve").click()
    step = checker.get_by_test_id("transition-form")
    expect(step).to_be_visible()
    questions: list[str] = []
    checker.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    step.get_by_test_id("step-confirm").click()
    expect(step).to_have_count(0, timeout=30_000)  # the approval checks every line again and writes the payouts
    expect(checker.get_by_test_id("state")).to_have_attribute("data-state", "approved")
    assert questions, "an approval cannot be undone: the page asks first"
    expect(checker.get_by_test_id("approved-by")).to_be_visible()
    screenshot(checker, "welfare-batch-approved")
    checker.get_by_test_id("batch-payouts").click()
    expect(checker.get_by_test_id("payout-table").locator("tbody tr")).to_have_count(min(facts["members"], 50))
