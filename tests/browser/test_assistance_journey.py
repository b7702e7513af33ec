"""Hardship assistance in the browser: one household from application to a 送温暖 grant it signs for.

A grassroots officer opens a hardship file (困难职工档案) for a member of their union, adds a child
to the household and reads the classification's arithmetic (深度困难); takes the first check (初审)
and the home visit (入户调查, with the signed forms as a PDF). The assistance centre verifies the
finances (核对) and publishes the notice (公示), where the name shows as surname + *; once the
notice period is over it files the household (建档). The officer then puts the household into a
送温暖 batch that a second person (the township) checks and the centre approves; the signature
sheet (发放签收表) names the household and the amount. A second batch for the same household,
programme and year is refused, naming the first. An officer of another township sees none of it.

Selectors rely on ids, hrefs and ``data-testid`` attributes. The Chinese texts asserted are the
ones the issue's acceptance names (the classification's arithmetic lines, 深度困难, 已建档, the
signature sheet's 签收表); names, numbers and dates come from the server's own database.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser

PDFTOTEXT = Path("/usr/bin/pdftotext")
GRANT_AMOUNT = "1000"
# The signed application (申请书) and authorisation to check the finances (核对授权委托书), as
# scanned at the home visit: the smallest PDF a viewer opens.
SIGNED_FORMS_NAME = "入户调查表及授权书.pdf"
SIGNED_FORMS = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

FACTS = """
import json
from datetime import date
from django.utils import timezone
from stdnum.cn import ric
from gonghui.assistance.models import Grant, HardshipFile, HouseholdMember, PovertyLine, Program
from gonghui.assistance.services import budget_used
from gonghui.core.accounts.models import User
from gonghui.core.privacy.crypto import blind_index
from gonghui.members.models import Worker

today = timezone.localdate()
officer = User.unscoped.get(username="demo_grassroots")
township = User.unscoped.get(username="demo_township")
# The applicant: a member of the officer's union in no household file (as applicant or member);
# not a migrant worker (who would first need a year of actual work on record).
in_files = set(HardshipFile.unscoped.values_list("worker_id", flat=True))
in_households = set(HouseholdMember.unscoped.values_list("id_number_hash", flat=True))
worker = next(
    w
    for w in Worker.unscoped.filter(union=officer.union, member_status="active")
    .exclude(category="migrant").order_by("id")
    if w.pk not in in_files and w.id_number_hash not in in_households and len(w.name) >= 2
)
# The applicant's child, 16 years old, born where the applicant was, with a GB 11643 check digit
# (stdnum's calc_check_digit reads the first 17 of 18 characters) and a number nobody has.
taken = in_households | set(Worker.unscoped.values_list("id_number_hash", flat=True))
born = date(today.year - 16, 3, 15)
for sequence in range(899, 800, -1):
    body = f"{worker.id_number[:6]}{born:%Y%m%d}{sequence:03d}"
    child_id = body + ric.calc_check_digit(body + "0")
    if blind_index("id_number", child_id) not in taken:
        break
# A 送温暖 programme still running (the coming Spring Festival's, in the demo) with room in its
# budget; none: the centre creates one in the browser.
granted = set(Grant.unscoped.filter(kind="warmth", file__worker=worker).values_list("year", flat=True))
programme = None
warmth = Program.unscoped.filter(kind="warmth", year__in=[today.year, today.year + 1], union__depth=1)
for p in warmth.order_by("year", "id"):
    if p.year in granted or (p.ends_on and p.ends_on < today):
        continue
    if p.budget and p.budget - budget_used(p) < 1000:  # GRANT_AMOUNT
        continue
    programme = {"id": p.pk, "name": p.name, "year": p.year}
    break
