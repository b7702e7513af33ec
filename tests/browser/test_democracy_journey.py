"""Democratic management in the browser: a lawful congress votes a wage agreement, which is signed, filed and counted.

A grassroots officer sets up a congress term for their employer of 180 workers (the page asks for
at least 30 delegates and shows the managers' share), adds 30 delegates from the member registry,
plans a sitting and takes the roll: with 19 of 30 present the sitting may not vote, with 20
(exactly two thirds) it may. They record a bargaining request for a wage agreement, the reply and
the representatives, put the draft to the sitting and vote: 15 yes of 20 present is a majority of
those present but exactly half of all delegates, and the item fails; at a second vote 16 yes pass
it. They sign the agreement on Friday 26 September 2025 and see the 7-day filing deadline moved
across National Day to 9 October, file it, and the county's contract coverage figure (read by the
leader) counts one more employer.

Selectors rely on ids, hrefs and ``data-testid`` attributes; the employer, its workers and the
leader's figures come from the server's own database.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

# The demo's grassroots officer's own employer, made an employer of 180 workers with at least 30
# workers in the registry and no collective contract yet (the demo may have given it some).
SETUP = """
import json
from datetime import date
from stdnum.cn import ric
from gonghui.core.accounts.models import User
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import Deadline, TimelineEntry
from gonghui.democracy.models import CollectiveContract
from gonghui.members import services as members
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer
officer = User.unscoped.get(username="demo_grassroots")
with system_scope("the browser journey's starting point"):
    employer = Employer.unscoped.get(own_union=officer.union)
    Employer.unscoped.filter(pk=employer.pk).update(headcount=180, women=60, dispatched_workers=12, size_band="100_999")
    contracts = list(CollectiveContract.unscoped.filter(employer=employer).values_list("pk", flat=True))
    Deadline.unscoped.filter(workflow="collective-contract", object_id__in=contracts).delete()
    TimelineEntry.unscoped.filter(workflow="collective-contract", object_id__in=contracts).delete()
    CollectiveContract.unscoped.filter(pk__in=contracts).delete()
    have = Worker.unscoped.filter(employer=employer).count()
    for n in range(max(0, 32 - have)):
        body = f"110105{date(1980 + n % 20, 1 + n % 12, 1 + n % 27):%Y%m%d}{900 + n:03d}"
        number = body + ric.calc_check_digit(body + "0")
        members.worker_create(actor=None, union=employer.union, name=f"候选{n}", id_number=number, employer=employer)
    workers = list(Worker.unscoped.filter(employer=employer).order_by("id").values_list("pk", flat=True))[:30]
