"""Honours's lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, search
from gonghui.honours import selectors
from gonghui.honours.models import CareRecord, Category, Level, ModelWorker
from gonghui.honours.workflows import NominationState

CARE_CHOICES = (
    ("not_visited", _("not visited before the Spring Festival")),
    ("no_health_check", _("no health check this year")),
    ("never_rested", _("never on a rest stay")),
    ("hardship", _("in hardship")),
)


def _year_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )


class CampaignFilters(FilterForm):
    q = search(_("title"))
    year = _year_field(_("year"))


class NominationFilters(FilterForm):
    q = search(_("nominee or employer"))
    category = choice(pgettext_lazy("honours", "category"), Category.choices)
    state = choice(
        pgettext_lazy("honours", "state"), [("live", _("not withdrawn or refused")), *NominationState.choices]
    )
    year = _year_field(_("year"))
    campaign = carried(_("campaign"))
    union = carried(_("nominating union"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name in ("campaign", "union") else value


class ModelWorkerFilters(FilterForm):
    q = search(_("name, honour or workplace"), testid="model-worker-search")
    level = choice(pgettext_lazy("honours", "level"), Level.choices)
    status = choice(_("in post or retired"), ModelWorker.Status.choices)
    farmer = choice(_("farmer model worker"), (("1", _("yes")), ("0", _("no"))))
    care = choice(_("care"), CARE_CHOICES)
    union = carried(_("union"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name == "union" else value


class CareFilters(FilterForm):
    q = search(_("model worker"))
    kind = choice(_("care"), CareRecord.Kind.choices)
    level = choice(pgettext_lazy("honours", "level"), Level.choices)
    year = _year_field(_("year"))


CAMPAIGNS = ListDef(rows=selectors.campaigns_for_user, filters=CampaignFilters, export="honours_campaigns")
NOMINATIONS = ListDef(rows=selectors.nominations_for_user, filters=NominationFilters, export="honours_nominations")
MODEL_WORKERS = ListDef(
    rows=selectors.model_workers_for_user, filters=ModelWorkerFilters, export="honours_model_workers"
)
CARE = ListDef(rows=selectors.care_records_for_user, filters=CareFilters, export="honours_care")


@register
class CampaignSheet(ListSheet):
    kind = "honours_campaigns"
    title = _("Award campaigns")
    export_permission = "honours.view_awardcampaign"
    list_url_name = "honours:campaign_list"
    page_list = CAMPAIGNS
    columns = (
        Column("title", "评选名称", width=36),
        Column("year", "年度", width=8),
        Column("union.name", "组织工会", width=26),
        Column("nominations_due", "推荐截止日期", type="date", width=12),
        Column("min_frontline_percent", "一线职工最低占比（%）", width=12),
        Column("max_leader_percent", "领导人员最高占比（%）", width=12),
        Column("notice_working_days", "公示工作日", width=10),
    )


@register
class NominationSheet(ListSheet):
    kind = "honours_nominations"
    title = _("Nominations")
    export_permission = "honours.view_nomination"
    list_url_name = "honours:nomination_list"
    page_list = NOMINATIONS
    columns = (
        Column("campaign.title", "评选", width=30),
        Column("get_category_display", "类别", width=24),
        Column("name", "推荐对象", width=20),
        Column("employer.name", "工作单位", width=30),
        Column("post", "岗位/职务", width=14),
        Column("frontline", "一线职工", width=8),
        Column("leader", "领导人员", width=8),
        Column("union.name", "推荐单位", width=24),
        Column("get_state_display", "状态", width=14),
        Column("notice_starts", "公示开始", type="date", width=12),
        Column("notice_ends", "公示结束", type="date", width=12),
        Column("commended_on", "表彰日期", type="date", width=12),
    )


@register
class ModelWorkerSheet(ListSheet):
    kind = "honours_model_workers"
    title = _("Model workers")
    export_permission = "honours.view_modelworker"
    list_url_name = "honours:model_worker_list"
    page_list = MODEL_WORKERS
    columns = (
        Column("name", "姓名", width=12),
        Column("get_level_display", "劳模级别", width=10),
        Column("honour", "荣誉称号", width=24),
        Column("honoured_year", "获得年份", width=10),
        Column("get_status_display", "在职/退休", width=10),
        Column("farmer", "农民劳模", width=8),
        Column("workplace", "工作单位", width=30),
        Column("phone", "联系电话", type="code", personal="phone", width=14),
        Column("union.name", "管理工会", width=24),
    )


@register
class CareSheet(ListSheet):
    kind = "honours_care"
    title = _("Model-worker care")
    export_permission = "honours.view_carerecord"
    list_url_name = "honours:care_list"
    page_list = CARE
    columns = (
        Column("model_worker.name", "劳模姓名", width=12),
        Column("model_worker.get_level_display", "劳模级别", width=10),
        Column("get_kind_display", "关爱项目", width=14),
        Column("get_festival_display", "节日", width=10),
        Column("on", "日期", type="date", width=12),
        Column("amount", "金额（元）", type="decimal", width=12),
        Column("batch.name", "疗休养批次", width=20),
        Column("note", "备注", width=30),
    )
