"""Member welfare's lists: their filters, pages and exports (``core/web/lists.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, ListDef, ListSheet, carried, choice, search
from gonghui.welfare import selectors
from gonghui.welfare.models import Festival, Form, Item
from gonghui.welfare.workflows import BatchState


def _year_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width:6rem"}),
    )


class PayoutFilters(FilterForm):
    q = search(_("member's name or card number"), testid="payout-search")
    item = choice(_("item"), Item.choices)
    festival = choice(_("festival"), Festival.choices)
    form = choice(_("form"), Form.choices)
    union = choice(_("paying union"))
    township = choice(_("township"))
    year = _year_field(_("year"))
    batch = carried(_("batch"))

    def setup(self, user: Any) -> None:
        if user is None:
            return
        selected = str(self.data.get("union", "")) if self.data else ""
        self.set_choices("union", [(str(u.pk), u.name) for u in selectors.unions_for_filter(user, selected=selected)])
        townships = selectors.townships_for_user(user)
        if townships:
            self.set_choices("township", [(str(u.pk), u.name) for u in townships])
        else:
            del self.fields["township"]

    def chip_text(self, name: str, value: str) -> str | None:
        return None if name == "batch" else value


class BatchFilters(FilterForm):
    q = search(_("title or union"))
    state = choice(_("state"), BatchState.choices)
    year = _year_field(_("year"))


PAYOUTS = ListDef(rows=selectors.payouts_for_user, filters=PayoutFilters, export="welfare_payouts")
BATCHES = ListDef(rows=selectors.batches_for_user, filters=BatchFilters)


@register
class PayoutListSheet(ListSheet):
    """The Export button of the payout list: the rows its filters show."""

    kind = "welfare_payouts"
    title = _("Welfare payouts")
    export_permission = "welfare.view_welfarepayout"
    list_url_name = "welfare:payout_list"
    page_list = PAYOUTS
    columns = (
        Column("union.name", "发放工会", width=30),
        Column("worker.name", "会员姓名", width=12),
        Column("worker.card_number", "会员证号", type="code", width=20),
        Column("get_item_display", "慰问项目", width=16),
        Column("get_festival_display", "节日", width=12),
        Column("get_form_display", "发放形式", width=10),
        Column("amount", "金额（元）", type="decimal", width=12),
        Column("paid_on", "发放日期", type="date", width=12),
        Column("batch.title", "发放批次", width=24),
        Column("note", "备注", width=30),
    )
