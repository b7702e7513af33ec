"""The accounts sheet: the account list exported as its filters show it (phones masked unless the role may see them)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.accounts.lists import USERS
from gonghui.core.sheets.specs import Column, ExportParams, register
from gonghui.core.tree.scoping import subtree_q, system_scope
from gonghui.core.web.lists import ListSheet


@register
class AccountSheet(ListSheet):
    """Export only: accounts are created one by one, with a role and a password policy."""

    kind = "accounts"
    title = gettext_lazy("Accounts")
    import_permission = "accounts.import_user"  # granted to nobody: accounts are not imported
    export_permission = "accounts.view_user"
    list_url_name = "accounts:user_list"
    page_list = USERS
    columns = (
        Column("username", "用户名", required=True),
        Column("full_name", "姓名", required=True),
        Column("phone", "手机号码", type="code", digits=11, personal="phone", width=16),
        Column("role", "角色"),
        Column("union", "所属工会", width=36),
        Column("is_active", "状态", width=8),
    )

    def export_queryset(self, user: Any, params: ExportParams) -> QuerySet[Any]:
        from gonghui.core.accounts.models import User

        if user is None:
            with system_scope("operator export"):
                users = User.unscoped.select_related("union")
                if params.union is not None:
                    users = users.filter(subtree_q("union__path", params.union.path))
                return users.order_by("union__path", "username")
        return super().export_queryset(user, params)

    def export_values(self, obj: Any) -> list[Any]:
        if not obj.is_active:
            status = _("disabled")
        elif getattr(obj, "is_locked", False):
            status = _("locked")
        else:
            status = _("active")
        return [
            obj.username,
            obj.full_name,
            obj.phone or "",
            obj.get_role_display(),
            obj.union.name if obj.union_id else "",
            str(status),
        ]

    def validate_row(self, run: Any, row: Any) -> None:
        raise NotImplementedError("accounts are not imported")

    def write_batch(self, run: Any, rows: list[Any]) -> None:
        raise NotImplementedError("accounts are not imported")
