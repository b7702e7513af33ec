"""Journeys through the demo county, tried in Chromium as a new user of each role would try them.

Selectors rely on ids, hrefs and ``data-testid`` attributes, never on wording, so that the journeys
hold in both languages; the texts they compare come from the server's own database.
Run the journeys alone with ``make test TEST_ARGS='-m browser -n0'``; ``GONGHUI_SCREENSHOTS=1``
also saves the user guide's screenshots into docs/images/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, PHONE, GonghuiServer, pass_second_factor

pytestmark = pytest.mark.browser

NEW_UNION = "青山县启明星电子科技有限公司工会委员会"
CJK = re.compile(r"[\u4e00-\u9fff]")


def sign_in(page: Page, server: GonghuiServer, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open the site as a new visitor does, and sign in through the form."""
    page.goto(server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form:has(#id_password) button[type=submit]").click()
    # An administrator's sign-in asks for a code from their authenticator app (set up at the first one).
    pass_second_factor(page, username)


def signed_in(page: Page, server: GonghuiServer, username: str) -> None:
    sign_in(page, server, username)
    expect(page).to_have_url(server.url + "/home/")
    expect(page.get_by_test_id("home-title")).to_be_visible()


def nav_link(page: Page, href: str) -> Any:
    return page.locator(f'#gh-nav a[href="{href}"]')


def table_rows(page: Page, testid: str) -> Any:
    return page.get_by_test_id(testid).locator("tbody tr")


def test_county_admin_signs_in_browses_the_tree_and_adds_a_union(
    page: Page, gonghui_server: GonghuiServer, demo: dict[str, Any], screenshot: Any
) -> None:
    # Given the county administrator at the sign-in page
    page.goto(gonghui_server.url + "/")
    expect(page.locator("#id_username")).to_be_focused()
    screenshot(page, "login")

    # When they sign in, they land on the county's dashboard with the counts by kind
    sign_in(page, gonghui_server, "demo_county_admin")
    expect(page).to_have_url(gonghui_server.url + "/home/")
    expect(page.get_by_test_id("home-title")).to_contain_text(demo["county"]["name"])
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    expect(page.get_by_test_id("topbar-union")).to_have_text(demo["county"]["name"])
    counts = page.get_by_test_id("kind-counts").locator(".gh-stat .value")
    expect(counts).to_have_text([str(n) for n in demo["kind_counts"] if n])
    screenshot(page, "home-county-admin")

    # and every static asset arrived: Bootstrap's styles and scripts, htmx, the icon font, app.css
    page.wait_for_load_state("load")
    assets = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const style = (selector, pseudo) => getComputedStyle(document.querySelector(selector), pseudo);
            return {
                htmx: typeof window.htmx,
                bootstrap: typeof window.bootstrap,
                navbarDisplay: style(".navbar").display,
                hiddenPosition: style(".visually-hidden").position,
                topbarColour: style(".gh-topbar").backgroundColor,
                iconFamily: style(".bi", "::before").fontFamily,
                iconFonts: [...document.fonts].filter(f => f.family.includes("bootstrap-icons")).map(f => f.status),
            };
        }"""
    )
    assert assets["htmx"] == "object"
    assert assets["bootstrap"] == "object"
    assert assets["navbarDisplay"] == "flex"
    assert assets["hiddenPosition"] == "absolute"
    assert assets["topbarColour"] == "rgb(179, 38, 30)"
    assert "bootstrap-icons" in assets["iconFamily"]
    assert assets["iconFonts"]
    assert set(assets["iconFonts"]) == {"loaded"}

    # When they open the union tree from the left navigation
    nav_link(page, "/unions/").click()
    expect(page).to_have_url(gonghui_server.url + "/unions/")
    expect(table_rows(page, "union-table")).to_have_count(min(len(demo["union_names"]), 50))
    screenshot(page, "union-tree")

    # and search by a fragment of a township's name, htmx replaces the table in the same page
    township = demo["townships"][0]
    fragment = township["name"][:2]
    expected = [name for name in demo["union_names"] if fragment in name]
    assert 0 < len(expected) < len(demo["union_names"])
    page.evaluate("window.ghSamePage = true")
    page.get_by_test_id("union-search").fill(fragment)
    rows = table_rows(page, "union-table")
    expect(rows).to_have_count(len(expected))
    expect(rows.locator("td:first-child")).to_have_text(expected)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert page.evaluate("window.ghSamePage") is True

    # When they open the township and add a grassroots union below it
    page.get_by_test_id("union-table").get_by_role("link", name=township["name"], exact=True).click()
    expect(page).to_have_url(f"{gonghui_server.url}/unions/{township['id']}/")
    expect(page.get_by_test_id("union-name")).to_have_text(township["name"])
    page.locator(f'a[href="/unions/{township["id"]}/add/"]').click()
    page.locator("#id_name").fill(NEW_UNION)
    page.locator("#id_kind").select_option("grassroots")
    page.locator("#id_founding_date").fill("2024-05-01")
    page.locator("#main form button[type=submit]").click()

    # Then the new union's page opens, below the township
    expect(page.get_by_test_id("union-name")).to_have_text(NEW_UNION)
    expect(page.locator(".alert-success")).to_contain_text(NEW_UNION)
    expect(page.locator(".breadcrumb")).to_contain_text(township["name"])

    # and the township lists it among the unions directly below
    page.locator(".breadcrumb").get_by_role("link", name=township["name"], exact=True).click()
    expect(page).to_have_url(f"{gonghui_server.url}/unions/{township['id']}/")
    expect(page.locator("#main table").get_by_role("link", name=NEW_UNION, exact=True)).to_be_visible()
    screenshot(page, "union-detail")


def test_grassroots_officer_sees_only_their_own_union(
    page: Page, gonghui_server: GonghuiServer, demo: dict[str, Any], problems: Any, screenshot: Any
) -> None:
    own = demo["grassroots_union"]
    # Given the officer of one grassroots union, signed in
    signed_in(page, gonghui_server, "demo_grassroots")

    # Then the home page is their union's, and the navigation has no system administration
    expect(page.get_by_test_id("home-title")).to_have_text(own["name"])
    expect(nav_link(page, "/unions/")).to_be_visible()
    expect(nav_link(page, "/accounts/users/")).to_have_count(0)
    expect(nav_link(page, "/audit/")).to_have_count(0)
    screenshot(page, "home-grassroots-officer")

    # and the union tree holds exactly one row: their own union
    nav_link(page, "/unions/").click()
    rows = table_rows(page, "union-table")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text(own["name"])

    # When they type the address of a union in another township, or of that township
    for union in (demo["other_union"], demo["other_township"]):
        path = f"/unions/{union['id']}/"
        problems.allow_status(404, path)
        response = page.goto(gonghui_server.url + path)

        # Then they get the "not found" page, which names nothing of that union
        assert response is not None
        assert response.status == 404
        expect(page.locator("#main .gh-empty .bi-question-circle")).to_be_visible()
        expect(page.locator("#main")).not_to_contain_text(union["name"])
        expect(page.locator('#main a[href="/"]')).to_be_visible()


def test_language_switch_to_english_and_back(page: Page, gonghui_server: GonghuiServer) -> None:
    # Given a township staff member in the default language (Chinese)
    signed_in(page, gonghui_server, "demo_township")
    html = page.locator("html")
    tree_link = nav_link(page, "/unions/")
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(tree_link).to_have_text(CJK)

    # When they press the language button in the top bar
    page.get_by_test_id("language-switch").click()

    # Then the same page comes back in English
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(gonghui_server.url + "/home/")
    expect(nav_link(page, "/home/")).to_have_text("Home")
    expect(tree_link).to_have_text("Union tree")
    expect(page.get_by_test_id("language-switch")).to_have_text("中文")

    # and the language stays while they move around
    tree_link.click()
    expect(page).to_have_url(gonghui_server.url + "/unions/")
    expect(html).to_have_attribute("lang", "en")

    # When they switch back, the navigation is Chinese again
    page.get_by_test_id("language-switch").click()
    expect(html).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(gonghui_server.url + "/unions/")
    expect(tree_link).to_have_text(CJK)
    expect(page.get_by_test_id("language-switch")).to_have_text("English")


def test_security_admin_manages_accounts(page: Page, gonghui_server: GonghuiServer, screenshot: Any) -> None:
    # Given the security administrator, signed in
    signed_in(page, gonghui_server, "demo_security")

    # Then the navigation offers the accounts, and not the audit log
    expect(nav_link(page, "/audit/")).to_have_count(0)
    nav_link(page, "/accounts/users/").click()

    # and the accounts list shows the county's accounts
    expect(page).to_have_url(gonghui_server.url + "/accounts/users/")
    table = page.locator("#rows table")
    expect(table.get_by_role("link", name="demo_county_admin", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="demo_audit", exact=True)).to_be_visible()
    screenshot(page, "accounts")


def test_audit_admin_reads_the_county_admins_sign_ins(
    page: Page, new_context: Any, gonghui_server: GonghuiServer, screenshot: Any
) -> None:
    # Given the county administrator signed in (in another browser)
    other = new_context().new_page()
    signed_in(other, gonghui_server, "demo_county_admin")
    other.context.close()

    # When the audit administrator signs in and opens the audit log from the navigation
    signed_in(page, gonghui_server, "demo_audit")
    expect(nav_link(page, "/accounts/users/")).to_have_count(0)
    nav_link(page, "/audit/").click()
    expect(page).to_have_url(gonghui_server.url + "/audit/")
    rows = table_rows(page, "audit-table")
    expect(rows.filter(has_text="demo_county_admin").first).to_be_visible()
    screenshot(page, "audit-log")

    # and filters it to the county administrator's sign-ins
    page.locator("#f-user").fill("demo_county_admin")
    page.locator("#f-action").select_option("login")
    expect(page).to_have_url(re.compile(r"action=login"))
    expect(rows.first).to_be_visible()
    for user_cell in rows.locator("td:nth-child(2)").all_inner_texts():
        assert user_cell == "demo_county_admin"
    assert page.locator("#rows .badge.text-bg-success").count() == rows.count()


def test_phone_navigation_opens_as_offcanvas(new_context: Any, gonghui_server: GonghuiServer, screenshot: Any) -> None:
    # Given a union staff member on a phone
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    signed_in(page, gonghui_server, "demo_township")
    nav = page.locator("#gh-nav")
    menu = page.locator('button[data-bs-toggle="offcanvas"][data-bs-target="#gh-nav"]')

    # Then the navigation hides behind the menu button
    expect(menu).to_be_visible()
    expect(nav).to_be_hidden()

    # When they tap the menu button, the navigation slides in as an offcanvas panel
    menu.tap()
    expect(nav).to_have_class(re.compile(r"\bshow\b"))
    expect(nav).to_be_visible()
    expect(nav_link(page, "/unions/")).to_be_visible()
    screenshot(page, "phone-navigation")

    # and its entries work
    nav_link(page, "/unions/").tap()
    expect(page).to_have_url(gonghui_server.url + "/unions/")
    expect(nav).to_be_hidden()


def test_five_wrong_passwords_lock_the_account(page: Page, gonghui_server: GonghuiServer, problems: Any) -> None:
    # demo_leader's lockout lasts 30 minutes: the journey lifts it again at its end.
    problems.allow_status(429, "/accounts/login/")

    # Given four wrong passwords, each answered by the sign-in form again
    for _attempt in range(4):
        sign_in(page, gonghui_server, "demo_leader", "wrong-Password#1")
        expect(page.get_by_test_id("login-error")).to_be_visible()

    # When the fifth one is wrong too, the account is locked
    sign_in(page, gonghui_server, "demo_leader", "wrong-Password#1")
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    # and even the right password no longer opens it
    sign_in(page, gonghui_server, "demo_leader", DEMO_PASSWORD)
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/home/"))

    # Once the lockout is lifted on the server, the right password opens it again (and the
    # journeys after this one find the leader's account as they expect it).
    gonghui_server.command("axes_reset_username", "demo_leader")
    sign_in(page, gonghui_server, "demo_leader", DEMO_PASSWORD)
    expect(page).to_have_url(gonghui_server.url + "/home/")
