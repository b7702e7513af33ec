"""Statistics form's step of the demo county: last statistics year's forms begun for some grassroots unions."""

from __future__ import annotations

from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.statistics.selectors import default_year
from gonghui.statistics.services import report_save

# Forms begun in the demo (typing for every union of a province would say nothing more).
FORMS = 12


@demo_step(95, "statistics")
def build(ctx: DemoContext) -> None:
    """A form begun for a few grassroots unions: the 901 code and the cadres typed in (``actor=None``)."""
    year = default_year()
    unions = ctx.county.grassroots[:FORMS]
    for number, union in enumerate(unions, start=1):
        values = {"0201": ctx.rng.choice([0, 1]), "0202": ctx.rng.randint(1, 6), "0203": 0, "0111": 1}
        report_save(actor=None, union=union, year=year, values=values, code=f"{331000000 + number:012d}")
    ctx.write(f"statistics: {len(unions)} forms begun")
