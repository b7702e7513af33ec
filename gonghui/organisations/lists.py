"""Organisation building's lists: their filters, their pages and their exports (``core.web.lists``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, flag, search
from gonghui.organisations import selectors
from gonghui.organisations.forms import EmployerFilters
from gonghui.organisations.selectors import founding as selectors_founding
from gonghui.organisations.selectors import surveys as selectors_surveys
from gonghui.organisations.workflows import FoundingFlow


class FoundingFilters(FilterForm):
    q = search(_("employer name"), testid="founding-search")
    state = choice(_("state"), all_label=None)
    union = choice(_("responsible union"))
    overdue = flag(_("overdue only"))
    year = carried(_("ended in"))

    def setup(self, user: Any) -> None:
        self.set_choices(
            "state",
            [
                (selectors_founding.OPEN, _("open")),
                *FoundingFlow.choices(),
                (selectors_founding.ALL_STATES, _("all")),
            ],
            all_label=None,
        )
        unions = selectors_founding.union_choices_for_user(user) if user is not None else []
        if len(unions) > 1:
            self.set_choices("union", unions)
        else:
            self.fields["union"].widget = forms.HiddenInput()

    def chip_text(self, name: str, value: str) -> str | None:
        return value if name == "year" else None  # a union's figure links here with its id


EMPLOYERS = ListDef(rows=selectors.employers_for_user, filters=EmployerFilters, export="employers")
FOUNDING_CASES = ListDef(
    rows=selectors_founding.founding_cases_for_user, filters=FoundingFilters, export="founding_cases"
)
RE_ELECTIONS = ListDef(rows=selectors.re_elections_due, export="re_elections")
SURVEYS = ListDef(rows=selectors_surveys.surveys_for_user, export="surveys")
SURVEY_ASSIGNMENTS = ListDef(rows=selectors_surveys.assignments_for_user, export="survey_assignments")


class VisitFilters(FilterForm):
    """Set by the page the visits are listed on (a campaign or an assignment) and the figure clicked."""

    survey = carried(_("campaign"))
    assignment = carried(_("assignment"))
    show = carried(_("show"))


SURVEY_VISITS = ListDef(rows=selectors_surveys.visit_list_for_user, filters=VisitFilters, export="survey_visits")


@register
class FoundingCaseSheet(ListSheet):
    kind = "founding_cases"
    title = _("Founding cases")
    export_permission = "organisations.view_foundingcase"
    list_url_name = "organisations:founding_list"
    page_list = FOUNDING_CASES
    columns = (
        Column("employer.name", "单位名称", width=36),
        Column("employer.credit_code", "统一社会信用代码", type="code", width=22),
        Column("employer.headcount", "职工人数", width=10),
        Column("get_state_display", "状态", width=12),
        Column("union.name", "负责工会", width=30),
        Column("created_at", "立案日期", type="date", width=12),
        Column("target_date", "计划建会日期", type="date", width=12),
        Column("organizer_name", "组建负责人", width=12),
    )


@register
class ReElectionSheet(ListSheet):
    kind = "re_elections"
    title = _("Re-elections due")
    export_permission = "organisations.view_unionprofile"
    list_url_name = "organisations:re_election_list"
    page_list = RE_ELECTIONS
    columns = (
        Column("union.name", "工会名称", width=36),
        Column("get_union_type_display", "工会类型", width=16),
        Column("member_count", "会员人数", width=10),
        Column("get_term_years_display", "任期", width=8),
        Column("elected_on", "上次换届日期", type="date", width=12),
        Column("re_election_due", "应换届日期", type="date", width=12),
    )


@register
class SurveySheet(ListSheet):
    kind = "surveys"
    title = _("Survey campaigns")
    export_permission = "organisations.view_survey"
    list_url_name = "organisations:survey_list"
    page_list = SURVEYS
    columns = (
        Column("name", "普查名称", width=30),
        Column("union.name", "发起工会", width=30),
        Column("starts_on", "开始日期", type="date", width=12),
        Column("ends_on", "结束日期", type="date", width=12),
        Column("get_status_display", "状态", width=10),
        Column("assignment_count", "乡镇(产业)工会数", width=10),
        Column("target", "应走访单位数", width=10),
        Column("visited", "已走访单位数", width=10),
    )


@register
class SurveyAssignmentSheet(ListSheet):
    kind = "survey_assignments"
    title = _("Survey assignments")
    export_permission = "organisations.view_surveyassignment"
    list_url_name = "organisations:survey_list"
    page_list = SURVEY_ASSIGNMENTS
    columns = (
        Column("survey.name", "普查名称", width=30),
        Column("union.name", "承担工会", width=30),
        Column("survey.starts_on", "开始日期", type="date", width=12),
        Column("survey.ends_on", "结束日期", type="date", width=12),
        Column("survey.get_status_display", "状态", width=10),
        Column("target", "应走访单位数", width=10),
        Column("visited", "已走访单位数", width=10),
    )


@register
class SurveyVisitSheet(ListSheet):
    kind = "survey_visits"
    title = _("Survey visits")
    export_permission = "organisations.view_surveyvisit"
    list_url_name = "organisations:survey_list"
    page_list = SURVEY_VISITS
    columns = (
        Column("visited_on", "走访日期", type="date", width=12),
        Column("employer.name", "单位名称", width=36),
        Column("employer.credit_code", "统一社会信用代码", type="code", width=22),
        Column("assignment.union.name", "承担工会", width=30),
        Column("visitors", "走访人", width=16),
        Column("headcount_found", "职工人数", width=10),
        Column("get_union_status_found_display", "建会情况", width=14),
        Column("discrepancy", "与台账不符", width=10),
    )

    def export_values(self, obj: Any) -> list[Any]:
        values = super().export_values(obj)
        values[-1] = "是" if obj.discrepancy else ""
        return values
