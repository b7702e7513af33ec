"""The background job writing a work report: count, draw, write the Word document and the PDF.

It runs as the user who asked (``core/jobs``): every measure is counted within their part of the
tree. Its page shows the progress (one step per measure counted, then the charts, the .docx and the
PDF); when done, the job offers the .docx and links to the report's page, which offers both files.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.documents import FontMissing
from gonghui.core.figures import measures
from gonghui.core.jobs.runner import JobContext, JobFailed, job_task
from gonghui.reports import charts, content, printed, selectors, word
from gonghui.reports.models import WorkReport

DOCX = "report.docx"
PDF = "report.pdf"
FINISHING_STEPS = 3  # the charts, the Word document, the PDF


def _template() -> tuple[bytes | None, str]:
    """The county's template (its bytes and name), or the default one (``None``)."""
    template = selectors.county_template()
    if template is None or not template.path.is_file():
        return None, ""
    return template.path.read_bytes(), template.filename


def _fail(report: WorkReport) -> None:
    WorkReport.objects.filter(pk=report.pk).update(status=WorkReport.Status.FAILED, finished_at=timezone.now())


@job_task("reports.write")
def write_report(ctx: JobContext) -> None:
    """Write the work report ``ctx.params["report_id"]`` of the job's owner."""
    report = WorkReport.objects.select_related("union").get(pk=ctx.params["report_id"], requested_by_id=ctx.user.pk)
    # A job run again writes the same report: its page follows the newest attempt.
    WorkReport.objects.filter(pk=report.pk).update(job_id=ctx.job.pk, status=WorkReport.Status.PENDING)
    try:
        _write(ctx, report)
    except FontMissing as exc:
        _fail(report)
        raise JobFailed(
            _(
                "The report cannot be written: the Chinese font file named by the setting %(setting)s is missing. "
                "Ask the system administrator to install it."
            )
            % {"setting": exc.setting}
        ) from exc
    except BaseException:
        _fail(report)
        raise


def _write(ctx: JobContext, report: WorkReport) -> None:
    total: list[int] = [FINISHING_STEPS]

    def counted(done: int, measures: int, stage: str) -> None:
        total[0] = measures + FINISHING_STEPS
        ctx.progress(done, total[0], stage)

    built = content.build(ctx.user, year=report.year, base_year=report.base_year, progress=counted)
    steps = total[0] - FINISHING_STEPS
    ctx.progress(steps, total[0], _("Drawing the charts"))
    pictures = {
        section.module: charts.section_chart(
            [(s.label, s.unit, s.series) for s in section.statements], highlight=built.year
        )
        for section in built.sections
    }
    ctx.progress(steps + 1, total[0], _("Writing the Word document"))
    template, template_name = _template()
    docx = word.write(built, pictures, template=template)
    ctx.progress(steps + 2, total[0], _("Writing the PDF"))
    pdf = printed.write(built, pictures)

    report.directory.mkdir(parents=True, exist_ok=True)
    (report.directory / DOCX).write_bytes(docx)
    (report.directory / PDF).write_bytes(pdf)
    # Whoever else reads it must read every figure it could have said (a missing sentence says "none").
    permissions = sorted({measure.permission for measure in measures.measures_for(ctx.user)})
    WorkReport.objects.filter(pk=report.pk).update(
        status=WorkReport.Status.READY,
        docx_name=DOCX,
        pdf_name=PDF,
        sentences=len(built.statements),
        sections=len(built.sections),
        permissions=f" {' '.join(permissions)} " if permissions else "",
        template_name=template_name,
        finished_at=timezone.now(),
    )
    ctx.progress(total[0], total[0], _("Done"))
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / DOCX
        shutil.copyfile(report.directory / DOCX, copy)
        ctx.attach_result(copy, download_name(report, "docx"))
    ctx.link(report.get_absolute_url(), _("Open the report: Word and PDF"))
    ctx.summary(
        _("%(figures)s figures in %(sections)s sections.")
        % {"figures": len(built.statements), "sections": len(built.sections)}
    )


def download_name(report: WorkReport, kind: str) -> str:
    """``甲镇总工会2025年度工作报告.docx``."""
    title = _("Work report %(year)s") % {"year": report.year}
    return f"{report.union.name}{title}.{kind}"
