"""Worker requests in the browser: a worker without an account files a wage request on a phone, follows it
by its tracking code, the officer of the employer's union answers it, and the worker rates the answer.

On a 360 × 740 screen, signed out, the worker opens the public form, types part of their employer's
name and picks it from the search, answers the site's own challenge (the arithmetic picture; the
test reads its answer from the server's database, as no outside service is involved), and sends.
The tracking code is shown once; on the tracking page the request reads "received". The grassroots
officer of the employer's union finds it among their reminders, assigns it to themself and
answers it. The worker, by the code again, reads the answer and rates it; the page then shows the
rating and offers no second one. No page is wider than the phone.

Selectors rely on ids, names and ``data-testid`` attributes; names come from the server's database.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
FACTS = """
import json
from django.db.models import Q
from gonghui.core.accounts.models import User
from gonghui.organisations.models import Employer
officer = User.unscoped.get(username="demo_grassroots")
employer = (
    Employer.unscoped.filter(Q(own_union=officer.union) | Q(joint_union=officer.union), status="operating")
    .order_by("id")
    .first()
)
facts = {"employer": {"id": employer.pk, "name": employer.name}, "union": officer.union.name}
print(json.dumps(facts, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def solve_challenge(page: Page, server: GonghuiServer, form: Any) -> None:
    """Answer the site's own challenge: its answer is stored on the server under the form's key."""
    key = form.locator('input[name="challenge_0"]').get_attribute("value")
    assert key, "the form carries its challenge's key"
    assert re.fullmatch(r"[0-9a-f]+", key), key
    answer = server.shell_json(
        "import json\nfrom captcha.models import CaptchaStore\n"
        f"print(json.dumps(CaptchaStore.objects.get(hashkey='{key}').response))"
    )
    form.locator('input[name="challenge_1"]').fill(answer)


def fits_the_phone(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= 360"))


def test_a_worker_files_a_wage_request_follows_it_and_rates_the_answer(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    employer = facts["employer"]
    description = "三个月工资没有发（浏览器测试）"

    # Given a worker without an account on the public form, on a phone
    worker: Page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    worker.goto(f"{gonghui_server.url}/requests/submit/")
    form = worker.get_by_test_id("request-form")
    expect(form).to_be_visible()
    assert fits_the_phone(worker)

    # When they file a wage request, picking their employer from the search
    form.locator('input[name="category"][value="wages"]').check()
    form.get_by_test_id("employer-name").press_sequentially(employer["name"][:4], delay=50)
    pick = form.get_by_test_id("employer-pick")
    expect(pick.locator(f'option[value="{employer["id"]}"]')).to_have_count(1)
    pick.select_option(str(employer["id"]))
    form.locator("#id_contact_name").fill("张三")
    form.locator("#id_contact_phone").fill("13912345678")
    form.locator("#id_description").fill(description)
    solve_challenge(worker, gonghui_server, form)
    screenshot(worker, "requests-public-form")
    form.get_by_test_id("request-send").click()

    # Then the tracking code is shown, once
    code = worker.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code), code
    assert fits_the_phone(worker)
    screenshot(worker, "requests-code")

    # and the tracking page says it is received, with the contact masked
    worker.get_by_test_id("go-track").click()
    track = worker.get_by_test_id("track-form")
    track.locator("#id_code").fill(code)
    solve_challenge(worker, gonghui_server, track)
    track.get_by_test_id("track-send").click()
    status = worker.get_by_test_id("request-status")
    expect(status.get_by_test_id("state")).to_have_attribute("data-state", "received")
    expect(status).to_contain_text("139****5678")
    expect(status).not_to_contain_text("13912345678")
    assert fits_the_phone(worker)

    # When the officer of the employer's union opens their reminders
    officer: Page = new_context().new_page()
    signed_in(officer, gonghui_server, "demo_grassroots")
    officer.goto(f"{gonghui_server.url}/reminders/?kind=requests-waiting")
    link = officer.locator('[data-testid="reminder"] a', has_text=code)
    expect(link).to_be_visible()
    screenshot(officer, "requests-reminder")
    link.click()
    expect(officer.get_by_test_id("description")).to_contain_text(description)

    # and assigns it to themself, then answers it
    officer.get_by_test_id("step-assign").click()
    step = officer.get_by_test_id("transition-form")
    expect(step).to_be_visible()
    step.get_by_test_id("step-confirm").click()
    expect(officer.get_by_test_id("state")).to_have_attribute("data-state", "assigned")
    officer.get_by_test_id("step-answer").click()
    step = officer.get_by_test_id("transition-form")
    step.locator("#id_reply").fill("已与单位沟通，工资将于本月20日前补发。")
    step.get_by_test_id("step-confirm").click()
    expect(officer.get_by_test_id("state")).to_have_attribute("data-state", "answered")

    # Then the worker, by the code, reads the answer and rates it, once
    worker.goto(f"{gonghui_server.url}/requests/track/")
    track = worker.get_by_test_id("track-form")
    track.locator("#id_code").fill(code)
    solve_challenge(worker, gonghui_server, track)
    track.get_by_test_id("track-send").click()
    expect(worker.get_by_test_id("reply")).to_contain_text("本月20日前补发")
    rate = worker.get_by_test_id("rate-form")
    rate.locator('input[name="satisfaction"][value="satisfied"]').check()
    solve_challenge(worker, gonghui_server, rate)
    rate.get_by_test_id("rate-send").click()
    expect(worker.get_by_test_id("rating")).to_be_visible()
    expect(worker.get_by_test_id("state")).to_have_attribute("data-state", "closed")
    expect(worker.get_by_test_id("rate-form")).to_have_count(0)
    assert fits_the_phone(worker)
    screenshot(worker, "requests-rated")
