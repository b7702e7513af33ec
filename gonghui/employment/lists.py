"""Employment services' lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, search
from gonghui.employment import rules, selectors
from gonghui.employment.models import JobSeeker, Referral


def _year_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )


class _TownshipFilters(FilterForm):
    def setup(self, user: Any) -> None:
        if "township" in self.fields:
            townships = selectors.townships_for_user(user) if user is not None else []
            if townships:
                self.set_choices("township", [(str(union.pk), union.name) for union in townships])
            else:
                del self.fields["township"]
        if "place" in self.fields:
            self.set_choices("place", [(d.code, d.name) for d in selectors.township_places()])
        if "skill" in self.fields:
            self.set_choices("skill", [(code, str(label)) for code, label in rules.SKILLS])


class SeekerFilters(_TownshipFilters):
    q = search(_("name, ID number or work wished for"), testid="seeker-search")
    state = choice(pgettext_lazy("employment", "state"), JobSeeker.State.choices)
    category = choice(pgettext_lazy("employment", "category"), JobSeeker.Category.choices)
    skill = choice(_("skill"))
    place = choice(_("township wished for"))
    township = choice(_("registered in"))
    registered = _year_field(_("registered in year"))
    helped = _year_field(_("referred in year"))


class VacancyFilters(_TownshipFilters):
    q = search(_("post or employer"), testid="vacancy-search")
    status = choice(
        pgettext_lazy("employment", "state"),
        [
            (selectors.OPEN, pgettext_lazy("employment", "open")),
            (selectors.EXPIRED, pgettext_lazy("employment", "expired")),
            (selectors.FULL, pgettext_lazy("employment", "filled")),
        ],
    )
    skill = choice(_("skill"))
    place = choice(_("township"))
    township = choice(_("kept by"))
    employer = carried(_("employer"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name == "employer" else value


class ReferralFilters(_TownshipFilters):
    outcome = choice(pgettext_lazy("employment", "outcome"), Referral.Outcome.choices)
    category = choice(pgettext_lazy("employment", "category"), JobSeeker.Category.choices)
    township = choice(_("referred by"))
    year = _year_field(_("referred in year"))
    seeker = carried(_("job seeker"))
    vacancy = carried(_("vacancy"))
    fair = carried(_("job fair"))

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name in ("seeker", "vacancy", "fair") else value


class PlacementFilters(_TownshipFilters):
    q = search(_("name, employer or post"))
    category = choice(pgettext_lazy("employment", "category"), JobSeeker.Category.choices)
    township = choice(_("township"))
    year = _year_field(_("placed in year"))


class FairFilters(FilterForm):
    q = search(_("title or venue"))
    year = _year_field(pgettext_lazy("employment", "held in"))


SEEKERS = ListDef(rows=selectors.seekers_for_user, filters=SeekerFilters, export="employment_seekers")
VACANCIES = ListDef(rows=selectors.vacancies_for_user, filters=VacancyFilters, export="employment_vacancies")
REFERRALS = ListDef(rows=selectors.referrals_for_user, filters=ReferralFilters, export="employment_referrals")
PLACEMENTS = ListDef(rows=selectors.placements_for_user, filters=PlacementFilters, export="employment_placements")
FAIRS = ListDef(rows=selectors.fairs_for_user, filters=FairFilters, export="employment_fairs")


@register
class SeekerListSheet(ListSheet):
    """The Export button of the job seeker list: the rows its filters show (personal data masked)."""

    kind = "employment_seekers"
    title = _("Job seekers")
    export_permission = "employment.view_jobseeker"
    list_url_name = "employment:seeker_list"
    page_list = SEEKERS
    columns = (
        Column("name", "姓名", personal="name", width=12),
        Column("id_number", "身份证号", personal="id_number", type="code", width=20),
        Column("phone", "手机号码", personal="phone", type="code", width=14),
        Column("get_category_display", "人员类别", width=14),
        Column("skill_text", "技能", width=30),
        Column("wished_work", "求职意向", width=20),
        Column("place.name", "意向乡镇", width=12),
        Column("expected_pay", "期望月薪（元）", type="decimal", width=12),
        Column("registered_on", "登记日期", type="date", width=12),
        Column("get_state_display", "状态", width=10),
        Column("union.name", "登记工会", width=26),
    )

    def export_values(self, obj: Any) -> list[Any]:
        obj.skill_text = "、".join(obj.skill_labels)
        return super().export_values(obj)


@register
class VacancyListSheet(ListSheet):
    kind = "employment_vacancies"
    title = _("Vacancies")
    export_permission = "employment.view_vacancy"
    list_url_name = "employment:vacancy_list"
    page_list = VACANCIES
    columns = (
        Column("employer.name", "用人单位", width=30),
        Column("post", "岗位", width=16),
        Column("skill_text", "技能要求", width=30),
        Column("pay_min", "月薪下限（元）", type="decimal", width=12),
        Column("pay_max", "月薪上限（元）", type="decimal", width=12),
        Column("headcount", "招聘人数", width=10),
        Column("filled", "已安置", width=10),
        Column("place.name", "工作地点", width=12),
        Column("valid_until", "有效期至", type="date", width=12),
    )

    def export_values(self, obj: Any) -> list[Any]:
        obj.skill_text = "、".join(obj.skill_labels)
        return super().export_values(obj)


@register
class ReferralListSheet(ListSheet):
    kind = "employment_referrals"
    title = _("Referrals")
    export_permission = "employment.view_referral"
    list_url_name = "employment:referral_list"
    page_list = REFERRALS
    columns = (
        Column("seeker.name", "求职者", personal="name", width=12),
        Column("seeker.get_category_display", "人员类别", width=14),
        Column("vacancy.employer.name", "用人单位", width=30),
        Column("vacancy.post", "岗位", width=16),
        Column("referred_on", "推荐日期", type="date", width=12),
        Column("score", "匹配度", width=8),
        Column("get_outcome_display", "结果", width=10),
        Column("outcome_on", "结果日期", type="date", width=12),
        Column("get_reason_display", "未录用原因", width=16),
        Column("union.name", "推荐工会", width=26),
    )


@register
class PlacementListSheet(ListSheet):
    kind = "employment_placements"
    title = _("Placements")
    export_permission = "employment.view_placement"
    list_url_name = "employment:placement_list"
    page_list = PLACEMENTS
    columns = (
        Column("seeker.name", "姓名", personal="name", width=12),
        Column("seeker.get_category_display", "人员类别", width=14),
        Column("employer.name", "就业单位", width=30),
        Column("post", "岗位", width=16),
        Column("pay", "月薪（元）", type="decimal", width=12),
        Column("placed_on", "就业日期", type="date", width=12),
        Column("union.name", "工会", width=26),
    )


@register
class FairListSheet(ListSheet):
    kind = "employment_fairs"
    title = _("Job fairs")
    export_permission = "employment.view_jobfair"
    list_url_name = "employment:fair_list"
    page_list = FAIRS
    columns = (
        Column("title", "招聘会名称", width=30),
        Column("held_on", "举办日期", type="date", width=12),
        Column("place.name", "乡镇", width=12),
        Column("venue", "地点", width=20),
        Column("union.name", "主办工会", width=26),
        Column("results", "成效", width=40),
    )
