"""Skills training's lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, search
from gonghui.training import selectors
from gonghui.training.models import Course, Enrolment

STATUS_CHOICES = (
    (selectors.TRAINED, _("trained (not withdrawn)")),
    (selectors.COMPLETED, pgettext_lazy("training", "completed")),
    (selectors.CERTIFIED, pgettext_lazy("training", "certified")),
)


def _township_choices(form: FilterForm, user: Any) -> None:
    townships = selectors.townships_for_user(user) if user is not None else []
    if townships:
        form.set_choices("township", [(str(union.pk), union.name) for union in townships])
    else:
        del form.fields["township"]


class CourseFilters(FilterForm):
    q = search(_("title, provider or place"))
    state = choice(pgettext_lazy("training", "state"), Course.State.choices)
    category = choice(pgettext_lazy("training", "subject"), Course.Category.choices)
    funding = choice(pgettext_lazy("training", "funding"), Course.Funding.choices)
    township = choice(_("township"))
    year = carried(pgettext_lazy("training", "starting in"))

    def setup(self, user: Any) -> None:
        _township_choices(self, user)


class EnrolmentFilters(FilterForm):
    q = search(_("trainee or course"))
    status = choice(pgettext_lazy("training", "outcome"), STATUS_CHOICES)
    category = choice(pgettext_lazy("training", "subject"), Course.Category.choices)
    township = choice(_("township"))
    year = carried(pgettext_lazy("training", "course started in"))
    course = carried(pgettext_lazy("training", "course"))
    state = carried(pgettext_lazy("training", "state"))

    def setup(self, user: Any) -> None:
        _township_choices(self, user)

    def chip_text(self, name: str, value: str) -> str | None:
        if name == "state":
            return str(dict(Enrolment.State.choices).get(value, value))
        return None if name == "course" else value


COURSES = ListDef(rows=selectors.courses_for_user, filters=CourseFilters, export="training_courses")
ENROLMENTS = ListDef(rows=selectors.enrolments_for_user, filters=EnrolmentFilters, export="training_trainees")


@register
class CourseSheet(ListSheet):
    """The Export button of the course list: the rows its filters show."""

    kind = "training_courses"
    title = _("Training courses")
    export_permission = "training.view_course"
    list_url_name = "training:course_list"
    page_list = COURSES
    columns = (
        Column("title", "培训班名称", width=30),
        Column("union.name", "举办工会", width=26),
        Column("provider", "培训机构", width=24),
        Column("get_category_display", "培训工种", width=16),
        Column("starts_on", "开班日期", type="date", width=12),
        Column("ends_on", "结业日期", type="date", width=12),
        Column("hours", "学时", width=8),
        Column("sessions", "天数", width=8),
        Column("place", "培训地点", width=24),
        Column("capacity", "名额", width=8),
        Column("enrolled", "报名人数", width=10),
        Column("get_funding_display", "经费方式", width=10),
        Column("subsidy", "人均补贴（元）", type="decimal", width=12),
        Column("get_state_display", "状态", width=10),
    )


@register
class TraineeSheet(ListSheet):
    """The Export button of the trainee list: the rows its filters show."""

    kind = "training_trainees"
    title = _("Trainees")
    export_permission = "training.view_enrolment"
    list_url_name = "training:enrolment_list"
    page_list = ENROLMENTS
    columns = (
        Column("worker.name", "姓名", width=12),
        Column("worker.employer.name", "工作单位", width=28),
        Column("course.title", "培训班", width=30),
        Column("course.get_category_display", "培训工种", width=16),
        Column("course.starts_on", "开班日期", type="date", width=12),
        Column("union.name", "举办工会", width=26),
        Column("enrolled_on", "报名日期", type="date", width=12),
        Column("get_source_display", "报名方式", width=10),
        Column("attended", "出勤天数", width=10),
        Column("get_state_display", "状态", width=10),
        Column("completed_on", "结业日期", type="date", width=12),
        Column("certificate.number", "证书编号", type="code", width=18),
    )
