"""Account requests as a list: its filters, its pages and its export (the ``account_requests`` sheet)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import selectors
from gonghui.core.access.workflows import AccountRequestFlow
from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, choice, search


class AccountRequestFilters(FilterForm):
    q = search(_("name or user name"), testid="request-search")
    state = choice(_("state"), AccountRequestFlow.choices())


ACCOUNT_REQUESTS = ListDef(
    rows=selectors.account_requests_for_user, filters=AccountRequestFilters, export="account_requests"
)


@register
class AccountRequestSheet(ListSheet):
    kind = "account_requests"
    title = _("Account requests")
    export_permission = "access.view_accountrequest"
    list_url_name = "access:request_list"
    page_list = ACCOUNT_REQUESTS
    columns = (
        Column("full_name", "姓名", width=12),
        Column("username", "用户名", width=16),
        Column("phone", "手机号码", type="code", personal="phone", width=14),
        Column("get_role_display", "角色", width=16),
        Column("union.name", "所属工会", width=30),
        Column("requested_by.full_name", "申请人", width=12),
        Column("created_at", "申请时间", width=18),
        Column("get_state_display", "状态", width=10),
        Column("reason", "申请理由", width=50),
    )

    def export_values(self, obj: Any) -> list[Any]:
        values = super().export_values(obj)
        values[[column.field for column in self.columns].index("created_at")] = timezone.localtime(
            obj.created_at
        ).strftime("%Y-%m-%d %H:%M")
        return values
