"""Workplace safety's lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, flag, search
from gonghui.safety import rules, selectors
from gonghui.safety.models import Hazard, SafetyActivity
from gonghui.safety.workflows import HazardState


def _year_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )


class HazardFilters(FilterForm):
    q = search(_("employer, responsible person or description"), testid="hazard-search")
    state = choice(_("state"), [(selectors.OPEN, pgettext_lazy("safety", "open")), *HazardState.choices])
    level = choice(pgettext_lazy("safety", "level"), Hazard.Level.choices)
    category = choice(pgettext_lazy("safety", "category"), Hazard.Category.choices)
    timeliness = choice(_("rectification"), rules.TIMELINESS)
    township = choice(_("township"))
    industry = choice(_("industry"))
    year = _year_field(_("found in"))
    month = carried(_("month"))
    employer = carried(_("employer"))
    inspector = carried(_("inspector"))

    def setup(self, user: Any) -> None:
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]
        self.set_choices("industry", selectors.industry_sections)

    def chip_text(self, name: str, value: str) -> str | None:
        if name == "month":
            return str(_("month %(month)s") % {"month": value})
        return None if name in ("employer", "inspector") else value


class InspectorFilters(FilterForm):
    q = search(_("name or certificate number"))
    current = flag(_("currently appointed"))


class ActivityFilters(FilterForm):
    kind = choice(_("kind"), SafetyActivity.Kind.choices)
    year = _year_field(pgettext_lazy("safety", "held in"))
    township = choice(_("township"))
    employer = carried(_("employer"))

    def setup(self, user: Any) -> None:
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name == "employer" else value


HAZARDS = ListDef(rows=selectors.hazards_for_user, filters=HazardFilters, export="safety_hazards")
INSPECTORS = ListDef(rows=selectors.inspectors_for_user, filters=InspectorFilters, export="safety_inspectors")
ACTIVITIES = ListDef(rows=selectors.activities_for_user, filters=ActivityFilters, export="safety_activities")


@register
class HazardListSheet(ListSheet):
    """The Export button of the hazard list: the rows its filters show."""

    kind = "safety_hazards"
    title = _("Safety hazards")
    export_permission = "safety.view_hazard"
    list_url_name = "safety:hazard_list"
    page_list = HAZARDS
    columns = (
        Column("employer.name", "单位名称", width=30),
        Column("union.name", "工会", width=26),
        Column("found_on", "发现日期", type="date", width=12),
        Column("get_category_display", "隐患类别", width=16),
        Column("get_level_display", "隐患等级", width=8),
        Column("location", "隐患部位", width=20),
        Column("description", "隐患描述", width=40),
        Column("responsible_person", "整改责任人", width=12),
        Column("notice_issued_on", "通知日期", type="date", width=12),
        Column("due_on", "整改期限", type="date", width=12),
        Column("rectified_on", "整改完成日期", type="date", width=12),
        Column("rechecked_on", "复查日期", type="date", width=12),
        Column("get_state_display", "状态", width=10),
    )


@register
class InspectorListSheet(ListSheet):
    kind = "safety_inspectors"
    title = _("Safety inspectors")
    export_permission = "safety.view_inspector"
    list_url_name = "safety:inspector_list"
    page_list = INSPECTORS
    columns = (
        Column("worker.name", "姓名", width=12),
        Column("worker.employer.name", "工作单位", width=30),
        Column("union.name", "聘任工会", width=26),
        Column("certificate", "证书编号", type="code", width=16),
        Column("appointed_on", "聘任日期", type="date", width=12),
        Column("ended_on", "解聘日期", type="date", width=12),
        Column("hazards_found", "发现隐患数", width=10),
    )


@register
class ActivityListSheet(ListSheet):
    kind = "safety_activities"
    title = _("Safety activities")
    export_permission = "safety.view_safetyactivity"
    list_url_name = "safety:activity_list"
    page_list = ACTIVITIES
    columns = (
        Column("employer.name", "单位名称", width=30),
        Column("get_kind_display", "活动类型", width=16),
        Column("held_on", "日期", type="date", width=12),
        Column("participants", "参加人数", width=10),
        Column("note", "备注", width=30),
    )
