"""Honours in the browser: a 五一劳动奖章 round from the county's quotas to the public notice and a certificate.

The county administrator opens a 五一劳动奖章 campaign (at least 60 % frontline workers among
individual nominees) and gives the demo township three places. The township's officer opens its
list, finds two workers of the registry and nominates them: the first a frontline worker at an
employer with an open major safety hazard, the second not; the frontline share turns red
("一线职工占比 50%，低于 60%") as the form is filled and again once the second is on the list,
and submitting the list is refused. Withdrawing the second frees the list, which is submitted. The
county administrator opens the first nomination: the hazard is flagged with its link. Both reviews
pass, the notice is published from today for five working days (its last day the statutory
calendar's), approval is refused while it runs, and the public notice page shows the nominee's
name, employer and deeds to a signed-out visitor — never the ID number or the phone. Finally a
certificate of an earlier round prints as a PDF with its Chinese text, and its number verifies on
the public page.

Selectors rely on ids, hrefs and ``data-testid`` attributes; names and dates come from the
server's own database and clock.
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

# Two workers of the township's employers (the first's employer given an open major hazard, as
# the safety module records one), the township, and a commended nomination of an earlier round.
FACTS = """
import json
from datetime import timedelta
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from gonghui.core.accounts.models import User
from gonghui.core.certificates.models import Certificate
from gonghui.core.tree.scoping import system_scope
from gonghui.honours import rules
from gonghui.honours.models import Nomination
from gonghui.members.models import Worker
from gonghui.safety.models import Hazard
township = User.unscoped.get(username="demo_township").union
today = timezone.localdate()
with system_scope("the browser test reads and prepares its facts"):
    workers = list(
        Worker.unscoped.filter(union__path__startswith=township.path, employer__isnull=False, phone__isnull=False)
        .exclude(employer_id=None).select_related("employer").order_by("id")
    )
    first = workers[0]
    second = next(w for w in workers if w.employer_id != first.employer_id and w.name != first.name)
    hazard = Hazard.unscoped.create(
        union=first.employer.union, employer=first.employer, found_on=today - timedelta(days=3), category="fire",
        level="major", description="消防通道堵塞（浏览器测试）", responsible_person="王厂长",
    )
    commended = Nomination.unscoped.filter(state="commended").order_by("id").first()
    certificate = Certificate.unscoped.filter(
        source_type=ContentType.objects.get_for_model(Nomination), source_id=commended.pk
    ).first()
    print(json.dumps({
        "today": today.isoformat(),
        "notice_ends": rules.notice_end(today, 5).isoformat(),
        "county": User.unscoped.get(username="demo_county_admin").union_id,
        "township": {"id": township.pk, "name": township.name},
        "first": {"id": first.pk, "name": first.name, "employer": first.employer.name, "id_number": first.id_number,
                  "phone": first.phone},
        "second": {"id": second.pk, "name": second.name},
        "hazard": hazard.get_absolute_url(),
        "commended": {
            "id": commended.pk, "name": commended.name, "title": certificate.title, "number": certificate.number,
        },
    }, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def _add_nominee(page: Page, worker: dict[str, Any], *, frontline: bool) -> None:
    form = page.get_by_test_id("nomination-form")
    form.locator("#id_category").select_option("may_day_medal")
    form.get_by_test_id("worker-search").fill(worker["name"])
    choice = form.get_by_test_id(f"worker-{worker['id']}")
    expect(choice).to_be_visible()
    choice.check()
    form.locator("#id_post").fill("车工" if frontline else "技术员")
    if frontline:
        form.locator("#id_frontline").check()
    form.locator("#id_deeds").fill("扎根一线二十年，带领班组完成技术攻关（浏览器测试）")


def test_a_may_day_medal_round_from_quota_to_notice_and_a_verified_certificate(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], tmp_path: Path, screenshot: Any
) -> None:
    url = gonghui_server.url
    title = "五一劳动奖章评选（浏览器测试）"

    # Given the county administrator opening a 五一劳动奖章 campaign with a frontline rule
    admin: Page = new_context().new_page()
    signed_in(admin, gonghui_server, "demo_county_admin")
    admin.on("dialog", lambda dialog: dialog.accept())  # the confirmations of the steps
    nav_link(admin, "/honours/").click()
    admin.get_by_test_id("campaign-new").click()
    form = admin.get_by_test_id("campaign-form")
    form.locator("#id_union").select_option(str(facts["county"]))
    form.locator("#id_title").fill(title)
    form.locator('input[name="categories"][value="may_day_medal"]').check()
    form.locator("#id_min_frontline_percent").fill("60")
    form.locator("#id_notice_working_days").fill("5")
    form.locator("button[type=submit]").click()
    expect(admin.get_by_test_id("campaign-title")).to_have_text(title)
    campaign_url = admin.url
    campaign_id = re.search(r"/honours/campaigns/(\d+)/$", campaign_url).group(1)  # type: ignore[union-attr]

    # and giving the township three places
    quota = admin.get_by_test_id("quota-form")
    quota.locator("#id_union").select_option(str(facts["township"]["id"]))
    quota.locator("#id_category").select_option("may_day_medal")
    quota.locator("#id_places").fill("3")
    quota.locator("button[type=submit]").click()
    expect(admin.get_by_test_id("quotas")).to_contain_text(facts["township"]["name"])

    # When the township's officer opens its list and nominates a frontline worker
    township: Page = new_context().new_page()
    signed_in(township, gonghui_server, "demo_township")
    township.on("dialog", lambda dialog: dialog.accept())  # the confirmations of the list and the steps
    township.goto(campaign_url)
    township.get_by_test_id(f"union-list-{facts['township']['id']}").click()
    _add_nominee(township, facts["first"], frontline=True)
    township.get_by_test_id("nominee-add").click()
    share = township.get_by_test_id("share-frontline")
    expect(share).to_have_attribute("data-state", "ok")
    expect(share).to_contain_text("一线职工占比 100%")

    # Then, entering a second nominee who is not a frontline worker, the share turns red as the form changes
    _add_nominee(township, facts["second"], frontline=False)
    township.locator("#id_leader").check()
    township.locator("#id_leader").uncheck()
    expect(township.get_by_test_id("share-frontline")).to_have_attribute("data-state", "broken")
    expect(township.get_by_test_id("share-frontline")).to_contain_text("一线职工占比 50%，低于 60%")
    township.get_by_test_id("nominee-add").click()
    share = township.get_by_test_id("share-frontline")
    expect(share).to_have_attribute("data-state", "broken")
    expect(share).to_contain_text("一线职工占比 50%，低于 60%")
    expect(share).to_have_class(re.compile("text-danger"))
    screenshot(township, "honours-share-red")

    # and submitting the list is refused, saying why
    township.get_by_test_id("submit-list").click()
    expect(township.locator(".alert-danger, .alert-error").first).to_contain_text("一线职工占比 50%，低于 60%")

    # When the second is withdrawn, the list is submitted
    township.get_by_test_id("nominee-table").get_by_role("link", name=facts["second"]["name"]).click()
    township.get_by_test_id("step-withdraw").click()
    township.get_by_test_id("transition-form").get_by_test_id("step-confirm").click()
    expect(township.get_by_test_id("state")).to_have_attribute("data-state", "withdrawn")
    township.goto(f"{url}/honours/campaigns/{campaign_id}/unions/{facts['township']['id']}/")
    expect(township.get_by_test_id("share-frontline")).to_have_attribute("data-state", "ok")
    township.get_by_test_id("submit-list").click()
    expect(township.locator(".alert-success").first).to_be_visible()

    # Then the county's reviewer sees the open major hazard at the nominee's employer, with its link
    admin.goto(f"{url}/honours/nominations/?campaign={campaign_id}")
    admin.get_by_test_id("nomination-table").get_by_role("link", name=facts["first"]["name"]).click()
    nomination_url = admin.url
    warnings = admin.get_by_test_id("eligibility-warnings")
    expect(warnings).to_be_visible()
    expect(warnings.locator(f'a[href="{facts["hazard"]}"]')).to_be_visible()

    # and, the reviews passed, publishes the notice from today for five working days
    for step in ("review_township", "review_county"):
        admin.get_by_test_id(f"step-{step}").click()
        admin.get_by_test_id("transition-form").get_by_test_id("step-confirm").click()
        expect(admin.get_by_test_id("transition-form")).to_have_count(0)
    admin.get_by_test_id("step-publish").click()
    step_form = admin.get_by_test_id("transition-form")
    step_form.locator("#id_starts_on").fill(facts["today"])
    step_form.locator("#id_working_days").fill("5")
    step_form.get_by_test_id("step-confirm").click()
    expect(admin.get_by_test_id("state")).to_have_attribute("data-state", "notice")
    expect(admin.get_by_test_id("notice-ends")).to_have_text(facts["notice_ends"])

    # and approval is refused while the notice runs
    admin.get_by_test_id("step-approve").click()
    admin.get_by_test_id("transition-form").get_by_test_id("step-confirm").click()
    expect(
        admin.get_by_text(re.compile(f"(runs until|公示期至).*{facts['notice_ends']}|{facts['notice_ends']}"))
    ).to_be_visible()
    admin.goto(nomination_url)
    expect(admin.get_by_test_id("state")).to_have_attribute("data-state", "notice")

    # Then a signed-out visitor reads the public notice: name, employer, deeds, no ID number or phone
    visitor: Page = new_context().new_page()
    visitor.goto(f"{url}/honours/notice/{campaign_id}/")
    table = visitor.get_by_test_id("notice-table")
    expect(table).to_contain_text(facts["first"]["name"])
    expect(table).to_contain_text(facts["first"]["employer"])
    expect(table).to_contain_text("带领班组完成技术攻关")
    html = visitor.content()
    assert facts["first"]["id_number"] not in html
    assert facts["first"]["id_number"][-6:] not in html
    if facts["first"]["phone"]:
        assert facts["first"]["phone"] not in html
    assert facts["second"]["name"] not in table.inner_text()  # withdrawn: not in the notice

    # and a certificate of an earlier round prints with its Chinese text and verifies on the public page
    admin.goto(f"{url}/honours/nominations/{facts['commended']['id']}/")
    expect(admin.get_by_test_id("certificate-number")).to_have_text(facts["commended"]["number"])
    download = admin.context.request.get(f"{url}/honours/nominations/{facts['commended']['id']}/certificate.pdf")
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(download.body())
    if not PDFTOTEXT.exists():
        pytest.fail(f"{PDFTOTEXT} is missing: install poppler-utils to read the certificate")
    text = subprocess.run(
        [str(PDFTOTEXT), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert facts["commended"]["title"] in text, text
    assert facts["commended"]["name"] in text, text
    assert facts["commended"]["number"] in text.replace(" ", ""), text
    visitor.goto(f"{url}/certificates/verify/?number={facts['commended']['number']}")
    expect(visitor.locator("body")).to_contain_text(facts["commended"]["title"])
    screenshot(visitor, "honours-certificate-verified")
