"""The audit log as a list: its filters, its pages (newest first, by keyset) and its export."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.audit import selectors
from gonghui.core.audit.forms import AuditFilterForm
from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import Keyset, ListDef, ListSheet

# The log only grows: pages walk the id index, newest first.
AUDIT_EVENTS = ListDef(
    rows=selectors.events_for_user, filters=AuditFilterForm, pager=Keyset(order=("-id",)), export="audit_events"
)


@register
class AuditEventSheet(ListSheet):
    kind = "audit_events"
    title = _("Audit log")
    export_permission = "audit.view_auditevent"
    list_url_name = "audit:event_list"
    page_list = AUDIT_EVENTS
    columns = (
        Column("at", "时间", width=18),
        Column("actor_username", "用户名", width=16),
        Column("get_action_display", "操作", width=16),
        Column("get_outcome_display", "结果", width=8),
        Column("object_type", "对象类型", width=20),
        Column("object_repr", "对象", width=36),
        Column("union.name", "工会", width=30),
        Column("ip", "IP地址", width=16),
        Column("note", "备注", width=40),
    )

    def export_values(self, obj: object) -> list[object]:
        values = super().export_values(obj)
        values[0] = timezone.localtime(obj.at).strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[attr-defined]
        return values
