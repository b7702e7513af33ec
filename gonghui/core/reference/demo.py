"""Demo step: the reference data (divisions of the demo county, industries, code lists)."""

from __future__ import annotations

from gonghui.core.demo.registry import DemoContext, demo_step
from gonghui.core.reference.services import reference_load


@demo_step(5, "reference data")
def load_reference_data(ctx: DemoContext) -> None:
    report = reference_load(actor=None)
    ctx.write("    " + ", ".join(f"{plan.kind.key} {plan.rows}" for plan in report.kinds))
