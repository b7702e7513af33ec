"""The accounts as a list: its filters, its pages and its export (the ``accounts`` sheet)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts import selectors
from gonghui.core.accounts.roles import Role
from gonghui.core.web.lists import FilterForm, ListDef, choice, search


class UserFilters(FilterForm):
    q = search(_("name or user name"), testid="user-search")
    role = choice(_("role"), Role.choices)
    active = choice(_("status"), [("1", _("active")), ("0", _("disabled"))])


def with_lock_state(users: list[Any]) -> list[Any]:
    """Mark the accounts of a page (or an export's chunk) locked out now: one query for all of them."""
    locked = selectors.locked_usernames([user.username for user in users])
    for user in users:
        user.is_locked = user.username in locked
    return users


USERS = ListDef(rows=selectors.users_for_user, filters=UserFilters, export="accounts", decorate=with_lock_state)
