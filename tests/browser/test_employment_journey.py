"""Employment services in the browser: staff register a job seeker, match, refer, record the hire; figures follow.

The township's union staff read this year's employment figures, record a vacancy for welders at
an employer of their township, register a migrant worker who welds as a job seeker at their
service point, and open the seeker's page: the vacancy is among the matches with its score and
reasons (技能匹配 …). They refer the seeker, open the referral and record the hire: the referral
says hired, the seeker is placed, and the figures count one more seeker registered, helped and
placed. An officer of another township cannot open the seeker.

Selectors rely on ids, hrefs and ``data-testid`` attributes; names and dates come from the
server's own database and clock.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from stdnum.cn import ric

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser

FACTS = """
import json
from django.utils import timezone
from gonghui.core.accounts.models import User
from gonghui.organisations.models import Employer
from gonghui.core.tree.scoping import subtree_q
staff = User.unscoped.get(username="demo_township")
below = Employer.unscoped.filter(subtree_q("union__path", staff.union.path)).exclude(union=staff.union)
employer = below.order_by("id").first()
print(json.dumps({
    "today": timezone.localdate().isoformat(),
    "employer": {"id": employer.pk, "name": employer.name, "division": employer.division_id},
    "union": staff.union.pk,
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def _number(page: Page, testid: str) -> int:
    return int(re.sub(r"[^\d]", "", page.get_by_test_id(testid).inner_text()) or 0)


def _figures(page: Page, server: GonghuiServer) -> dict[str, int]:
    page.goto(server.url + "/employment/figures/")
    return {name: _number(page, f"total-{name}") for name in ("registered", "helped", "placed")}


def test_staff_register_a_seeker_match_refer_and_record_the_hire(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    today = date.fromisoformat(facts["today"])
    body = "339901199101012" + "99"  # sequence 299: no demo seeker (300–499) or worker (500–999) has it
    id_number = body + ric.calc_check_digit(body + "0")
    name = "赵师傅"

    # Given the township's staff with this year's figures
    staff: Page = new_context().new_page()
    signed_in(staff, gonghui_server, "demo_township")
    before = _figures(staff, gonghui_server)

    # When they record a vacancy for welders at an employer of their township
    nav_link(staff, "/employment/vacancies/").click()
    staff.get_by_test_id("vacancy-new").click()
    staff.get_by_test_id("employer-search").fill(facts["employer"]["name"])
    staff.get_by_test_id("employer-search").press("Enter")
    staff.get_by_test_id("employer-results").locator(
        f'a[href="/employment/employers/{facts["employer"]["id"]}/vacancies/add/"]'
    ).click()
    form = staff.get_by_test_id("vacancy-form")
    form.locator("#id_post").fill("电焊工（浏览器测试）")
    form.locator('input[name="skills"][value="welding"]').check()
    form.locator('input[name="skills"][value="electrician"]').check()
    form.locator("#id_pay_min").fill("4500")
    form.locator("#id_pay_max").fill("6000")
    form.locator("#id_headcount").fill("2")
    form.locator("#id_valid_until").fill((today + timedelta(days=30)).isoformat())
    form.locator("button[type=submit]").click()
    expect(staff.get_by_test_id("headcount")).to_contain_text("0 / 2")
    vacancy_id = re.search(r"/employment/vacancies/(\d+)/$", staff.url).group(1)  # type: ignore[union-attr]

    # And register a migrant worker who welds as a job seeker
    nav_link(staff, "/employment/").click()
    staff.get_by_test_id("seeker-new").click()
    form = staff.get_by_test_id("seeker-form")
    form.locator("#id_union").select_option(str(facts["union"]))
    form.locator("#id_name").fill(name)
    form.locator("#id_id_number").fill(id_number)
    form.locator("#id_phone").fill("13912340000")
    form.locator("#id_category").select_option("migrant")
    form.locator('input[name="skills"][value="welding"]').check()
    form.locator('input[name="skills"][value="electrician"]').check()
    form.locator("#id_wished_work").fill("电焊")
    if facts["employer"]["division"]:
        form.locator("#id_place").select_option(facts["employer"]["division"])
    form.locator("#id_expected_pay").fill("5000")
    form.locator("#id_registered_on").fill(today.isoformat())
    form.locator("button[type=submit]").click()
    expect(staff.get_by_test_id("seeker-state")).to_be_visible()
    seeker_url = staff.url
    assert re.search(r"/employment/seekers/\d+/$", seeker_url), seeker_url
    # The ID number is shown masked
    expect(staff.locator("body")).not_to_contain_text(id_number)

    # Then the vacancy is among the matches, with its score and reasons
    match = staff.get_by_test_id("match-row").filter(
        has=staff.locator(f'a[href="/employment/vacancies/{vacancy_id}/"]')
    )
    expect(match).to_have_count(1)
    # Both skills, the pay and (when the employer's township is known) the township: 60 + 15 (+ 25)
    expect(match.get_by_test_id("score")).to_have_text("100" if facts["employer"]["division"] else "75")
    expect(match.get_by_test_id("reason").first).to_contain_text("2/2")
    screenshot(staff, "employment-matches")

    # When they refer the seeker, open the referral and record the hire
    match.get_by_test_id("refer").click()
    referral = staff.get_by_test_id("referrals").locator("a").first
    expect(referral).to_contain_text("电焊工（浏览器测试）")
    referral.click()
    hired = staff.get_by_test_id("hired-form")
    hired.locator("#id_hired_on").fill(today.isoformat())
    hired.locator("#id_pay").fill("5200")
    staff.get_by_test_id("record-hired").click()

    # Then the referral says hired with its placement, the seeker is placed and the vacancy has one place filled
    expect(staff.get_by_test_id("placement")).to_contain_text("5200")
    staff.goto(seeker_url)
    expect(staff.get_by_test_id("placements")).to_contain_text("电焊工（浏览器测试）")
    staff.goto(f"{gonghui_server.url}/employment/vacancies/{vacancy_id}/")
    expect(staff.get_by_test_id("headcount")).to_contain_text("1 / 2")

    # And the figures count one more seeker registered, helped and placed
    after = _figures(staff, gonghui_server)
    assert after == {key: value + 1 for key, value in before.items()}, (before, after)

    # An officer of another township's union cannot open the seeker
    other: Page = new_context().new_page()
    signed_in(other, gonghui_server, "demo_grassroots_other")
    assert other.request.get(seeker_url).status == 404
