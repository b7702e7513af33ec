"""The work report's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit."""

from __future__ import annotations

import hashlib
import shutil

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record
from gonghui.core.figures.years import FIRST_YEAR
from gonghui.core.jobs.services import job_start
from gonghui.core.services import Actor, check_scope, service
from gonghui.reports import word
from gonghui.reports.models import ReportTemplate, WorkReport

Action = AuditEvent.Action


def check_years(year: int, base_year: int) -> None:
    """A report year that has begun, and a base year from ``FIRST_YEAR`` up to it."""
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": today.year}
        )
    if not FIRST_YEAR <= base_year <= year:
        raise ValidationError(
            _("The base year must be from %(first)s to the report's year %(year)s.")
            % {"first": FIRST_YEAR, "year": year}
        )


@service(perm="reports.view_workreport")
def report_request(*, actor: Actor, year: int, base_year: int) -> WorkReport:
    """Ask for the work report of the actor's part of the tree for ``year``; a background job writes it."""
    from gonghui.reports.tasks import write_report

    if actor is None:
        raise ValidationError(_("A work report is written for a user: it counts what they may read."))
    check_years(year, base_year)
    report = WorkReport(union=actor.union, year=year, base_year=base_year, requested_by=actor)
    report.full_clean()
    report.save()
    audit_record(Action.CREATE, obj=report, note=f"year {year}, base year {base_year}")
    job = job_start(
        actor=actor,
        task=write_report,
        title=_("Work report %(year)s") % {"year": year},
        params={"report_id": report.pk},
    )
    WorkReport.objects.filter(pk=report.pk).update(job_id=job.pk)
    report.refresh_from_db()
    return report


@service(perm="reports.change_reporttemplate")
def template_upload(*, actor: Actor, upload: UploadedFile) -> ReportTemplate:
    """Put the county's own Word template in use (checked: a .docx a report can be written into)."""
    if actor is None:
        raise ValidationError(_("A template is uploaded by the county's administrator."))
    if actor.union.depth != 1:
        raise PermissionDenied(_("Only the county federation sets the template of the work report."))
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if not name.lower().endswith(".docx"):
        raise ValidationError(_("Choose a Word document saved as .docx."))
    if (upload.size or 0) > word.MAX_TEMPLATE_BYTES:
        raise ValidationError(
            _("The template is larger than %(mb)s MB.") % {"mb": word.MAX_TEMPLATE_BYTES // (1024 * 1024)}
        )
    content = b"".join(upload.chunks())
    word.check_template(content)
    county = actor.union
    check_scope(actor, county)
    ReportTemplate.objects.filter(active=True).update(active=False)
    template = ReportTemplate.objects.create(
        union=county,
        filename=name[:255],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    template.path.parent.mkdir(parents=True, exist_ok=True)
    partial = template.path.with_suffix(".part")
    partial.write_bytes(content)
    shutil.move(partial, template.path)
    audit_record(Action.CREATE, obj=template, note=template.filename)
    return template


@service(perm="reports.change_reporttemplate")
def template_reset(*, actor: Actor) -> int:
    """Write the reports into the default template again; how many uploaded templates were in use."""
    in_use = list(ReportTemplate.objects.filter(active=True))
    for template in in_use:
        template.active = False
        template.save(update_fields=["active", "updated_at"])
        audit_record(Action.UPDATE, obj=template, changes={"active": [True, False]})
    return len(in_use)
