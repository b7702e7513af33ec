"""The accounts sheet: an export of the user list (phones masked unless the role may see them)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.sheets.specs import Column, ExportParams, SheetSpec, register
from gonghui.core.tree.scoping import subtree_q, system_scope


@register
class AccountSheet(SheetSpec):
    """Export only: accounts are created one by one, with a role and a password policy."""

    kind = "accounts"
    title = gettext_lazy("Accounts")
    import_permission = "accounts.import_user"  # granted to nobody: accounts are not imported
    export_permission = "accounts.view_user"
    list_url_name = "accounts:user_list"
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
        from gonghui.core.accounts.selectors import users_for_user

        filters = params.filters
        if user is None:
            with system_scope("operator export"):
                users = User.unscoped.select_related("union")
                if params.union is not None:
                    users = users.filter(subtree_q("union__path", params.union.path))
                return users.order_by("union__path", "username")
        users = users_for_user(user, q=filters.get("q", ""), role=filters.get("role", ""))
        if params.union is not None:
            users = users.filter(subtree_q("union__path", params.union.path))
        return users

    def export_values(self, obj: Any) -> list[Any]:
        return [
            obj.username,
            obj.full_name,
            obj.phone or "",
            obj.get_role_display(),
            obj.union.name if obj.union_id else "",
            str(_("active") if obj.is_active else _("inactive")),
        ]

    def validate_row(self, run: Any, row: Any) -> None:
        raise NotImplementedError("accounts are not imported")

    def write_batch(self, run: Any, rows: list[Any]) -> None:
        raise NotImplementedError("accounts are not imported")
