"""Leak-walker samplers: a finished work report of township A (marked), with its two files."""

from __future__ import annotations

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.reports.models import WorkReport


@leakwalker.sampler("report_id")
def _report(world: World) -> int:
    with system_scope("leak-walker sample data"):
        report, _ = WorkReport.unscoped.get_or_create(  # unscoped: township A's sample row for the leak walker
            union=world.township_a,
            year=2024,
            base_year=2019,
            requested_by=world.bob,
            defaults={
                "status": WorkReport.Status.READY,
                "docx_name": "report.docx",
                "pdf_name": "report.pdf",
                "template_name": f"甲镇模板{MARKER}.docx",
            },
        )
    report.directory.mkdir(parents=True, exist_ok=True)
    for name in ("report.docx", "report.pdf"):
        (report.directory / name).write_text(f"甲镇总工会工作报告{MARKER}", encoding="utf-8")
    return report.pk