standard = PovertyLine.objects.filter(year=today.year, division__isnull=True).first()
print(json.dumps({
    "today": today.isoformat(),
    "worker": {"id": worker.pk, "name": worker.name, "id_number": worker.id_number},
    "child": {"name": worker.name[0] + "思远", "id_number": child_id},
    "union": officer.union.name,
    "township_checker": township.full_name or township.username,
    "programme": programme,
    "standard": str(standard.monthly_amount) if standard else None,
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def file_facts(server: GonghuiServer, file_id: int) -> dict[str, Any]:
    code = f"""
import json
from gonghui.assistance.models import HardshipFile
file = HardshipFile.unscoped.get(pk={file_id})
print(json.dumps({{"number": file.number, "state": file.state, "notice_ends": str(file.notice_ends)}}))
"""
    return server.shell_json(code)


def batch_number(server: GonghuiServer, batch_id: int) -> str:
    code = f"""
import json
from gonghui.assistance.models import Disbursement
print(json.dumps(Disbursement.unscoped.get(pk={batch_id}).number))
"""
    return server.shell_json(code)


def filed_files(server: GonghuiServer) -> int:
    code = """
import json
from gonghui.assistance.models import HardshipFile
print(json.dumps(HardshipFile.unscoped.filter(state="filed").count()))
"""
    return server.shell_json(code)


def end_the_notice(server: GonghuiServer, file_id: int) -> str:
    """Move the file's public notice into the past; returns the (new) last day of the notice.

    The server runs in real time and approval (建档) needs the notice period (5 working days) to
    have ended. Waiting a week is not a test: the notice's dates are moved three weeks back on
    the row itself, with the model's unscoped manager inside ``system_scope`` (test set-up
    only, no audit row), exactly as a notice published then would have left them.
    """
    code = f"""
import json
from datetime import timedelta
from django.utils import timezone
from gonghui.assistance.models import HardshipFile
from gonghui.assistance.services import notice_end
from gonghui.core.tree.scoping import system_scope
with system_scope("test"):
    today = timezone.localdate()
    starts = today - timedelta(days=21)
    ends = notice_end(starts, 5)
    assert ends < today, ends
    HardshipFile.unscoped.filter(pk={file_id}, state="notice").update(notice_starts=starts, notice_ends=ends)
    print(json.dumps(str(HardshipFile.unscoped.get(pk={file_id}).notice_ends)))
"""
    return server.shell_json(code)


def take_step(
    page: Page,
    name: str,
    fill: dict[str, str] | None = None,
    files: dict[str, Any] | None = None,
    *,
    refused: bool = False,
) -> None:
    """Click a workflow step's button, fill its form (loaded in the page by htmx) and confirm it.

    Taken, the step leads back to the object's page (often the address the step started from,
    so the address proves nothing): wait until the form has gone and the success message shows.
    Refused, the step's page comes back with the reason.
    """
    page.get_by_test_id(f"step-{name}").click()
    form = page.get_by_test_id("transition-form")
    expect(form).to_be_visible()
    for selector, value in (fill or {}).items():
        form.locator(selector).fill(value)
    for selector, payload in (files or {}).items():
        form.locator(selector).set_input_files(payload)
    form.get_by_test_id("step-confirm").click()
    if refused:
        expect(form.locator(".alert-danger")).to_be_visible()
    else:
        expect(form).to_have_count(0)
        expect(page.locator(".gh-messages .alert-success")).to_be_visible()


def state_badge(page: Page) -> Any:
    return page.locator(".gh-page-head").get_by_test_id("state")


def test_a_household_from_application_to_its_warmth_grant(
    new_context: Any,
    gonghui_server: GonghuiServer,
    facts: dict[str, Any],
    problems: Any,
    screenshot: Any,
    tmp_path: Path,
) -> None:
    url = gonghui_server.url
    worker, child = facts["worker"], facts["child"]
    masked = worker["name"][0] + "*" * (len(worker["name"]) - 1)

    # --- 0. The assistance centre has this year's minimum living standard (低保) in place -----
    centre = new_context().new_page()
    signed_in(centre, gonghui_server, "demo_assistance")
    centre.goto(url + "/assistance/standards/")
    year = facts["today"][:4]
    if facts["standard"] is None:  # the demo sets it; a county without one enters it here
        centre.locator("#id_year").fill(year)
        centre.locator("#id_monthly_amount").fill("900")
        centre.locator("#main form button[type=submit]").click()
        expect(centre.locator(".gh-messages .alert-success")).to_be_visible()
    expect(centre.get_by_test_id("poverty-lines").locator("tbody tr").filter(has_text=year)).not_to_have_count(0)

    # --- 1. The grassroots officer opens the file and adds the household ----------------------
    officer = new_context().new_page()
    signed_in(officer, gonghui_server, "demo_grassroots")
    expect(officer.locator("html")).to_have_attribute("lang", "zh-hans")
    nav_link(officer, "/assistance/files/").click()
    expect(officer).to_have_url(url + "/assistance/files/")
    officer.get_by_test_id("file-new").click()
    expect(officer).to_have_url(url + "/assistance/files/new/")

    # They find the applicant among their union's members and open a file for them
    officer.get_by_test_id("applicant-search").fill(worker["name"])
    officer.get_by_test_id("applicant-search").press("Enter")
    chosen = officer.get_by_test_id("applicant-table").locator(f'a[href="/assistance/files/new/{worker["id"]}/"]')
    expect(chosen).to_have_count(1)
    chosen.click()
    expect(officer).to_have_url(f"{url}/assistance/files/new/{worker['id']}/")
    officer.locator("#id_main_cause").select_option("illness")  # 疾病
    officer.locator("#id_applicant_monthly_income").fill("600")
    officer.locator("#id_medical_costs").fill("6000")
    officer.locator("#id_health").select_option("serious")
    officer.locator("#id_homes_owned").fill("1")
    officer.get_by_test_id("file-submit").click()

    expect(officer).to_have_url(re.compile(r"/assistance/files/\d+/$"))
    file_id = int(re.search(r"/files/(\d+)/$", officer.url).group(1))  # type: ignore[union-attr]
    file_url = f"{url}/assistance/files/{file_id}/"
    number = file_facts(gonghui_server, file_id)["number"]
    expect(officer.locator(".alert-success")).to_contain_text(number)
    expect(officer.get_by_test_id("file-applicant")).to_have_text(worker["name"])

    # and add the child, a pupil in senior high school without income
    officer.get_by_test_id("member-add").click()
    officer.locator("#id_name").fill(child["name"])
    officer.locator("#id_relation").select_option("child")
    officer.locator("#id_id_number").fill(child["id_number"])
    officer.locator("#id_monthly_income").fill("0")
    officer.locator("#id_schooling").select_option("senior")
    officer.locator("#id_school_or_work").fill("青山县第一中学")
    officer.get_by_test_id("member-submit").click()

    # Then the household has two people and the classification shows its arithmetic:
    # (¥7,200 − ¥6,000) ÷ 12 ÷ 2 = ¥50 per head per month, below the minimum living standard
    expect(officer).to_have_url(file_url)
    expect(officer.get_by_test_id("household")).to_contain_text(child["name"])
    expect(officer.get_by_test_id("household")).not_to_contain_text(child["id_number"])
    arithmetic = officer.get_by_test_id("arithmetic")
    for text in (
        "家庭年收入",  # household annual income
        "¥600.00 × 12 + ¥0.00 = ¥7,200.00",
        "人均",  # per head (per month)
        "(¥7,200.00 − ¥6,000.00) ÷ 12 ÷ 2 = ¥50.00",
        "低保标准",  # the minimum living standard it is measured against
        "深度困难",
    ):
        expect(arithmetic).to_contain_text(text)
    expect(officer.get_by_test_id("classification")).to_contain_text("深度困难")
    expect(officer.get_by_test_id("excluded")).to_have_count(0)
    screenshot(officer, "assistance-file")

    # --- 2. First check (初审) and home visit (入户调查) with the signed forms --------------------
    take_step(officer, "check")
    expect(officer).to_have_url(file_url)
    take_step(
        officer,
        "visit",
        fill={"#id_visited_on": facts["today"], "#id_visitors": "周建华、李秀梅"},
        files={"#id_attachment": {"name": SIGNED_FORMS_NAME, "mimeType": "application/pdf", "buffer": SIGNED_FORMS}},
    )
    expect(officer).to_have_url(file_url)
    expect(officer.get_by_test_id("timeline")).to_contain_text(SIGNED_FORMS_NAME)
    # the next steps are the assistance centre's
    expect(officer.get_by_test_id("step-verify")).to_have_count(0)

    # --- 3. The centre verifies (核对) and publishes the notice (公示) -------------------------
    centre.goto(file_url)
    take_step(centre, "verify")
    expect(centre).to_have_url(file_url)
    take_step(centre, "publish", fill={"#id_starts_on": facts["today"], "#id_working_days": "5"})
    expect(centre).to_have_url(file_url)
    notice_ends = file_facts(gonghui_server, file_id)["notice_ends"]
    assert notice_ends > facts["today"]

    # The public notice names the applicant by surname only, never in full nor by ID number
    nav_link(centre, "/assistance/notices/").click()
    expect(centre).to_have_url(url + "/assistance/notices/")
    row = centre.get_by_test_id("notice-table").locator("tbody tr").filter(has_text=number)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(masked)
    expect(row).to_contain_text(notice_ends)
    notice = centre.locator("#main")
    expect(notice).not_to_contain_text(worker["name"])
    expect(notice).not_to_contain_text(worker["id_number"])
    expect(notice).not_to_contain_text(child["name"])
    screenshot(centre, "assistance-notice")

    # An officer of a union in another township does not find it on their notice board
    other = new_context().new_page()
    signed_in(other, gonghui_server, "demo_grassroots_other")
    nav_link(other, "/assistance/notices/").click()
    expect(other.locator("#main")).not_to_contain_text(number)

    # While the notice runs, approval is refused with the notice's last day
    centre.goto(file_url)
    take_step(centre, "approve", refused=True)
    expect(centre.get_by_test_id("transition-form").locator(".alert-danger")).to_contain_text(notice_ends)
    centre.goto(file_url)
    expect(state_badge(centre)).not_to_have_text("已建档")

    # --- 4. After the notice period, the centre files the household (建档) --------------------
    assert end_the_notice(gonghui_server, file_id) < facts["today"]
    centre.goto(file_url)
    take_step(centre, "approve")
    expect(centre).to_have_url(file_url)
    expect(state_badge(centre)).to_have_text("已建档")
    assert file_facts(gonghui_server, file_id)["state"] == "filed"

    # --- 5. A 送温暖 batch: made by the officer, checked by the township, approved by the centre
    programme = facts["programme"]
    if programme is None:
        # The demo has no 送温暖 programme running with room in its budget: the centre creates one.
        coming = int(year) + 1
        programme = {"name": f"{coming}年春节困难职工送温暖慰问", "year": coming}
        nav_link(centre, "/assistance/programmes/").click()
        centre.get_by_test_id("program-new").click()
        centre.locator("#id_year").fill(str(coming))
        centre.locator("#id_kind").select_option("warmth")
        centre.locator("#id_name").fill(programme["name"])
        centre.locator("#id_budget").fill("100000")
        centre.locator("#id_default_amount").fill(GRANT_AMOUNT)
        centre.get_by_test_id("program-submit").click()
        expect(centre).to_have_url(re.compile(r"/assistance/programmes/\d+/$"))
        programme["id"] = int(re.search(r"/programmes/(\d+)/$", centre.url).group(1))  # type: ignore[union-attr]

    nav_link(officer, "/assistance/disbursements/").click()
    officer.get_by_test_id("batch-new").click()
    expect(officer).to_have_url(url + "/assistance/disbursements/new/")
    officer.locator("#id_program").select_option(str(programme["id"]))
    officer.get_by_test_id("form-submit").click()
    expect(officer).to_have_url(re.compile(r"/assistance/disbursements/\d+/$"))
    batch_id = int(re.search(r"/disbursements/(\d+)/$", officer.url).group(1))  # type: ignore[union-attr]
    batch_url = f"{url}/assistance/disbursements/{batch_id}/"
    first_batch = batch_number(gonghui_server, batch_id)

    # the officer adds the household by its file number and submits the batch
    officer.get_by_test_id("grant-file").fill(number)
    officer.get_by_test_id("grant-amount").fill(GRANT_AMOUNT)
    officer.get_by_test_id("grant-add").click()
    expect(officer).to_have_url(batch_url)
    grants = officer.get_by_test_id("grant-table").locator("tbody tr")
    expect(grants).to_have_count(1)
    expect(grants.first).to_contain_text(number)
    expect(grants.first).to_contain_text(worker["name"])
    expect(officer.get_by_test_id("batch-total")).to_have_text("¥1,000.00")
    take_step(officer, "submit")
    expect(officer).to_have_url(batch_url)

    # The maker is not offered the check, and typing its address is refused
    expect(officer.get_by_test_id("workflow-actions")).to_be_visible()
    expect(officer.get_by_test_id("step-check")).to_have_count(0)
    check_path = f"/workflow/disbursement/{batch_id}/check/"
    problems.allow_status(403, check_path)
    response = officer.goto(url + check_path)
    assert response is not None
    assert response.status == 403

    # A second person, the township's staff above the union, checks it
    township = new_context().new_page()
    signed_in(township, gonghui_server, "demo_township")
    township.goto(batch_url)
    take_step(township, "check")
    expect(township).to_have_url(batch_url)
    expect(township.get_by_test_id("checked-by")).to_have_text(facts["township_checker"])

    # and the assistance centre approves it: the signature sheet is ready
    centre.goto(batch_url)
    take_step(centre, "approve")
    expect(centre).to_have_url(batch_url)
    expect(state_badge(centre)).to_have_attribute("class", re.compile("text-bg-success"))
    sheet = centre.get_by_test_id("signature-sheet")
    expect(sheet).to_be_visible()
    screenshot(centre, "assistance-batch")

    # The signature sheet is a PDF with the programme, the household's full name and its amount
    # (served inline for printing: fetched with the centre's session, as following the link does)
    href = sheet.get_attribute("href")
    assert href == f"/assistance/disbursements/{batch_id}/signature-sheet.pdf"
    download = centre.context.request.get(url + href)
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    pdf = tmp_path / f"{first_batch}.pdf"
    pdf.write_bytes(download.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    if not PDFTOTEXT.exists():
        pytest.fail(f"{PDFTOTEXT} is missing: install poppler-utils to read the signature sheet")
    text = subprocess.run(
        [str(PDFTOTEXT), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "签收表" in text, text
    assert programme["name"] in text, text
    assert first_batch in text, text
    assert worker["name"] in text, text
    assert "¥1,000.00" in text, text
    assert "壹仟元整" in text, text  # the total in capitals (大写)
    assert worker["id_number"] not in text, text  # ID numbers are masked on the sheet

    # --- 6. A second batch for the same household, programme and year is refused -------------
    centre.goto(f"{url}/assistance/disbursements/new/?program={programme['id']}")
    expect(centre.locator("#id_program")).to_have_value(str(programme["id"]))
    centre.get_by_test_id("form-submit").click()
    expect(centre).to_have_url(re.compile(r"/assistance/disbursements/\d+/$"))
    second_url = centre.url
    assert second_url != batch_url
    centre.get_by_test_id("grant-file").fill(number)
    centre.get_by_test_id("grant-add").click()
    expect(centre).to_have_url(second_url)
    refusal = centre.locator(".gh-messages .alert-danger")
    expect(refusal).to_contain_text(first_batch)
    expect(refusal).to_contain_text(number)
    expect(centre.get_by_test_id("grant-table")).to_have_count(0)

    # The file lists the one approved grant
    centre.goto(file_url)
    expect(centre.get_by_test_id("file-grants").locator("tbody tr")).to_have_count(1)
    expect(centre.get_by_test_id("file-grants")).to_contain_text(first_batch)

    # and the county's figures count the filed household among all the county's filed files
    nav_link(centre, "/assistance/figures/").click()
    expect(centre).to_have_url(re.compile(r"/assistance/figures/"))
    expect(centre.get_by_test_id("filed-count")).to_have_text(str(filed_files(gonghui_server)))
    for chart in ("#assistance-townships", "#assistance-programmes"):
        expect(centre.locator(f"{chart} canvas").first).to_be_visible()
    centre.wait_for_timeout(1500)  # the charts' bars grow in for a second (ECharts' animation)
    screenshot(centre, "assistance-figures")

    # --- 7. The officer of another township: 404 for the file, nothing in the lists ----------
    problems.allow_status(404, f"/assistance/files/{file_id}/")
    response = other.goto(file_url)
    assert response is not None
    assert response.status == 404
    expect(other.locator("#main")).not_to_contain_text(worker["name"])
    expect(other.locator("#main")).not_to_contain_text(number)
    for path in ("/assistance/files/", f"/assistance/files/?q={number}", "/assistance/notices/"):
        response = other.goto(url + path)
        assert response is not None
        assert response.status == 200
        expect(other.locator("#main")).not_to_contain_text(number)
