"""Organisation building in the browser: a township officer surveys, founds a union, and sees coverage move.

"广普查、深组建、全覆盖": the township officer records a survey visit to an employer without a union,
takes it through preparing (筹建) to founded, and the township's founding rate on the coverage
page goes up by that one employer. Officers of another township see none of it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import nav_link, signed_in

pytestmark = pytest.mark.browser

COMMITTEE_THRESHOLD = 25


@pytest.fixture(scope="module")
def campaign(gonghui_server: GonghuiServer) -> dict[str, Any]:
    """The demo campaign, the township officer's assignment and the largest employer still to visit there."""
    code = """
import json
from gonghui.core.accounts.models import User
from gonghui.organisations.models import Employer, SurveyAssignment, SurveyVisit
officer = User.unscoped.get(username="demo_township")
assignment = SurveyAssignment.unscoped.select_related("survey").get(union=officer.union, survey__status="open")
visited = SurveyVisit.unscoped.filter(assignment=assignment).values("employer_id")
employer = (
    Employer.unscoped.filter(union__path__startswith=officer.union.path, status="operating", union_status="none")
    .exclude(pk__in=visited).exclude(founding_cases__state__in=["unorganised", "preparing"])
    .order_by("-headcount", "pk").first()
)
other = User.unscoped.get(username="township002")
print(json.dumps({
    "survey": {"id": assignment.survey_id, "name": assignment.survey.name},
    "assignment": assignment.pk,
    "employer": {"id": employer.pk, "name": employer.name, "headcount": employer.headcount},
    "township": officer.union.name,
    "other_township": other.union.name,
}, ensure_ascii=False))
"""
    return gonghui_server.shell_json(code)


def covered_of_eligible(page: Page) -> tuple[int, int]:
    """The founding-rate tile's "covered of eligible" figures on the coverage page."""
    tile = page.get_by_test_id("founding-rate")
    return int(tile.get_attribute("data-covered") or ""), int(tile.get_attribute("data-eligible") or "")


