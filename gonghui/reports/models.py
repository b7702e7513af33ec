"""The work report's tables: the reports asked for, and the county's Word template."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.owned import UnionOwnedModel


def reports_root() -> Path:
    """Where the report files live: inside the data directory, never in a web-served place."""
    return Path(settings.DATA_DIR) / "reports"


class WorkReport(UnionOwnedModel):
    """One annual work report of a union's subtree (the union of the user who asked for it).

    Its figures are those its requester could read; ``permissions`` lists the permissions of the
    measures it holds, so that another user of the subtree sees it only when they read them all.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being written")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("year"))
    base_year = models.PositiveSmallIntegerField(_("base year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked for by"), on_delete=models.PROTECT, related_name="+"
    )
    # The background job writing it (a plain value: the job tables live in their own database).
    job_id = models.UUIDField(_("job"), null=True, blank=True)
    # The measures' permissions, each between spaces: " members.view_membership training.view_enrolment "
    permissions = models.TextField(_("permissions read"), blank=True)
    sentences = models.PositiveIntegerField(_("figures"), default=0)
    sections = models.PositiveIntegerField(_("sections"), default=0)
    template_name = models.CharField(_("template"), max_length=255, blank=True)
    docx_name = models.CharField(_("Word file"), max_length=255, blank=True)
    pdf_name = models.CharField(_("PDF file"), max_length=255, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)  # reading the reports is asking for one's own, too

    def __str__(self) -> str:
        return str(_("Work report %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def directory(self) -> Path:
        return reports_root() / str(self.pk)

    def file_path(self, kind: str) -> Path | None:
        name = self.docx_name if kind == "docx" else self.pdf_name if kind == "pdf" else ""
        return self.directory / name if name else None

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class ReportTemplate(UnionOwnedModel):
    """A Word template uploaded by the county: the newest active one is what every report is written into."""

    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("work report template")
        verbose_name_plural = _("work report templates")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view", "change")

    def __str__(self) -> str:
        return self.filename

    @property
    def path(self) -> Path:
        return reports_root() / "templates" / f"{self.pk}.docx"
