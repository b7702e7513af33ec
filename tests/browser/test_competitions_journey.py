"""Competitions in the browser: the county opens a skills contest, enters workers, scores them and prints the ranking.

The county administrator opens a welding skills contest (技能比武) organised by the county,
finds three workers of the registry and enters them, adds the preliminary stage, and enters
their scores — two of them equal. The ranking on the stage and on the competition shows the
tie sharing first place and the next third (1-1-3), and the ranking prints as a PDF. The staff
of a township cannot open the county's competition.

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
from gonghui.members.models import Worker
admin = User.unscoped.get(username="demo_county_admin")
workers = list(Worker.unscoped.filter(employer__isnull=False).select_related("employer").order_by("id")[:3])
print(json.dumps({
    "today": timezone.localdate().isoformat(),
    "county": admin.union_id,
    "workers": [{"id": w.pk, "name": w.name} for w in workers],
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def test_the_county_runs_a_skills_contest_and_prints_its_ranking(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], screenshot: Any
) -> None:
    today = date.fromisoformat(facts["today"])
    name = "焊工技能比武（浏览器测试）"
    assert len(facts["workers"]) == 3

    # Given the county administrator on the competitions list, opening a skills contest
    admin: Page = new_context().new_page()
    signed_in(admin, gonghui_server, "demo_county_admin")
    nav_link(admin, "/competitions/").click()
    admin.get_by_test_id("competition-new").click()
    form = admin.get_by_test_id("competition-form")
    form.locator("#id_union").select_option(str(facts["county"]))
    form.locator("#id_name").fill(name)
    form.locator("#id_kind").select_option("skills")
    form.locator("#id_trade").fill("焊工")
    form.locator("#id_starts_on").fill((today - timedelta(days=10)).isoformat())
    form.locator("#id_ends_on").fill((today + timedelta(days=20)).isoformat())
    form.locator("button[type=submit]").click()
    expect(admin.get_by_test_id("competition-title")).to_have_text(name)
    competition_url = admin.url
    assert re.search(r"/competitions/\d+/$", competition_url), competition_url

    # When they find three workers of the registry and enter each
    for worker in facts["workers"]:
        admin.get_by_test_id("worker-search").fill(worker["name"])
        admin.get_by_test_id("worker-search").press("Enter")
        admin.get_by_test_id(f"enter-{worker['id']}").click()
        expect(admin.get_by_test_id("participants")).to_contain_text(worker["name"])
    expect(admin.get_by_test_id("participant")).to_have_count(3)

    # and add the preliminary stage
    admin.get_by_test_id("stage-add").click()
    stage_form = admin.get_by_test_id("simple-form")
    stage_form.locator("#id_name").fill("初赛")
    stage_form.locator("#id_max_score").fill("100")
    stage_form.get_by_test_id("save").click()
    expect(admin.get_by_test_id("stage-title")).to_have_text("初赛")

    # and a score over the highest is refused, nothing saved
    sheet = admin.get_by_test_id("score-form")
    first, second, third = (sheet.get_by_label(w["name"], exact=True) for w in facts["workers"])
    first.fill("101")
    admin.get_by_test_id("scores-save").click()
    expect(admin.get_by_test_id("score-errors")).to_be_visible()
    expect(admin.get_by_test_id("stage-ranking").get_by_test_id("ranking-line")).to_have_count(0)

    # and the scores, two of them equal
    first.fill("95")
    second.fill("80.5")
    third.fill("95.00")
    admin.get_by_test_id("scores-save").click()

    # Then the ranking shares first place and the next is third
    lines = admin.get_by_test_id("stage-ranking").get_by_test_id("ranking-line")
    expect(lines).to_have_count(3)
    assert [lines.nth(i).get_attribute("data-place") for i in range(3)] == ["1", "1", "3"]
    expect(lines.nth(2)).to_contain_text(facts["workers"][1]["name"])
    screenshot(admin, "competitions-stage-ranking")

    # and the competition's page shows it, and prints it
    admin.goto(competition_url)
    expect(admin.get_by_test_id("final-ranking").get_by_test_id("ranking-line")).to_have_count(3)
    # (the first document a fresh server prints loads the CJK font: allow it a minute)
    response = admin.request.get(f"{competition_url}ranking.pdf", timeout=60_000)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    results = admin.request.get(f"{competition_url}results.xlsx", timeout=60_000)
    assert results.status == 200
    assert results.body()[:2] == b"PK"
    screenshot(admin, "competitions-competition")

    # And a township's staff cannot open the county's competition (it lies above their union)
    other: Page = new_context().new_page()
    signed_in(other, gonghui_server, "demo_township")
    assert other.request.get(competition_url).status == 404
