"""The member registry's lists: their filters, their pages and their exports (``core.web.lists``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import FilterForm, Keyset, ListDef, ListSheet, carried, choice, search
from gonghui.members import selectors
from gonghui.members.models import Membership, Worker


class WorkerFilters(FilterForm):
    q = search(_("name, pinyin initials, ID number, phone ending, card"), testid="worker-search")
    union = choice(_("union"))
    category = choice(_("category"), Worker.Category.choices)
    status = choice(_("membership"), Worker.MemberStatus.choices)
    age = choice(_("age"), [(code, label) for code, label, _low, _high in selectors.AGE_BANDS])
    employer = carried(_("employer"))

    def setup(self, user: Any) -> None:
        selected = str(self.data.get("union", ""))[:100]
        self.set_choices(
            "union", lambda: [(str(u.pk), u.name) for u in selectors.unions_for_filter(user, selected=selected)]
        )

    def chip_text(self, name: str, value: str) -> str | None:
        return None  # an employer's page links here; the employer's name is on the rows


class MembershipFilters(FilterForm):
    union = choice(_("union"))
    status = choice(
        _("membership status"),
        [(selectors.CURRENT_STATUS, _("current (member or membership kept)")), *Membership.Status.choices],
    )

    def setup(self, user: Any) -> None:
        selected = str(self.data.get("union", ""))[:100]
        self.set_choices(
            "union", lambda: [(str(u.pk), u.name) for u in selectors.unions_for_filter(user, selected=selected)]
        )


class TransferFilters(FilterForm):
    direction = choice(_("direction"), [("in", _("transferred in")), ("out", _("transferred out"))])


# Workers: a county holds a million; pages walk the (union path, id) index and read 50 rows by id.
WORKERS = ListDef(
    rows=selectors.workers_for_user,
    filters=WorkerFilters,
    pager=Keyset(order=("union__path", "id"), by_id=True),
    export="members",
)
# Memberships: one row per membership (a transfer leaves one on each side); the members' figures
# count these rows (measures.py). Pages walk the (union path, id) order and read 50 rows by id.
MEMBERSHIPS = ListDef(
    rows=selectors.memberships_for_user,
    filters=MembershipFilters,
    pager=Keyset(order=("union__path", "-id"), by_id=True),
    export="memberships",
)
TRANSFERS = ListDef(
    rows=selectors.transfers_for_user,
    filters=TransferFilters,
    pager=Keyset(order=("-id",)),
    export="member_transfers",
)
FOLLOW_UP = ListDef(
    rows=selectors.memberships_needing_follow_up,
    pager=Keyset(order=("union__path", "last_seen_on", "id")),
    export="member_follow_up",
)


@register
class MembershipSheet(ListSheet):
    kind = "memberships"
    title = _("Memberships")
    export_permission = "members.view_membership"
    list_url_name = "members:membership_list"
    page_list = MEMBERSHIPS
    columns = (
        Column("worker.name", "姓名", width=12),
        Column("worker.id_number", "证件号码", type="code", personal="id_number", width=22),
        Column("union.name", "工会", width=30),
        Column("employer.name", "工作单位", width=30),
        Column("joined_on", "入会日期", type="date", width=12),
        Column("ended_on", "会籍终止日期", type="date", width=12),
        Column("get_status_display", "会籍状态", width=12),
        Column("get_end_reason_display", "会籍变化原因", width=16),
    )


@register
class TransferSheet(ListSheet):
    kind = "member_transfers"
    title = _("Transfers")
    export_permission = "members.view_membership"
    list_url_name = "members:transfer_list"
    page_list = TRANSFERS
    columns = (
        Column("on", "日期", type="date", width=12),
        Column("worker.name", "姓名", width=12),
        Column("worker.id_number", "证件号码", type="code", personal="id_number", width=22),
        Column("get_kind_display", "会籍变化类型", width=12),
        Column("union.name", "工会", width=30),
        Column("counterpart_union.name", "对方工会", width=30),
        Column("note", "备注", width=30),
    )


@register
class FollowUpSheet(ListSheet):
    kind = "member_follow_up"
    title = _("Members to follow up")
    export_permission = "members.change_membership"
    list_url_name = "members:follow_up_list"
    page_list = FOLLOW_UP
    columns = (
        Column("worker.name", "姓名", width=12),
        Column("worker.id_number", "证件号码", type="code", personal="id_number", width=22),
        Column("worker.phone", "移动电话", type="code", personal="phone", width=14),
        Column("union.name", "工会", width=30),
        Column("last_seen_on", "最近联系日期", type="date", width=12),
        Column("last_dues_on", "最近缴费日期", type="date", width=12),
        Column("last_activity_on", "最近活动日期", type="date", width=12),
    )
