"""The worker's own pages on a phone: the demo worker signs in, finds their membership and member card.

On a 360 × 740 screen the demo worker (``demo_worker``, linked by the members demo step to a member
of their union) signs in and lands on their home page, which shows their membership and their
member card. The card page shows their name, union, card number and the QR code; nothing is wider
than the screen. The card of another worker's record answers 404. Then a grassroots officer of the
worker's union opens what the QR code holds and sees a valid card, the name masked.

Names and ids come from the server's own database.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import GonghuiServer
from tests.browser.test_journeys import signed_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

FACTS = """
import json
from gonghui.core.accounts.models import User
from gonghui.members.models import Membership, Worker
from gonghui.members.cards import card_reference
from gonghui.members.selectors import worker_for_account
account = User.unscoped.get(username="demo_worker")
worker = worker_for_account(account)
current = Membership.unscoped.get(worker=worker, status__in=["active", "kept"])
other = Worker.unscoped.exclude(pk=worker.pk).filter(card_number__isnull=False).order_by("id").first()
print(json.dumps({
    "worker": {"id": worker.pk, "name": worker.name, "card": worker.card_number},
    "union": current.union.name,
    "other": {"id": other.pk, "name": other.name, "card": other.card_number},
    "ref": card_reference(worker.pk),
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def facts(gonghui_server: GonghuiServer) -> dict[str, Any]:
    return gonghui_server.shell_json(FACTS)


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= 360"))


def test_the_demo_worker_shows_their_member_card_on_a_phone(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any], problems: Any, screenshot: Any
) -> None:
    worker = facts["worker"]
    # Given the demo worker signing in on a phone
    phone: Page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    signed_in(phone, gonghui_server, "demo_worker")

    # Then their home page shows their membership and their card, within the screen's width
    expect(phone.get_by_test_id("home-member-union")).to_have_text(facts["union"])
    expect(phone.get_by_test_id("home-my-card")).to_be_visible()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "worker-home-phone")

    # When they open their member card
    phone.get_by_test_id("home-my-card").tap()
    expect(phone).to_have_url(gonghui_server.url + "/members/me/card/")

    # Then it shows their name, union, card number and the QR code, within the screen's width
    card = phone.get_by_test_id("member-card")
    expect(card).to_have_attribute("data-valid", "valid")
    expect(phone.get_by_test_id("card-name")).to_have_text(worker["name"])
    expect(phone.get_by_test_id("card-union")).to_have_text(facts["union"])
    expect(phone.get_by_test_id("card-number")).to_have_text(worker["card"])
    qr = phone.get_by_test_id("card-qr")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml")
    assert phone.evaluate("document.querySelector('[data-testid=card-qr]').naturalWidth") > 0
    box = qr.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert no_horizontal_scroll(phone)
    screenshot(phone, "worker-card-phone")

    # and their membership page too
    phone.goto(gonghui_server.url + "/members/me/")
    expect(phone.get_by_test_id("mine-union")).to_have_text(facts["union"])
    expect(phone.get_by_test_id("mine-card-number")).to_have_text(worker["card"])
    assert no_horizontal_scroll(phone)

    # When they open the card of another worker's record, there is nothing there
    other = f"/members/card/{facts['other']['id']}/"
    problems.allow_status(404, other)
    response = phone.goto(gonghui_server.url + other)
    assert response is not None
    assert response.status == 404
    expect(phone.get_by_test_id("member-card")).to_have_count(0)
    expect(phone.locator("main")).not_to_contain_text(facts["other"]["card"])
    assert no_horizontal_scroll(phone)


def test_an_officer_of_the_workers_union_checks_the_scanned_card(
    new_context: Any, gonghui_server: GonghuiServer, facts: dict[str, Any]
) -> None:
    # Given a grassroots officer of the demo worker's union, who scans the card's QR code
    officer: Page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    signed_in(officer, gonghui_server, "demo_grassroots")
    officer.goto(gonghui_server.url + "/members/card/check/?ref=" + facts["ref"])

    # Then the card is valid, the member's name masked, the union named
    result = officer.get_by_test_id("card-check")
    expect(result).to_have_attribute("data-status", "valid")
    expect(officer.get_by_test_id("card-check-name")).to_have_text(
        facts["worker"]["name"][0] + "*" * (len(facts["worker"]["name"]) - 1)
    )
    expect(result).to_contain_text(facts["union"])
    assert no_horizontal_scroll(officer)

    # and an officer of another township's union is told it is not a card of their unions
    other: Page = new_context(viewport=PHONE).new_page()
    signed_in(other, gonghui_server, "demo_grassroots_other")
    other.goto(gonghui_server.url + "/members/card/check/?ref=" + facts["ref"])
    expect(other.get_by_test_id("card-check")).to_have_attribute("data-status", "outside")
