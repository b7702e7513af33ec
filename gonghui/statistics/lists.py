"""The statistics form's lists (``core/web/lists.py``): a federation's grassroots and joint unions and
their forms of a year (its page), and the forms kept (the API)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.web.lists import FilterForm, ListDef, choice, search
from gonghui.statistics import selectors
from gonghui.statistics.filled import FormState
from gonghui.statistics.workflows import ReportState

STATES = [
    (FormState.NOT_STARTED.value, _("not started")),
    (ReportState.DRAFT.value, _("being filled in")),
    (ReportState.SUBMITTED.value, _("submitted")),
]


class UnionFormFilters(FilterForm):
    year = choice(_("statistics year"), all_label=None)
    q = search(_("union name"))
    state = choice(_("form"), STATES)

    def setup(self, user: Any) -> None:
        self.set_choices("year", [(str(year), str(year)) for year in selectors.years_offered()], all_label=None)


class ReportFilters(FilterForm):
    year = choice(_("statistics year"))
    state = choice(
        _("form"), [(ReportState.DRAFT.value, _("being filled in")), (ReportState.SUBMITTED.value, _("submitted"))]
    )

    def setup(self, user: Any) -> None:
        self.set_choices("year", [(str(year), str(year)) for year in selectors.years_offered()])


# The forms kept, of every year (the API's list of forms; the pages list the unions instead).
REPORTS = ListDef(rows=selectors.reports_for_user, filters=ReportFilters)
UNION_FORMS = ListDef(
    rows=selectors.union_forms_for_user, filters=UnionFormFilters, decorate=selectors.with_form_states
)
