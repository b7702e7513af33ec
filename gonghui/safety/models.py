"""Workplace safety's tables (群众安全生产监督).

* ``Inspector`` (工会劳动保护监督检查员): a worker of the registry appointed by a union, with the
  day of appointment and, once it ends, the day it ended.
* ``Hazard`` (隐患): found at an employer, of a category and a level (general / ``MAJOR``), with
  its responsible person, the rectification notice (整改通知书) and its due day, the employer's
  report, the re-inspection (复查); a workflow (``workflows.HazardFlow``).
* ``HazardPhoto``: a photo of a hazard, stored in the core's attachment storage (never served
  directly; downloaded through a scoped page).
* ``MajorHazardReport``: a major hazard reported to one union above the one it was found under,
  at once; the union acknowledges it (its staff are reminded until then).
* ``SafetyActivity``: a safety activity at an employer (安康杯 participation, an inspection done).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.core.workflow.models import attachment_storage
from gonghui.safety.workflows import HazardFlow


class Inspector(UnionOwnedModel):
    """A union safety inspector (工会劳动保护监督检查员), appointed by ``union``."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("appointing union"), on_delete=models.PROTECT, related_name="safety_inspectors"
    )
    worker = models.ForeignKey(
        "members.Worker", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="safety_appointments"
    )
    appointed_on = models.DateField(_("appointed on"))
    ended_on = models.DateField(_("appointment ended on"), null=True, blank=True)
    certificate = models.CharField(_("certificate number"), max_length=40, blank=True)

    class Meta:
        ordering = ["-appointed_on", "id"]
        verbose_name = _("safety inspector")
        verbose_name_plural = _("safety inspectors")
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "union"], condition=Q(ended_on__isnull=True), name="safety_one_current_appointment"
            )
        ]

    def __str__(self) -> str:
        return self.worker.name

    def get_absolute_url(self) -> str:
        return reverse("safety:inspector_detail", args=[self.pk])

    @property
    def current(self) -> bool:
        return self.ended_on is None


class Hazard(UnionOwnedModel):
    """A hazard (隐患) found at an employer; kept by the union that keeps the employer when it was found."""

    class Category(models.TextChoices):
        EQUIPMENT = "equipment", _("equipment and facilities")
        ELECTRICAL = "electrical", _("electrical safety")
        FIRE = "fire", _("fire safety")
        CHEMICALS = "chemicals", _("hazardous chemicals")
        SPECIAL_EQUIPMENT = "special_equipment", _("special equipment")
        OCCUPATIONAL_HEALTH = "occupational_health", _("occupational health and working environment")
        PROTECTION = "protection", _("personal protective equipment")
        MANAGEMENT = "management", _("safety management and training")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        GENERAL = "general", _("general")
        MAJOR = "major", _("major")

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("union inspection")
        WORKER = "worker", _("reported by a worker")
        IMPORT = "import", _("imported register")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="safety_hazards"
    )
    employer = models.ForeignKey(
        "organisations.Employer", verbose_name=_("employer"), on_delete=models.PROTECT, related_name="safety_hazards"
    )
    found_on = models.DateField(_("found on"), db_index=True)
    inspector = models.ForeignKey(
        Inspector,
        verbose_name=pgettext_lazy("safety", "found by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.INSPECTION)
    category = models.CharField(
        pgettext_lazy("safety", "category"), max_length=24, choices=Category.choices, db_index=True
    )
    level = models.CharField(
        pgettext_lazy("safety", "level"), max_length=8, choices=Level.choices, default=Level.GENERAL, db_index=True
    )
    location = models.CharField(_("where"), max_length=200, blank=True)
    description = models.TextField(pgettext_lazy("safety", "description"))
    responsible_person = models.CharField(_("responsible person"), max_length=50)
    # The rectification notice (整改通知书): its day, the measures asked for and the period.
    notice_issued_on = models.DateField(_("notice issued on"), null=True, blank=True)
    measures = models.TextField(_("measures required"), blank=True)
    rectification_days = models.PositiveSmallIntegerField(_("rectification period (days)"), null=True, blank=True)
    due_on = models.DateField(_("rectify by"), null=True, blank=True, db_index=True)
    # The employer's report (整改报告) and the re-inspection (复查).
    rectified_on = models.DateField(_("reported fixed on"), null=True, blank=True)
    rectification_report = models.TextField(_("rectification report"), blank=True)
    rechecked_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    closed_on = models.DateField(pgettext_lazy("safety", "closed on"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times rectified again"), default=0)
    state = StateField(HazardFlow)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        indexes = [
            models.Index(fields=["employer", "found_on"], name="safety_hazard_employer"),
            models.Index(fields=["state", "due_on"], name="safety_hazard_state_due"),
        ]
        permissions = [("view_figures", "View safety figures")]

    def __str__(self) -> str:
        return f"{self.employer.name}：{self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("safety:hazard_detail", args=[self.pk])

    @property
    def is_major(self) -> bool:
        return self.level == self.Level.MAJOR

    @property
    def notice_number(self) -> str:
        """The notice's number as printed: 安整改〔year〕id."""
        year = self.notice_issued_on.year if self.notice_issued_on else self.found_on.year
        return f"安整〔{year}〕{self.pk:05d}号"


def photo_path(instance: HazardPhoto, filename: str) -> str:
    # A random name: the original (kept in ``name``) may hold personal data or odd characters.
    return f"safety/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class HazardPhoto(UnionOwnedModel):
    """A photo of a hazard (before or after the rectification)."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), storage=attachment_storage, upload_to=photo_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["hazard_id", "id"]
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")

    def __str__(self) -> str:
        return self.name


class MajorHazardReport(UnionOwnedModel):
    """A major hazard reported to ``union`` (one above the hazard's), at once; acknowledged by its staff."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("reported to"), on_delete=models.PROTECT, related_name="safety_major_reports"
    )
    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", verbose_name=_("acknowledged by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["reported_on", "id"]
        verbose_name = _("major hazard report")
        verbose_name_plural = _("major hazard reports")
        constraints = [models.UniqueConstraint(fields=["hazard", "union"], name="safety_one_report_per_union")]
        indexes = [models.Index(fields=["union", "acknowledged_at", "reported_on"], name="safety_report_open")]

    def __str__(self) -> str:
        return str(self.hazard)

    def get_absolute_url(self) -> str:
        return self.hazard.get_absolute_url()


class SafetyActivity(UnionOwnedModel):
    """A safety activity at an employer: 安康杯 participation, an inspection done, training, a drill."""

    class Kind(models.TextChoices):
        ANKANG_CUP = "ankang_cup", _("Ankang Cup competition (安康杯)")
        INSPECTION = "inspection", _("safety inspection")
        TRAINING = "training", _("safety training")
        DRILL = "drill", _("emergency drill")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="safety_activities"
    )
    employer = models.ForeignKey(
        "organisations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="safety_activities",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    held_on = models.DateField(pgettext_lazy("safety", "held on"), db_index=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("safety activity")
        verbose_name_plural = _("safety activities")
        indexes = [models.Index(fields=["employer", "held_on"], name="safety_activity_employer")]

    def __str__(self) -> str:
        return f"{self.employer.name}：{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("safety:activity_list") + f"?employer={self.employer_id}"
