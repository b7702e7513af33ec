"""Labour relations' lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.townships import townships_for_user
from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, flag, search
from gonghui.rights import selectors
from gonghui.rights.models import Alert, Dispute, Level, MediationCommittee, Signal
from gonghui.rights.workflows import AlertFlow, DisputeFlow

OPEN_CHOICE = ("open", _("open"))


class TownshipFilter(FilterForm):
    def setup(self, user: Any) -> None:
        if "township" not in self.fields:
            return
        townships = townships_for_user(user) if user is not None else []
        if len(townships) > 1:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            self.fields["township"].widget = carried("").widget

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name == "employer" else value


class AlertFilters(TownshipFilter):
    q = search(_("employer"), testid="alert-search")
    signal = choice(_("signal"), Signal.choices)
    level = choice(_("level"), Level.choices)
    state = choice(_("state"), [OPEN_CHOICE, *AlertFlow.choices()])
    township = choice(_("township"))
    automatic = flag(_("raised automatically"))
    confirmed = flag(_("confirmed by staff"))
    year = carried(_("year"))
    month = carried(_("month"))
    employer = carried(_("employer"))
    industry = carried(_("industry"))


class DisputeFilters(TownshipFilter):
    q = search(_("employer, case number or matter"), testid="dispute-search")
    state = choice(_("state"), [OPEN_CHOICE, *DisputeFlow.choices()])
    kind = choice(_("kind"), Dispute.Kind.choices)
    outcome = choice(_("outcome"), [("agreement", _("agreement signed")), ("ended", _("mediation ended"))])
    township = choice(_("township"))
    within_limit = flag(_("ended within the limit"))
    limitation_near = flag(_("arbitration limitation near"))
    year = carried(_("year"))
    month = carried(_("month"))
    committee = carried(_("committee"))
    employer = carried(_("employer"))
    industry = carried(_("industry"))


class CommitteeFilters(FilterForm):
    q = search(_("committee name"))
    kind = choice(_("kind"), MediationCommittee.Kind.choices)


ALERTS = ListDef(rows=selectors.alerts_for_user, filters=AlertFilters, export="rights_alerts")
DISPUTES = ListDef(rows=selectors.disputes_for_user, filters=DisputeFilters, export="rights_disputes")
COMMITTEES = ListDef(rows=selectors.committees_for_user, filters=CommitteeFilters, export="rights_committees")


@register
class AlertSheet(ListSheet):
    kind = "rights_alerts"
    title = _("Early warnings")
    export_permission = "rights.view_alert"
    list_url_name = "rights:alert_list"
    page_list = ALERTS
    columns = (
        Column("observed_on", "发现日期", type="date", width=12),
        Column("employer.name", "用人单位", width=30),
        Column("get_signal_display", "预警信号", width=16),
        Column("get_level_display", "预警等级", width=8),
        Column("get_state_display", "状态", width=12),
        Column("workers", "涉及职工人数", width=10),
        Column("amount", "涉及金额（元）", type="decimal", width=14),
        Column("months", "月数", width=6),
        Column("automatic", "系统自动发现", width=8),
        Column("union.name", "所属工会", width=28),
    )

    def export_values(self, obj: Alert) -> list[Any]:
        values = super().export_values(obj)
        values[8] = "是" if obj.automatic else "否"
        return values


@register
class CommitteeSheet(ListSheet):
    kind = "rights_committees"
    title = _("Mediation committees")
    export_permission = "rights.view_mediationcommittee"
    list_url_name = "rights:committee_list"
    page_list = COMMITTEES
    columns = (
        Column("name", "调解委员会名称", width=32),
        Column("get_kind_display", "类型", width=14),
        Column("employer.name", "用人单位", width=30),
        Column("industry", "行业", width=14),
        Column("established_on", "成立日期", type="date", width=12),
        Column("union.name", "所属工会", width=28),
    )
