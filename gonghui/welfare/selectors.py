"""Member welfare's reads: each answers for the user it is given (``core/selectors.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from gonghui.core.figures.townships import townships_for_user as _townships
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.web.converters import parse_id
from gonghui.members import selectors as members
from gonghui.members.models import Worker
from gonghui.welfare import rules
from gonghui.welfare.models import CapTable, Item, WelfareBatch, WelfareBatchLine, WelfareCap, WelfarePayout

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User


def _year(value: str | int | None) -> int | None:
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{4}", text) and 1900 < int(text) < 3000 else None


@selector
def payouts_for_user(
    user: User,
    *,
    q: str = "",
    union: str = "",
    township: str = "",
    item: str = "",
    festival: str = "",
    form: str = "",
    year: str = "",
    batch: str = "",
) -> QuerySet[WelfarePayout]:
    """The payouts of ``user``'s subtree, newest first; ``union``: paid by that union (exactly),
    ``township``: by a union under that township, ``q``: the member's name or card number."""
    rows = WelfarePayout.objects.select_related("union", "worker", "batch")
    if q:
        rows = rows.filter(Q(worker__name__icontains=q.strip()) | Q(worker__card_number=q.strip()))
    if (union_id := parse_id(union)) is not None:
        rows = rows.filter(union_id=union_id)
    if (township_id := parse_id(township)) is not None:
        found = Union.objects.filter(pk=township_id).values_list("path", flat=True).first()
        rows = rows.filter(union__path__startswith=found) if found else rows.none()
    if item in Item.values:
        rows = rows.filter(item=item)
    if festival:
        rows = rows.filter(festival=festival)
    if form:
        rows = rows.filter(form=form)
    if (y := _year(year)) is not None:
        rows = rows.filter(year=y)
    if (batch_id := parse_id(batch)) is not None:
        rows = rows.filter(batch_id=batch_id)
    return rows.order_by("-paid_on", "-id")


@selector(sample=lambda s: {"welfare_payout_id": s.id("welfare_payout_id")})
def get_payout_for_user(user: User, welfare_payout_id: int) -> WelfarePayout:
    """One payout of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(WelfarePayout.objects.select_related("union", "worker", "batch"), pk=welfare_payout_id)


@selector
def batches_for_user(user: User, *, q: str = "", state: str = "", year: str = "") -> QuerySet[WelfareBatch]:
    """The festival batches of ``user``'s subtree, newest first, with their line counts and totals."""
    rows = WelfareBatch.objects.select_related("union").annotate(
        line_count=Count("lines"), line_total=Sum("lines__amount")
    )
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(union__name__icontains=q))
    if state:
        rows = rows.filter(state=state)
    if (y := _year(year)) is not None:
        rows = rows.filter(paid_on__year=y)
    return rows.order_by("-paid_on", "-id")


@selector(sample=lambda s: {"welfare_batch_id": s.id("welfare_batch_id")})
def get_batch_for_user(user: User, welfare_batch_id: int) -> WelfareBatch:
    """One batch of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(
        WelfareBatch.objects.select_related("union", "made_by", "approved_by"), pk=welfare_batch_id
    )


@selector(sample=lambda s: {"batch": s.get(WelfareBatch, "welfare_batch_id")})
def lines_of_batch(user: User, batch: WelfareBatch) -> list[WelfareBatchLine]:
    """The lines of a batch the user sees, refused ones first."""
    return sorted(
        WelfareBatchLine.objects.filter(batch=batch).select_related("worker"),
        key=lambda line: (not line.refusal, line.worker.name, line.pk),
    )


@selector(sample=lambda s: {"welfare_line_id": s.id("welfare_line_id")})
def get_batch_line_for_user(user: User, welfare_line_id: int) -> WelfareBatchLine:
    """One line of a batch of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(WelfareBatchLine.objects.select_related("batch", "worker", "union"), pk=welfare_line_id)


@selector
def cap_tables(user: User) -> list[CapTable]:
    """Every province's cap table with its caps (reference data: everyone with the module reads it)."""
    return list(CapTable.objects.prefetch_related("caps"))


@selector
def table_in_force(user: User) -> CapTable | None:
    """The table the county applies (None: not chosen yet)."""
    return rules.table_in_force()


@selector(sample=lambda s: {"text": s.get(WelfarePayout, "welfare_payout_id").worker.name})
def member_lookup(user: User, text: str) -> list[Worker]:
    """The workers of ``user``'s subtree with this member card number, or else exactly this name (at most 5)."""
    text = (text or "").strip()
    if not text:
        return []
    by_card = list(members.workers_with_card_number(user, text)[:2])
    return by_card or list(members.workers_named(user, text).order_by("id")[:5])


@selector
def unions_for_filter(user: User, *, selected: str = "") -> list[Union]:
    return members.unions_for_filter(user, selected=selected)


@selector
def townships_for_user(user: User) -> list[Union]:
    return _townships(user)


@dataclass
class SpendingLine:
    """A union's spending on one item in a year: members paid, payouts, total, per member, the cap."""

    union: Union
    item: str
    members: int
    payouts: int
    total: Decimal
    cap: WelfareCap | None = None
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def per_member(self) -> Decimal:
        return (self.total / self.members).quantize(Decimal("0.01")) if self.members else Decimal("0")

    @property
    def item_label(self) -> str:
        return str(Item(self.item).label)


def _year_cap(caps: list[WelfareCap] | None, item: str) -> WelfareCap | None:
    """The cap a member's yearly spending on ``item`` is measured against (per year, else per payout)."""
    chosen = [cap for cap in rules.applicable(caps or [], item, "") if cap.amount is not None]
    for basis in (WelfareCap.Basis.YEAR, WelfareCap.Basis.FESTIVAL_YEAR, WelfareCap.Basis.EVENT):
        for cap in chosen:
            if cap.basis == basis:
                return cap
    return None


@selector(sample=lambda s: {"year": 2025})
def spending_for_user(user: User, *, year: int) -> list[SpendingLine]:
    """Spending per member by paying union and item in ``year``, against the caps in force (one query)."""
    caps = rules.caps_of(rules.table_in_force())
    grouped = (
        WelfarePayout.objects.filter(year=year)
        .values("union_id", "item")
        .annotate(members=Count("worker_id", distinct=True), payouts=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    rows = list(grouped)
    unions = {u.pk: u for u in Union.objects.filter(pk__in={row["union_id"] for row in rows})}
    lines = []
    for row in rows:
        union = unions.get(row["union_id"])
        if union is None:
            continue
        cap = _year_cap(caps, row["item"])
        line = SpendingLine(
            union=union,
            item=row["item"],
            members=row["members"],
            payouts=row["payouts"],
            total=row["total"] or Decimal("0"),
            cap=cap,
            filters={"union": union.pk, "item": row["item"], "year": year},
        )
        lines.append(line)
    order = {value: index for index, value in enumerate(Item.values)}
    return sorted(lines, key=lambda line: (line.union.path, order.get(line.item, 99)))