facts = {"employer": {"id": employer.pk, "name": employer.name}, "workers": workers}
print(json.dumps(facts, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(SETUP)


def _contract_count(page: Page, server: GonghuiServer) -> int:
    page.goto(f"{server.url}/democracy/figures/")
    return int(page.get_by_test_id("contract-count").inner_text().strip().replace(",", ""))


def _step(page: Page, name: str, fields: dict[str, str]) -> None:
    page.locator(f'a[href*="/{name}/"]').first.click()
    for field, value in fields.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("form button[type=submit]").last.click()


def test_a_congress_votes_a_wage_agreement_that_is_signed_filed_and_counted(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    url = gonghui_server.url
    leader: Page = new_context().new_page()
    signed_in(leader, gonghui_server, "demo_leader")
    covered_before = _contract_count(leader, gonghui_server)

    officer: Page = new_context().new_page()
    signed_in(officer, gonghui_server, "demo_grassroots")

    # Given the employer's democracy page: 180 workers, a congress of at least 30 delegates
    officer.goto(f"{url}/democracy/employers/{facts['employer']['id']}/")
    officer.get_by_test_id("congress-add").click()
    expect(officer.get_by_test_id("congress-rule")).to_contain_text("30")
    form = officer.get_by_test_id("congress-form")
    form.locator("#id_term_start").fill("2025-01-01")
    form.locator("#id_term_end").fill("2027-12-31")
    form.locator("#id_workforce").fill("180")
    form.locator("button[type=submit]").click()
    assert re.search(r"/democracy/congresses/\d+/$", officer.url), officer.url
    congress_url = officer.url
    expect(officer.get_by_test_id("delegates-required")).to_have_text("30")
    expect(officer.locator('[data-check="delegates"]')).to_have_attribute("data-met", "no")

    # When they add 30 delegates from the registry, 6 of them managers (exactly 20 %)
    for i, worker in enumerate(facts["workers"]):
        delegate_form = officer.get_by_test_id("delegate-form")
        delegate_form.locator("#id_worker").select_option(str(worker))
        delegate_form.locator("#id_electoral_unit").fill(f"{i % 3 + 1}车间")
        if i < 6:
            delegate_form.locator("#id_is_manager").check()
        delegate_form.locator("button[type=submit]").click()
        expect(officer).to_have_url(congress_url)
    expect(officer.locator('[data-check="delegates"]')).to_have_attribute("data-met", "yes")
    expect(officer.locator('[data-check="managers"]')).to_have_attribute("data-met", "yes")
    expect(officer.locator('[data-check="managers"]')).to_contain_text("6")
    screenshot(officer, "democracy-congress")

    # And plan a sitting, taking the roll with 19 present: no quorum
    officer.get_by_test_id("session-add").click()
    officer.locator("#id_held_on").fill("2025-09-20")
    officer.locator("#id_materials_sent_on").fill("2025-09-10")
    officer.locator("form button[type=submit]").last.click()
    session_url = officer.url
    assert re.search(r"/democracy/sittings/\d+/$", session_url), session_url

    def take_roll(present: int) -> None:
        officer.get_by_test_id("attendance-link").click()
        officer.wait_for_url(re.compile(r"/attendance/$"))
        radios = officer.get_by_test_id("attendance-form").locator("tbody tr")
        # every delegate's row, counted on the attendance page (not on the page it was opened from)
        expect(radios).to_have_count(len(facts["workers"]))
        for row in range(radios.count()):
            status = "present" if row < present else "absent"
            radios.nth(row).locator(f'input[value="{status}"]').check()
        officer.get_by_test_id("attendance-form").locator("button[type=submit]").click()
        expect(officer).to_have_url(session_url)

    take_roll(19)
    expect(officer.get_by_test_id("quorum")).to_contain_text("20")
    expect(officer.get_by_test_id("attendance")).to_have_attribute("data-present", "19")
    # Then with 20, exactly two thirds, it may vote
    take_roll(20)
    expect(officer.get_by_test_id("attendance")).to_have_attribute("data-present", "20")
    expect(officer.get_by_test_id("quorum")).not_to_contain_text("20")

    # When they record a bargaining request for a wage agreement, the reply, representatives and terms
    officer.goto(f"{url}/democracy/employers/{facts['employer']['id']}/")
    officer.get_by_test_id("contract-add").click()
    officer.locator("#id_kind").select_option("wage")
    officer.locator("#id_requested_on").fill("2025-09-01")
    officer.locator("form button[type=submit]").last.click()
    contract_url = officer.url
    assert re.search(r"/democracy/contracts/\d+/$", contract_url), contract_url
    _step(officer, "reply", {"replied_on": "2025-09-10"})
    expect(officer.get_by_test_id("contract-state")).to_contain_text("协商")
    for side in ("workers", "employer"):
        for i in range(3):
            rep = officer.get_by_test_id("representative-form")
            if not rep.is_visible():
                officer.get_by_test_id("representatives").locator("summary").click()
            rep.locator("#id_side").select_option(side)
            rep.locator("#id_name").fill(f"{'职工' if side == 'workers' else '企业'}代表{i + 1}")
            rep.locator("button[type=submit]").click()
            expect(officer).to_have_url(contract_url)
    officer.get_by_test_id("terms-link").click()
    officer.locator("#id_covered_workers").fill("180")
    officer.locator("#id_minimum_wage").fill("1800")
    officer.locator("form button[type=submit]").last.click()
    expect(officer.locator("body")).to_contain_text("1,800.00")  # below the local minimum: refused with the numbers
    officer.locator("#id_minimum_wage").fill("2600")
    officer.locator("#id_wage_rise_percent").fill("6.5")
    officer.locator("form button[type=submit]").last.click()
    expect(officer).to_have_url(contract_url)

    # And put the draft to the sitting: 15 yes of 20 present is exactly half of all 30 — it fails
    officer.goto(session_url)
    officer.get_by_test_id("items").locator("summary").click()
    item_form = officer.get_by_test_id("item-form")
    item_form.locator("#id_title").fill("工资专项集体协议草案")
    item_form.locator("#id_contract").select_option(index=1)
    item_form.locator("button[type=submit]").click()
    officer.get_by_test_id("vote-1").click()
    officer.locator("#id_yes").fill("15")
    officer.locator("#id_no").fill("5")
    officer.locator("#id_abstain").fill("0")
    officer.locator("form button[type=submit]").last.click()
    expect(officer.locator('[data-item="1"]')).to_have_attribute("data-passed", "no")
    # Then a second vote with 16 yes passes it
    officer.get_by_test_id("vote-1").click()
    officer.locator("#id_yes").fill("16")
    officer.locator("#id_no").fill("4")
    officer.locator("#id_abstain").fill("0")
    officer.locator("form button[type=submit]").last.click()
    expect(officer.locator('[data-item="1"]')).to_have_attribute("data-passed", "yes")
    screenshot(officer, "democracy-sitting")

    # When they sign on Friday 26 September 2025: 7 days end on 3 October, National Day → 9 October
    officer.goto(contract_url)
    _step(officer, "sign", {"signed_on": "2025-09-26", "term_start": "2025-10-01", "term_end": "2027-09-30"})
    expect(officer).to_have_url(contract_url)
    expect(officer.get_by_test_id("filing-due")).to_contain_text("2025-10-09")
    screenshot(officer, "democracy-contract-signed")
    # And file it on that day
    _step(officer, "file", {"filed_on": "2025-10-09", "received_on": "2025-10-09"})
    expect(officer.get_by_test_id("contract-state")).to_contain_text("报送")

    # Then the county's contract coverage counts one more employer
    assert _contract_count(leader, gonghui_server) == covered_before + 1
