"""The one rule every payout passes at entry — a form, a batch line, an import row, the API.

``payout_refusals(proposed, caps=..., member_on_day=..., total_before=...)`` answers with the
reasons it is refused (an empty list: it passes), each naming its numbers:

* the cap per payout: "生日慰问上限300元，本次320元" (¥300 passes a ¥300 cap, ¥300.01 does not);
* the cap per member and year (all festival gifts together, in 安徽 and 福建), or per member,
  festival and year (贵州: 春节 500, any other festival 200): the member's total for the year
  *with this payout* must stay within it — the payout that crosses it is refused, naming the
  total and the cap;
* the forms a table forbids (festival gifts: no cash, shopping cards or vouchers);
* membership of the paying union (or a union under it) on the day.

The facts come from ``Ledger`` (what was paid before, plus what the same file or batch adds
row by row) and ``members_on_day``; the rule itself reads nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.members import selectors as members
from gonghui.welfare.models import CapTable, Festival, Form, Item, WelfareCap, WelfarePayout, WelfareSetting

ZERO = Decimal("0")
# A running total's key: (worker id, item, festival or "" for every festival, year).
Key = tuple[int, str, str, int]


@dataclass(frozen=True)
class Proposed:
    """A payout about to be written."""

    worker_id: int
    worker_name: str
    item: str
    festival: str
    form: str
    amount: Decimal
    paid_on: date


def number(value: Decimal) -> str:
    """An amount in a message: ``300``, ``300.5`` → ``300.50``."""
    value = Decimal(value)
    return str(value.quantize(Decimal("1"))) if value == value.to_integral_value() else f"{value:.2f}"


def table_in_force() -> CapTable | None:
    """The cap table the county applies, or None before the county administrator chose one."""
    setting = WelfareSetting.objects.select_related("table").first()
    return setting.table if setting is not None else None


def caps_of(table: CapTable | None) -> list[WelfareCap] | None:
    return list(table.caps.all()) if table is not None else None


def applicable(caps: Iterable[WelfareCap], item: str, festival: str) -> list[WelfareCap]:
    """The caps of ``item``: for each basis, the row naming ``festival`` if there is one, else the general row."""
    chosen: dict[str, WelfareCap] = {}
    for cap in caps:
        if cap.item != item:
            continue
        if cap.festival and cap.festival != festival:
            continue
        if cap.basis in chosen and not cap.festival:
            continue  # a festival's own row already chosen
        chosen[cap.basis] = cap
    return list(chosen.values())


def running_key(cap: WelfareCap, proposed: Proposed) -> Key:
    festival = proposed.festival if cap.basis == WelfareCap.Basis.FESTIVAL_YEAR else ""
    return (proposed.worker_id, proposed.item, festival, proposed.paid_on.year)


def keys_of(caps: Iterable[WelfareCap] | None, proposed: Proposed) -> list[Key]:
    """The running totals a payout adds to (under ``caps``)."""
    if caps is None:
        return []
    return [
        running_key(cap, proposed)
        for cap in applicable(caps, proposed.item, proposed.festival)
        if cap.basis != WelfareCap.Basis.EVENT
    ]


def _item_label(proposed: Proposed) -> str:
    return capfirst(str(Item(proposed.item).label)) if proposed.item in Item.values else proposed.item


def payout_refusals(
    proposed: Proposed,
    *,
    caps: list[WelfareCap] | None,
    member_on_day: bool,
    union_name: str,
    total_before: dict[Key, Decimal],
) -> list[str]:
    """Why ``proposed`` may not be paid (empty: it may). ``caps`` None: no table chosen."""
    reasons: list[str] = []
    item = _item_label(proposed)
    if not member_on_day:
        reasons.append(
            _("%(name)s was not a member of %(union)s on %(day)s.")
            % {"name": proposed.worker_name, "union": union_name, "day": proposed.paid_on.isoformat()}
        )
    if proposed.amount <= ZERO:
        reasons.append(_("The amount must be more than zero."))
    if caps is None:
        reasons.append(
            _("No province's caps are in force yet: the county administrator chooses them on the caps page.")
        )
        return reasons
    for cap in applicable(caps, proposed.item, proposed.festival):
        if proposed.form in cap.forbidden:
            reasons.append(
                _("%(item)s may not be given as %(form)s.") % {"item": item, "form": Form(proposed.form).label}
            )
            break
    for cap in applicable(caps, proposed.item, proposed.festival):
        if cap.amount is None:
            continue
        values = {"item": item, "cap": number(cap.amount), "amount": number(proposed.amount)}
        if cap.basis == WelfareCap.Basis.EVENT:
            if proposed.amount > cap.amount:
                reasons.append(_("%(item)s: the cap is ¥%(cap)s, this payout is ¥%(amount)s.") % values)
            continue
        total = total_before.get(running_key(cap, proposed), ZERO) + proposed.amount
        if total <= cap.amount:
            continue
        values.update(name=proposed.worker_name, year=str(proposed.paid_on.year), total=number(total))
        if cap.basis == WelfareCap.Basis.YEAR:
            reasons.append(
                _(
                    "%(item)s: the cap per member and year is ¥%(cap)s; %(name)s's total for %(year)s "
                    "with this payout of ¥%(amount)s would be ¥%(total)s."
                )
                % values
            )
        else:
            values["festival"] = str(Festival(proposed.festival).label) if proposed.festival else ""
            reasons.append(
                _(
                    "%(item)s (%(festival)s): the cap per member and year is ¥%(cap)s; %(name)s's total for "
                    "%(year)s with this payout of ¥%(amount)s would be ¥%(total)s."
                )
                % values
            )
    return reasons


class Ledger:
    """The members' running totals: what was paid before (read once per member and year), plus what
    is added as the rows of a file or batch pass."""

    def __init__(self, *, exclude_batch: int | None = None) -> None:
        self.totals: dict[Key, Decimal] = defaultdict(lambda: ZERO)
        self.exclude_batch = exclude_batch
        self.loaded: set[tuple[int, int]] = set()

    def ensure(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Read what was paid before to each (worker id, year) not read yet (one query)."""
        wanted = set(pairs) - self.loaded
        if not wanted:
            return
        self.loaded |= wanted
        ids, years = {worker for worker, _year in wanted}, {year for _worker, year in wanted}
        with system_scope("a member's welfare total for the year counts every union's payouts"):
            # unscoped: the running total counts what any union of the county gave the member
            rows = WelfarePayout.unscoped.filter(worker_id__in=ids, year__in=years)
            if self.exclude_batch is not None:
                rows = rows.exclude(batch_id=self.exclude_batch)
            for worker, item, festival, year, amount in (
                rows.values_list("worker_id", "item", "festival", "year").annotate(total=Sum("amount")).order_by()
            ):
                if (worker, year) not in wanted:
                    continue
                self.totals[(worker, item, "", year)] += amount
                if festival:
                    self.totals[(worker, item, festival, year)] += amount

    def add(self, proposed: Proposed) -> None:
        self.totals[(proposed.worker_id, proposed.item, "", proposed.paid_on.year)] += proposed.amount
        if proposed.festival:
            self.totals[(proposed.worker_id, proposed.item, proposed.festival, proposed.paid_on.year)] += (
                proposed.amount
            )


def members_on_day(union: Union, pairs: Iterable[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which (worker id, day) had a membership of ``union`` or a union under it on that day."""
    pairs = set(pairs)
    if not pairs:
        return set()
    ids = {worker for worker, _day in pairs}
    with system_scope("membership on the day of a payout, wherever the record is kept"):
        by_worker = members.membership_spans(ids, within=union)
    return {
        (worker, day)
        for worker, day in pairs
        if any(joined <= day and (ended is None or day <= ended) for joined, ended in by_worker.get(worker, []))
    }
