"""Skills training's tables (技能培训).

* ``Course`` (培训班): organised by a union, given by a provider, of a subject category, with its
  days, hours, place and capacity; free to the trainees or subsidised (yuan per trainee). Its state
  moves through the services: planned → open for enrolment → running → finished (or cancelled).
* ``Enrolment`` (学员): a worker of the registry on a course, enrolled by union staff or by the
  worker on their own pages; withdrawn, completed (attendance and assessment) or not completed.
  It belongs to the course's union. A completer's certificate is the core's (``core.certificates``),
  linked here for the lists and figures.
* ``Attendance`` (考勤): present or absent at one session (a day) of the course.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tree.owned import UnionOwnedModel

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
DEFAULT_THRESHOLD = 80  # percent of the sessions a trainee must attend to complete
MAX_SESSIONS = 120


class Course(UnionOwnedModel):
    """A skills training course (培训班) organised by ``union``."""

    class Category(models.TextChoices):
        ELECTRICIAN = "electrician", _("electrician (电工)")
        WELDER = "welder", _("welder (焊工)")
        CHILDCARE = "childcare", _("infant care (育婴师)")
        ELDERCARE = "eldercare", _("elderly care (养老护理员)")
        HOUSEKEEPING = "housekeeping", _("domestic service (家政服务员)")
        COOKING = "cooking", _("Chinese cookery (中式烹调师)")
        ECOMMERCE = "ecommerce", _("e-commerce (电子商务)")
        FORKLIFT = "forklift", _("forklift driving (叉车司机)")
        COMPUTING = "computing", _("computer operation (计算机操作)")
        OTHER = "other", _("other skills")

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("training", "planned")
        OPEN = "open", pgettext_lazy("training", "open for enrolment")
        RUNNING = "running", pgettext_lazy("training", "running")
        FINISHED = "finished", pgettext_lazy("training", "finished")
        CANCELLED = "cancelled", pgettext_lazy("training", "cancelled")

    class Funding(models.TextChoices):
        FREE = "free", pgettext_lazy("training", "free")
        SUBSIDISED = "subsidised", pgettext_lazy("training", "subsidised")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("organising union"), on_delete=models.PROTECT, related_name="training_courses"
    )
    title = models.CharField(pgettext_lazy("training", "course title"), max_length=200)
    provider = models.CharField(_("training provider"), max_length=200)
    category = models.CharField(
        pgettext_lazy("training", "subject"), max_length=16, choices=Category.choices, db_index=True
    )
    starts_on = models.DateField(pgettext_lazy("training", "starts on"), db_index=True)
    ends_on = models.DateField(pgettext_lazy("training", "ends on"))
    hours = models.PositiveSmallIntegerField(_("class hours"), validators=[MinValueValidator(1)])
    sessions = models.PositiveSmallIntegerField(
        _("sessions (days)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)]
    )
    place = models.CharField(pgettext_lazy("training", "place"), max_length=200)
    capacity = models.PositiveIntegerField(pgettext_lazy("training", "places"), validators=[MinValueValidator(1)])
    funding = models.CharField(
        pgettext_lazy("training", "funding"), max_length=12, choices=Funding.choices, default=Funding.FREE
    )
    subsidy = models.DecimalField(
        _("subsidy per trainee (yuan)"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    assessment_required = models.BooleanField(_("assessment must be passed"), default=True)
    state = models.CharField(
        pgettext_lazy("training", "state"), max_length=12, choices=State.choices, default=State.PLANNED, db_index=True
    )
    note = models.CharField(pgettext_lazy("training", "note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        indexes = [models.Index(fields=["state", "starts_on"], name="training_course_state")]
        permissions = [("view_figures", "View training figures")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.pk])

    @property
    def is_free(self) -> bool:
        return self.funding == self.Funding.FREE


class Enrolment(UnionOwnedModel):
    """A worker on a course; kept by the course's union."""

    class State(models.TextChoices):
        ENROLLED = "enrolled", pgettext_lazy("training", "enrolled")
        WITHDRAWN = "withdrawn", pgettext_lazy("training", "withdrawn")
        COMPLETED = "completed", pgettext_lazy("training", "completed")
        NOT_COMPLETED = "not_completed", pgettext_lazy("training", "not completed")

    class Source(models.TextChoices):
        STAFF = "staff", pgettext_lazy("training", "by union staff")
        SELF = "self", pgettext_lazy("training", "by the worker")

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("organising union"), on_delete=models.PROTECT, related_name="training_enrolments"
    )
    course = models.ForeignKey(
        Course, verbose_name=pgettext_lazy("training", "course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    worker = models.ForeignKey(
        "members.Worker",
        verbose_name=pgettext_lazy("training", "worker"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
    )
    enrolled_on = models.DateField(pgettext_lazy("training", "enrolled on"))
    source = models.CharField(
        pgettext_lazy("training", "enrolled"), max_length=8, choices=Source.choices, default=Source.STAFF
    )
    state = models.CharField(
        pgettext_lazy("training", "state"),
        max_length=16,
        choices=State.choices,
        default=State.ENROLLED,
        db_index=True,
    )
    withdrawn_on = models.DateField(pgettext_lazy("training", "withdrawn on"), null=True, blank=True)
    attended = models.PositiveSmallIntegerField(pgettext_lazy("training", "sessions attended"), default=0)
    assessment_passed = models.BooleanField(pgettext_lazy("training", "assessment passed"), null=True, blank=True)
    completed_on = models.DateField(pgettext_lazy("training", "completed on"), null=True, blank=True)
    certificate = models.OneToOneField(
        "certificates.Certificate",
        verbose_name=pgettext_lazy("training", "certificate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["course_id", "id"]
        verbose_name = pgettext_lazy("training", "trainee")
        verbose_name_plural = pgettext_lazy("training", "trainees")
        constraints = [models.UniqueConstraint(fields=["course", "worker"], name="training_one_enrolment")]
        indexes = [models.Index(fields=["worker", "state"], name="training_enrolment_worker")]

    def __str__(self) -> str:
        return f"{self.worker.name}：{self.course.title}"

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", args=[self.course_id]) + f"#enrolment-{self.pk}"

    @property
    def active(self) -> bool:
        return self.state != self.State.WITHDRAWN

    @property
    def certified(self) -> bool:
        """A certificate was issued and has not been revoked."""
        return self.certificate is not None and self.certificate.revoked_on is None


class Attendance(UnionOwnedModel):
    """Present or absent at one session (day) of a course."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("organising union"), on_delete=models.PROTECT, related_name="training_attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=pgettext_lazy("training", "trainee"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    session = models.PositiveSmallIntegerField(pgettext_lazy("training", "session"))
    present = models.BooleanField(pgettext_lazy("training", "present"), default=True)

    class Meta:
        ordering = ["enrolment_id", "session"]
        verbose_name = pgettext_lazy("training", "attendance")
        verbose_name_plural = pgettext_lazy("training", "attendance")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session"], name="training_one_mark_per_session")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}#{self.session}"
