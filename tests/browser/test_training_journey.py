"""Skills training in the browser: a township plans a course, a worker enrols on their phone, the course
runs and finishes, and the worker's certificate downloads and verifies on the public page.

The township's staff plan a two-day electrician course and open it for enrolment. The demo worker
(a member of a grassroots union of that township) signs in on a 360 × 740 phone, finds the course
from the "My training" panel of their home page and enrols. The staff start the course, record
both days' attendance and the assessment, finish it and issue the certificates. The worker
downloads their certificate as a PDF from their training page, and a visitor who is not signed in
types its number on the public verification page and reads that it stands.

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
PHONE = {"width": 360, "height": 740}
TITLE = "低压电工作业培训班（浏览器测试）"

FACTS = """
import json
from django.utils import timezone
from gonghui.core.accounts.models import User
from gonghui.members.selectors import worker_for_account
account = User.unscoped.get(username="demo_worker")
staff = User.unscoped.get(username="demo_township")
worker = worker_for_account(account)
print(json.dumps({
    "today": timezone.localdate().isoformat(),
    "worker": worker.name if worker else None,
    "township": staff.union.name,
    "worker_below_township": bool(worker) and worker.union.path.startswith(staff.union.path),
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def _accept_confirmations(page: Page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def test_a_worker_enrols_on_their_phone_completes_and_their_certificate_verifies(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    assert facts["worker"], "the demo links demo_worker to a worker of the registry"
    assert facts["worker_below_township"], "the demo worker's union lies below the demo township"
    today = date.fromisoformat(facts["today"])

    # Given the township's staff planning a two-day course from the course list
    staff: Page = new_context().new_page()
    _accept_confirmations(staff)
    signed_in(staff, gonghui_server, "demo_township")
    nav_link(staff, "/training/courses/").click()
    staff.get_by_test_id("course-new").click()
    form = staff.get_by_test_id("course-form")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_provider").fill("县职业技能培训中心")
    form.locator("#id_category").select_option("electrician")
    form.locator("#id_starts_on").fill(today.isoformat())
    form.locator("#id_ends_on").fill((today + timedelta(days=1)).isoformat())
    form.locator("#id_hours").fill("16")
    form.locator("#id_sessions").fill("2")
    form.locator("#id_place").fill("镇职工之家")
    form.locator("#id_capacity").fill("20")
    form.locator("#id_funding").select_option("subsidised")
    form.locator("#id_subsidy").fill("600")
    form.locator("button[type=submit]").click()
    expect(staff.get_by_test_id("course-title")).to_have_text(TITLE)
    course_url = staff.url
    assert re.search(r"/training/courses/\d+/$", course_url), course_url
    expect(staff.get_by_test_id("state")).to_have_attribute("data-state", "planned")

    # and opening it for enrolment
    staff.get_by_test_id("course-open").click()
    expect(staff.get_by_test_id("state")).to_have_attribute("data-state", "open")

    # When the worker signs in on their phone and follows "My training" from their home page
    phone: Page = new_context(viewport=PHONE).new_page()
    _accept_confirmations(phone)
    signed_in(phone, gonghui_server, "demo_worker")
    phone.get_by_test_id("my-training-link").click()
    expect(phone).to_have_url(gonghui_server.url + "/training/my/")
    phone.get_by_test_id("offered").get_by_role("link", name=TITLE).click()
    expect(phone.get_by_test_id("course-title")).to_have_text(TITLE)
    screenshot(phone, "training-worker-course")
    # the page fits the phone's width
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_test_id("enrol").click()

    # Then they are enrolled and the course counts them
    expect(phone.get_by_test_id("my-enrolment").get_by_test_id("state")).to_have_attribute("data-state", "enrolled")
    expect(phone.get_by_test_id("places")).to_contain_text("1")

    # When the staff start the course and record both days' attendance
    staff.reload()
    expect(staff.get_by_test_id("trainee")).to_contain_text(facts["worker"])
    staff.get_by_test_id("course-start").click()
    expect(staff.get_by_test_id("state").first).to_have_attribute("data-state", "running")
    for session in ("1", "2"):
        staff.goto(f"{course_url}attendance/?session={session}")
        attendance = staff.get_by_test_id("attendance-form")
        expect(attendance.get_by_label(facts["worker"])).to_be_checked()  # present unless unticked
        staff.get_by_test_id("attendance-save").click()
        expect(staff).to_have_url(course_url)
    expect(staff.get_by_test_id("trainee")).to_contain_text("2")

    # and the assessment they passed, then finish the course and issue the certificates
    staff.get_by_test_id("record-assessment").click()
    staff.get_by_test_id("assessment-form").get_by_label(facts["worker"]).check()
    staff.get_by_test_id("assessment-save").click()
    staff.get_by_test_id("course-finish").click()
    expect(staff.get_by_test_id("trainee").get_by_test_id("state")).to_have_attribute("data-state", "completed")
    staff.get_by_test_id("certificates-issue").click()
    expect(staff.get_by_test_id("certificate-pdf")).to_be_visible()
    screenshot(staff, "training-course")

    # Then the worker finds the certificate on their training page and downloads it
    phone.goto(gonghui_server.url + "/training/my/")
    certificate = phone.get_by_test_id("my-certificate").filter(has_text=TITLE)
    number = certificate.get_by_test_id("certificate-number").inner_text().strip()
    assert re.fullmatch(r"\d{4}-[0-9A-Z]{8}-[0-9A-Z]", number), number
    href = certificate.get_by_test_id("my-certificate-pdf").get_attribute("href")
    response = phone.request.get(gonghui_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"

    # and a visitor who is not signed in verifies its number on the public page
    visitor: Page = new_context(viewport=PHONE).new_page()
    visitor.goto(gonghui_server.url + "/certificates/verify/")
    visitor.locator("#id_number").fill(number.lower())
    visitor.locator("#id_number").press("Enter")
    result = visitor.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-valid", "valid")
    expect(visitor.get_by_test_id("verify-number")).to_have_text(number)
    expect(result).to_contain_text(facts["township"])
