"""Competitions and innovation's lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.competitions import selectors
from gonghui.competitions.models import Competition, Innovation, InnovationStudio
from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, search


def _year_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )


class _TownshipFilters(FilterForm):
    def setup(self, user: Any) -> None:
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]


class CompetitionFilters(_TownshipFilters):
    q = search(_("name or trade"), testid="competition-search")
    kind = choice(pgettext_lazy("competitions", "kind"), Competition.Kind.choices)
    year = _year_field(_("starts in"))
    township = choice(_("township"))


class ParticipantFilters(_TownshipFilters):
    q = search(_("name, team or employer"))
    kind = choice(pgettext_lazy("competitions", "kind"), Competition.Kind.choices)
    year = _year_field(_("starts in"))
    township = choice(_("township"))
    competition = carried(_("labour competition"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name == "competition" else value


class InnovationFilters(_TownshipFilters):
    q = search(_("title, worker, team or employer"), testid="innovation-search")
    kind = choice(pgettext_lazy("competitions", "kind"), Innovation.Kind.choices)
    outcome = choice(_("evaluation"), Innovation.Outcome.choices)
    year = _year_field(_("submitted in"))
    township = choice(_("township"))
    employer = carried(_("employer"))
    studio = carried(_("worker innovation studio"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name in ("employer", "studio") else value


class StudioFilters(_TownshipFilters):
    q = search(_("name, employer or leader"))
    level = choice(pgettext_lazy("competitions", "level"), InnovationStudio.Level.choices)
    township = choice(_("township"))


COMPETITIONS = ListDef(rows=selectors.competitions_for_user, filters=CompetitionFilters, export="competitions")
PARTICIPANTS = ListDef(
    rows=selectors.participants_for_user, filters=ParticipantFilters, export="competition_participants"
)
INNOVATIONS = ListDef(rows=selectors.innovations_for_user, filters=InnovationFilters, export="innovations")
STUDIOS = ListDef(rows=selectors.studios_for_user, filters=StudioFilters, export="innovation_studios")


@register
class CompetitionSheet(ListSheet):
    """The Export button of the competition list: the rows its filters show."""

    kind = "competitions"
    title = _("Labour competitions")
    export_permission = "competitions.view_competition"
    list_url_name = "competitions:list"
    page_list = COMPETITIONS
    columns = (
        Column("name", "竞赛名称", width=36),
        Column("get_kind_display", "竞赛类型", width=20),
        Column("trade", "工种（项目）", width=16),
        Column("union.name", "主办工会", width=26),
        Column("starts_on", "开始日期", type="date", width=12),
        Column("ends_on", "结束日期", type="date", width=12),
        Column("participant_count", "参赛人数（队）", width=12),
    )


@register
class ParticipantSheet(ListSheet):
    kind = "competition_participants"
    title = _("Competition participants")
    export_permission = "competitions.view_participant"
    list_url_name = "competitions:participant_list"
    page_list = PARTICIPANTS
    columns = (
        Column("competition.name", "竞赛名称", width=36),
        Column("display_name", "参赛者（队）", width=16),
        Column("employer.name", "所在单位", width=30),
        Column("competition.starts_on", "开始日期", type="date", width=12),
    )


@register
class InnovationSheet(ListSheet):
    kind = "innovations"
    title = _("Innovations")
    export_permission = "competitions.view_innovation"
    list_url_name = "competitions:innovation_list"
    page_list = INNOVATIONS
    columns = (
        Column("title", "成果名称", width=36),
        Column("get_kind_display", "类别", width=20),
        Column("by", "完成人（团队）", width=16),
        Column("employer.name", "单位名称", width=30),
        Column("submitted_on", "提交日期", type="date", width=12),
        Column("get_outcome_display", "评审结果", width=10),
        Column("evaluated_on", "评审日期", type="date", width=12),
        Column("value_created", "创造价值（元）", type="decimal", width=14),
        Column("reward", "奖励金额（元）", type="decimal", width=14),
        Column("studio.name", "创新工作室", width=24),
    )


@register
class StudioSheet(ListSheet):
    kind = "innovation_studios"
    title = _("Worker innovation studios")
    export_permission = "competitions.view_innovationstudio"
    list_url_name = "competitions:studio_list"
    page_list = STUDIOS
    columns = (
        Column("name", "工作室名称", width=30),
        Column("employer.name", "单位名称", width=30),
        Column("leader.name", "领衔人", width=12),
        Column("get_level_display", "级别", width=10),
        Column("named_on", "命名日期", type="date", width=12),
        Column("member_count", "成员人数", width=10),
        Column("result_count", "创新成果数", width=10),
    )
