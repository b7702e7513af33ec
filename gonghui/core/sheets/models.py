"""One upload of a spreadsheet, from its preview to its write."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.owned import UnionOwnedModel


class SheetImport(UnionOwnedModel):
    """An uploaded file of one sheet kind: the validation report, and whether it was written.

    The file itself waits under ``SHEETS_DIR`` between the preview and the write, and is removed
    once written (or when the user starts over).
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    union = models.ForeignKey("tree.Union", verbose_name=_("union"), on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=100, blank=True)
    error_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CHECKING)
    report = models.JSONField(default=dict, blank=True)
    check_job_id = models.UUIDField(null=True, blank=True)
    write_job_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sheet import")
        verbose_name_plural = _("sheet imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def stored_path(self) -> Path:
        return Path(settings.SHEETS_DIR) / self.stored_name

    @property
    def plan_path(self) -> Path:
        """The check's plan (``engine.validate_file``): the rows as they will be written."""
        return Path(settings.SHEETS_DIR) / f"{self.stored_name}.plan"

    @property
    def error_path(self) -> Path:
        return Path(settings.SHEETS_DIR) / self.error_name
