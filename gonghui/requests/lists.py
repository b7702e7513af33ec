"""Worker requests' list: its filters, pages and export (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, search
from gonghui.requests import rules, selectors
from gonghui.requests.models import Request
from gonghui.requests.workflows import RequestState


class RequestFilters(FilterForm):
    q = search(_("tracking code or employer"), testid="request-search")
    state = choice(pgettext_lazy("requests", "state"), [(selectors.OPEN, _("not answered yet")), *RequestState.choices])
    category = choice(pgettext_lazy("requests", "category"), Request.Category.choices)
    channel = choice(_("channel"), Request.Channel.choices)
    timeliness = choice(_("timeliness"), rules.TIMELINESS)
    satisfaction = choice(_("satisfaction"), Request.Satisfaction.choices)
    assigned = choice(_("assigned"), [(selectors.MINE, _("to me"))])
    township = choice(_("township"))
    year = forms.CharField(
        label=_("received in"),
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )
    union = carried(_("union"))
    employer = carried(_("employer"))

    def setup(self, user: Any) -> None:
        townships = selectors.townships_for_user(user) if user is not None else []
        if townships:
            self.set_choices("township", [(str(union.pk), union.name) for union in townships])
        else:
            del self.fields["township"]

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name in ("union", "employer") else value


REQUESTS = ListDef(rows=selectors.requests_for_user, filters=RequestFilters, export="worker_requests")


@register
class RequestListSheet(ListSheet):
    """The Export button of the list: the rows its filters show (contact data masked)."""

    kind = "worker_requests"
    title = _("Worker requests")
    export_permission = "requests.view_request"
    list_url_name = "requests:list"
    page_list = REQUESTS
    columns = (
        Column("display_code", "查询码", type="code", width=14),
        Column("received_on", "受理日期", type="date", width=12),
        Column("get_channel_display", "渠道", width=12),
        Column("get_category_display", "诉求类别", width=14),
        Column("employer_name", "单位", width=30),
        Column("contact_name", "联系人", width=10, personal="name"),
        Column("contact_phone", "联系电话", width=14, personal="phone"),
        Column("union.name", "承办工会", width=26),
        Column("answer_due", "答复期限", type="date", width=12),
        Column("answered_on", "答复日期", type="date", width=12),
        Column("get_satisfaction_display", "满意度", width=10),
        Column("get_state_display", "状态", width=14),
    )