def test_township_officer_surveys_and_founds_a_union_and_coverage_moves(
    page: Page, gonghui_server: GonghuiServer, campaign: dict[str, Any], problems: Any, screenshot: Any
) -> None:
    url = gonghui_server.url
    employer = campaign["employer"]
    # Given the township officer, signed in, and the township's founding rate before the work
    signed_in(page, gonghui_server, "demo_township")
    nav_link(page, "/organisations/coverage/").click()
    expect(page.get_by_test_id("founding-rate")).to_be_visible()
    rate_before = page.get_by_test_id("founding-rate").inner_text()
    covered_before, eligible_before = covered_of_eligible(page)

    # When they open the survey campaign from the navigation: one row, their township's assignment
    nav_link(page, "/organisations/surveys/").click()
    expect(page.get_by_test_id("assignment-table").locator("tbody tr")).to_have_count(1)
    screenshot(page, "survey-list")
    page.get_by_test_id("assignment-table").get_by_role("link", name=campaign["survey"]["name"]).click()

    # Then their township's work list opens, where the employer is still to visit
    expect(page).to_have_url(f"{url}/organisations/surveys/assignments/{campaign['assignment']}/")
    row = page.get_by_test_id("to-visit-row").filter(has_text=employer["name"])
    expect(row).to_have_count(1)
    screenshot(page, "survey-assignment")

    # and the campaign's board (through the breadcrumb) shows their township's row only
    page.locator(".breadcrumb").get_by_role("link", name=campaign["survey"]["name"]).click()
    expect(page).to_have_url(f"{url}/organisations/surveys/{campaign['survey']['id']}/")
    expect(page.get_by_test_id("board-row")).to_have_count(1)
    expect(page.get_by_test_id("board-row")).to_contain_text(campaign["township"])
    screenshot(page, "survey-board")
    page.go_back()

    # When they record the visit: found without a union, with the headcount of the register
    row.get_by_test_id("record-visit").click()
    expect(page.get_by_test_id("visit-register")).to_contain_text(employer["name"])
    expect(page.locator("#id_headcount_found")).to_have_value(str(employer["headcount"]))
    page.locator('input[name="union_status_found"][value="none"]').check()
    page.locator("#id_notes").fill("负责人同意筹建工会")
    screenshot(page, "survey-visit-form")
    page.get_by_test_id("visit-form").locator("button[type=submit]").click()

    # Then the work list says so, and the employer entered the founding pipeline
    expect(page).to_have_url(f"{url}/organisations/surveys/assignments/{campaign['assignment']}/")
    expect(page.locator(".alert-success")).to_contain_text(employer["name"])
    expect(page.get_by_test_id("to-visit-row").filter(has_text=employer["name"])).to_have_count(0)
    visit = page.get_by_test_id("visit-row").filter(has_text=employer["name"])
    expect(visit).to_have_count(1)
    visit.get_by_test_id("visit-case").click()
    expect(page).to_have_url(re.compile(r"/organisations/founding/\d+/$"))
    case_url = page.url
    expect(page.get_by_test_id("founding-employer")).to_contain_text(employer["name"])
    expect(page.get_by_test_id("deadline")).to_be_visible()

    # When they start preparing (筹建): organizer, plan, target date
    page.get_by_test_id("step-start_preparing").click()
    expect(page.get_by_test_id("transition-data")).to_be_visible()
    page.locator("#id_organizer_name").fill("李建国")
    page.locator("#id_organizer_phone").fill("13912345678")
    page.locator("#id_steps").fill("1. 宣传《工会法》\n2. 发展会员\n3. 召开会员大会")
    page.locator("#id_target_date").fill("2027-03-31")
    page.get_by_test_id("step-confirm").click()

    # Then the case is being prepared, the organizer's phone masked
    expect(page).to_have_url(case_url)
    expect(page.get_by_test_id("founding-data")).to_contain_text("李建国")
    expect(page.get_by_test_id("founding-data")).to_contain_text("139****5678")
    expect(page.get_by_test_id("founding-data")).not_to_contain_text("13912345678")

    # When they record the founding, first with a committee for too few members (工会法 art. 11)
    # (a founding cannot be undone: the step asks first, and they answer yes each time)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("step-found").click()
    members = max(1, employer["headcount"] - 1)
    page.locator("#id_members_enrolled").fill(str(members))
    if members >= COMMITTEE_THRESHOLD:
        # a committee is needed: an organizer alone is refused
        page.locator("#id_organizer_name").fill("李建国")
        page.get_by_test_id("step-confirm").click()
        expect(page.get_by_test_id("transition-data").locator(".invalid-feedback, .errorlist")).not_to_have_count(0)
        page.locator("#id_organizer_name").fill("")
        page.locator("#id_chair_name").fill("王秀英")
        page.locator("#id_committee_members").fill("张伟\n刘洋")
    else:
        # fewer than 25: a committee is refused, an organizer is elected
        page.locator("#id_chair_name").fill("王秀英")
        page.get_by_test_id("step-confirm").click()
        expect(page.get_by_test_id("transition-data").locator(".invalid-feedback, .errorlist")).not_to_have_count(0)
        page.locator("#id_chair_name").fill("")
        page.locator("#id_organizer_name").fill("李建国")
    screenshot(page, "founding-found-form")
    page.get_by_test_id("step-confirm").click()

    # Then the case is founded, and the new union is the employer's own
    expect(page).to_have_url(case_url)
    expect(page.get_by_test_id("founded-union")).to_contain_text(employer["name"])
    screenshot(page, "founding-case")
    page.get_by_test_id("founding-employer").click()
    expect(page.get_by_test_id("employer-union-status")).to_have_attribute("class", re.compile("text-bg-success"))
    expect(page.get_by_test_id("employer-union-link")).to_be_visible()
    expect(page.get_by_test_id("employer-founding")).to_be_visible()

    # and the township's founding rate counts the employer: one more covered, the same employers
    nav_link(page, "/organisations/coverage/").click()
    covered_after, eligible_after = covered_of_eligible(page)
    assert (covered_after, eligible_after) == (covered_before + 1, eligible_before)
    expect(page.get_by_test_id("founding-rate")).not_to_have_text(rate_before)


@pytest.mark.parametrize("username", ["township002", "demo_grassroots_other"])
def test_officers_of_another_township_see_none_of_it(
    page: Page, gonghui_server: GonghuiServer, campaign: dict[str, Any], problems: Any, username: str
) -> None:
    url = gonghui_server.url
    employer = campaign["employer"]
    case_ids = gonghui_server.shell_json(
        "import json\nfrom gonghui.organisations.models import FoundingCase\n"
        f"cases = FoundingCase.unscoped.filter(employer_id={employer['id']})\n"
        "print(json.dumps(list(cases.values_list('pk', flat=True))))"
    )
    # Given an officer of another township, signed in
    signed_in(page, gonghui_server, username)

    # When they type the addresses of the first township's assignment, of the employer and its cases
    paths = [
        f"/organisations/surveys/assignments/{campaign['assignment']}/",
        f"/organisations/surveys/assignments/{campaign['assignment']}/visit/?employer={employer['id']}",
        f"/organisations/employers/{employer['id']}/",
        *[f"/organisations/founding/{pk}/" for pk in case_ids],
    ]
    for path in paths:
        for status in (403, 404):
            problems.allow_status(status, path.split("?")[0])
        response = page.goto(url + path)
        # Then each is refused, and names nothing of it
        assert response is not None
        assert response.status in (403, 404), path
        expect(page.locator("#main")).not_to_contain_text(employer["name"])
        expect(page.locator("#main")).not_to_contain_text(campaign["township"])

    # and their own lists hold nothing of the first township
    for path in ("/organisations/surveys/", "/organisations/founding/?state=", "/organisations/employers/"):
        problems.allow_status(403, path.split("?")[0])
        response = page.goto(url + path)
        assert response is not None
        if response.status == 200:
            expect(page.locator("#main")).not_to_contain_text(employer["name"])
            expect(page.locator("#main")).not_to_contain_text(campaign["township"])
