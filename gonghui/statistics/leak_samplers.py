"""Leak-walker samplers: the statistics form of union C, in township A's subtree (marked by its union's name).

Its typed values carry no marker of their own: a leak of the form shows as union C's name, which the
cover prints, or as a success for township A's form.
"""

from __future__ import annotations

from decimal import Decimal

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.statistics.models import StatisticsCode, StatisticsReport, TypedValue


@leakwalker.sampler("statistics_report_id")
def _report(world: World) -> int:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        StatisticsCode.unscoped.get_or_create(union=world.union_c, defaults={"code": f"C{MARKER}"})
        report, created = StatisticsReport.unscoped.get_or_create(  # unscoped: township A's sample form
            union=world.union_c, year=_year(), defaults={"code": f"C{MARKER}"}
        )
        if created:
            TypedValue.unscoped.create(  # unscoped: township A's sample value
                union=world.union_c, report=report, code="0201", value=Decimal("1")
            )
    return report.pk


def _year() -> int:
    from gonghui.statistics.selectors import default_year

    return default_year()
