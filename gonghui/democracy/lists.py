"""Democratic management's lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, flag, search
from gonghui.democracy import selectors
from gonghui.democracy.models import CollectiveContract, Congress
from gonghui.democracy.workflows import ContractFlow, MotionFlow, SessionFlow


def _year_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )


class TownshipFilters(FilterForm):
    """A list's filters with the township choice of the user's scope (left out when they have none)."""

    def setup(self, user: Any) -> None:
        if "township" not in self.fields:
            return
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]


# --- Employers (the figures' drill-downs) ---------------------------------------------------------


class EmployerFilters(TownshipFilters):
    q = search(_("employer name"))
    township = choice(_("township"))
    congress = choice(_("congress this year"), [("held", _("sitting held")), ("missing", _("no sitting held"))])
    contract = choice(_("collective contract"), [("yes", _("binding today")), ("no", _("none binding"))])
    wage = choice(_("wage agreement"), [("yes", _("binding today")), ("no", _("none binding"))])
    year = carried(_("year"))
    ownership = carried(_("economic type"))
    size_band = carried(_("size band"))
    industry = carried(_("industry"))


EMPLOYERS = ListDef(rows=selectors.employers_for_user, filters=EmployerFilters, export="democracy_employers")


@register
class EmployerSheet(ListSheet):
    kind = "democracy_employers"
    title = _("Employers: congresses and contracts")
    export_permission = "democracy.view_congress"
    list_url_name = "democracy:employer_list"
    page_list = EMPLOYERS
    columns = (
        Column("name", "单位名称", width=36),
        Column("division.name", "乡镇（街道）", width=16),
        Column("ownership.name", "经济类型", width=12),
        Column("headcount", "职工人数", width=10),
    )


# --- Congresses -----------------------------------------------------------------------------------


class CongressFilters(TownshipFilters):
    q = search(_("congress or employer"), testid="congress-search")
    township = choice(_("township"))
    form = choice(_("form"), Congress.Form.choices)
    current = flag(_("in office today"))
    sitting = choice(_("sitting this year"), [("held", _("held")), ("missing", _("none held"))])


CONGRESSES = ListDef(rows=selectors.congresses_for_user, filters=CongressFilters, export="congresses")


@register
class CongressSheet(ListSheet):
    kind = "congresses"
    title = _("Workers' congresses")
    export_permission = "democracy.view_congress"
    list_url_name = "democracy:congress_list"
    page_list = CONGRESSES
    columns = (
        Column("name", "名称", width=36),
        Column("employer.name", "单位名称", width=30),
        Column("get_form_display", "形式", width=16),
        Column("term_number", "届次", width=6),
        Column("term_start", "本届开始", type="date", width=12),
        Column("term_end", "本届届满", type="date", width=12),
        Column("workforce", "职工人数", width=10),
        Column("delegates_required", "应有代表数（至少）", width=12),
        Column("last_sitting_on", "最近一次会议", type="date", width=12),
        Column("union.name", "所属工会", width=30),
    )


# --- Delegates ------------------------------------------------------------------------------------


class DelegateFilters(TownshipFilters):
    q = search(_("delegate, congress or employer"), testid="delegate-search")
    township = choice(_("township"))
    current = flag(_("in office today"))


DELEGATES = ListDef(rows=selectors.delegates_for_user, filters=DelegateFilters, export="congress_delegates")


@register
class DelegateSheet(ListSheet):
    kind = "congress_delegates"
    title = _("Congress delegates")
    export_permission = "democracy.view_delegate"
    list_url_name = "democracy:delegate_list"
    page_list = DELEGATES
    columns = (
        Column("worker.name", "姓名", width=12),
        Column("electoral_unit", "选举单位", width=16),
        Column("congress.name", "职代会", width=36),
        Column("congress.employer.name", "单位名称", width=30),
        Column("congress.term_start", "本届开始", type="date", width=12),
        Column("congress.term_end", "本届届满", type="date", width=12),
        Column("is_manager", "中层以上管理人员", width=10),
        Column("is_frontline", "一线职工", width=8),
        Column("is_woman", "女职工", width=8),
        Column("is_dispatched", "劳务派遣职工", width=8),
    )

    def export_values(self, obj: Any) -> list[Any]:
        values = super().export_values(obj)
        return [*values[:6], *("是" if flag_value else "否" for flag_value in values[6:])]


# --- Sittings -------------------------------------------------------------------------------------


class SessionFilters(TownshipFilters):
    q = search(_("congress"))
    state = choice(_("state"), [(s.name, s.label) for s in SessionFlow.states])
    township = choice(_("township"))
    year = _year_field(_("held in"))


SESSIONS = ListDef(rows=selectors.sessions_for_user, filters=SessionFilters, export="congress_sessions")


@register
class SessionSheet(ListSheet):
    kind = "congress_sessions"
    title = _("Congress sittings")
    export_permission = "democracy.view_session"
    list_url_name = "democracy:session_list"
    page_list = SESSIONS
    columns = (
        Column("congress.name", "职代会", width=36),
        Column("number", "会议次数", width=8),
        Column("held_on", "会议日期", type="date", width=12),
        Column("materials_sent_on", "材料送达日期", type="date", width=12),
        Column("members_total", "应到", width=8),
        Column("present", "实到", width=8),
        Column("get_state_display", "状态", width=16),
        Column("reported_on", "报上级工会日期", type="date", width=12),
    )


# --- Motions --------------------------------------------------------------------------------------


class MotionFilters(TownshipFilters):
    q = search(_("subject"))
    state = choice(_("state"), [(s.name, s.label) for s in MotionFlow.states])
    township = choice(_("township"))
    congress = carried(_("congress"))


MOTIONS = ListDef(rows=selectors.motions_for_user, filters=MotionFilters, export="motions")


@register
class MotionSheet(ListSheet):
    kind = "motions"
    title = _("Motions")
    export_permission = "democracy.view_motion"
    list_url_name = "democracy:motion_list"
    page_list = MOTIONS
    columns = (
        Column("number", "提案号", width=8),
        Column("title", "案由", width=36),
        Column("congress.name", "职代会", width=30),
        Column("tabled_by.worker.name", "提案人", width=12),
        Column("tabled_on", "提出日期", type="date", width=12),
        Column("get_state_display", "状态", width=16),
        Column("department", "承办部门", width=16),
        Column("answer_due", "答复期限", type="date", width=12),
        Column("get_satisfaction_display", "满意度", width=12),
    )


# --- Collective contracts ---------------------------------------------------------------------------


class ContractFilters(TownshipFilters):
    q = search(_("title or employer"), testid="contract-search")
    kind = choice(_("kind"), CollectiveContract.Kind.choices)
    state = choice(_("state"), [(s.name, s.label) for s in ContractFlow.states])
    township = choice(_("township"))
    year = _year_field(_("signed in"))
    expiring = flag(_("renewal due (last 3 months)"))
    unfiled = flag(_("not filed in time"))
    binding = flag(_("binding today"))


CONTRACTS = ListDef(rows=selectors.contracts_for_user, filters=ContractFilters, export="collective_contracts")


@register
class ContractSheet(ListSheet):
    kind = "collective_contracts"
    title = _("Collective contracts")
    export_permission = "democracy.view_collectivecontract"
    list_url_name = "democracy:contract_list"
    page_list = CONTRACTS
    columns = (
        Column("title", "合同名称", width=36),
        Column("get_kind_display", "类别", width=16),
        Column("get_level_display", "层级", width=8),
        Column("employer.name", "单位名称", width=30),
        Column("get_state_display", "状态", width=16),
        Column("requested_on", "要约日期", type="date", width=12),
        Column("signed_on", "签订日期", type="date", width=12),
        Column("filing_due", "报送期限", type="date", width=12),
        Column("filed_on", "报送日期", type="date", width=12),
        Column("term_start", "期限起", type="date", width=12),
        Column("term_end", "期限止", type="date", width=12),
        Column("covered_workers", "覆盖职工", width=10),
        Column("wage_rise_percent", "工资增幅（%）", type="decimal", width=10),
        Column("minimum_wage", "最低工资（元/月）", type="decimal", width=12),
        Column("union.name", "所属工会", width=30),
    )
