"""The account list on the page layer: its filters, its pager and an Export of what the filters show."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope

URL = reverse("accounts:user_list")


def test_the_account_list_exports_what_its_filters_show(world: World, client_for: Any) -> None:
    sam = client_for(world.sam)
    # given the list filtered to union staff
    exported = export_of(sam, URL, {"role": Role.UNION_STAFF})
    # then the workbook holds exactly the union staff the page shows, phones masked
    assert set(exported.column("用户名")) == {world.bob.username, world.bea.username}
    assert set(exported.column("角色")) == {str(Role.UNION_STAFF.label)}
    assert all("*" in (phone or "*") for phone in exported.column("手机号码"))


def test_the_export_keeps_the_status_filter(world: World, client_for: Any) -> None:
    """Regression: the account export read the search and the role but not the status."""
    with system_scope("a test disables an account"):
        User.unscoped.filter(pk=world.will.pk).update(is_active=False)
    exported = export_of(client_for(world.sam), URL, {"active": "0"})
    assert exported.column("用户名") == [world.will.username]
    assert exported.column("状态") == ["已停用"]


def test_the_filter_bar_and_the_rows_partial(world: World, client_for: Any) -> None:
    sam = client_for(world.sam)
    page = sam.get(URL, {"q": "bo"})
    assert b'data-testid="filter-bar"' in page.content
    assert b'data-testid="user-search"' in page.content
    assert [account.username for account in page.context["page"].object_list] == [world.bob.username]
    # an htmx refresh answers the rows and the Export button following the filters
    rows = sam.get(URL, {"q": "bo"}, headers={"HX-Request": "true"})
    assert b"<html" not in rows.content
    assert b"/sheets/accounts/export/?q=bo" in rows.content
