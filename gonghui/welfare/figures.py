"""Member welfare's published figures (``core/figures``): each a count of payouts and the list naming them.

For a year: all payouts, payouts by item, and for each paying union and item the payouts behind
its spending line (members paid, total, per member, against the cap in force — shown on the
spending page). Every count links to the payout list with the list's own filters (``year``,
``item``, ``union`` — the paying union exactly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.figures import Figure, list_url
from gonghui.core.figures.years import this_year
from gonghui.core.tree.scoping import acting_as
from gonghui.welfare import selectors
from gonghui.welfare.models import Item
from gonghui.welfare.selectors import SpendingLine

PAYOUT_LIST = "welfare:payout_list"
PERMISSION = "welfare.view_welfarepayout"


@dataclass
class Spending:
    line: SpendingLine
    figure: Figure


def _url(user: Any, **filters: Any) -> str:
    return list_url(PAYOUT_LIST, **filters) if user.has_perm(PERMISSION) else ""


def spending_lines(user: Any, year: int) -> list[Spending]:
    """The spending page's lines, each with its count of payouts as a figure."""
    with acting_as(user):
        lines = selectors.spending_for_user(user, year=year)
    return [
        Spending(
            line,
            Figure(
                line.payouts,
                _url(user, **line.filters),
                f"spending.{line.union.pk}.{line.item}",
                f"{line.union.name} {line.item_label}",
            ),
        )
        for line in lines
    ]


class WelfareFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "welfare.figures"
    title = gettext_lazy("Member welfare")
    permission = PERMISSION

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        year = year or this_year()
        with acting_as(user):
            rows = selectors.payouts_for_user(user, year=str(year))
            by_item = dict(rows.values_list("item").annotate(n=Count("pk")).order_by())
            total = rows.count()
        published = [Figure(total, _url(user, year=year), "payouts", _("Welfare payouts in %(year)d") % {"year": year})]
        published += [
            Figure(by_item.get(item, 0), _url(user, item=item, year=year), f"item.{item}", str(label))
            for item, label in Item.choices
        ]
        published += [spending.figure for spending in spending_lines(user, year)]
        return published
