"""The statistics form's tables: a union's codes kept from year to year, its form of a year, the typed values."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.tree.owned import UnionOwnedModel
from gonghui.core.workflow.declaration import StateField
from gonghui.statistics.form import CODE_MAX_LENGTH
from gonghui.statistics.workflows import ReportFlow


class StatisticsCode(UnionOwnedModel):
    """The cover's codes a union keeps from year to year (901, and 903 where the platform holds none).

    901 (基层工会统计编码) is the union's one code, the same every year: typed in once and copied
    into each year's form. 903 (所在地行政区划代码) comes from the division of the union's employer;
    a union whose employer has none recorded types it here once.
    """

    union = models.OneToOneField(
        "tree.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="statistics_code",
    )
    code = models.CharField(_("union statistics code"), max_length=CODE_MAX_LENGTH, blank=True)
    division = models.CharField(_("division code"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("union statistics code")
        verbose_name_plural = _("union statistics codes")
        ordering = ["union__path"]

    def __str__(self) -> str:
        return f"{self.union} · {self.code}"


class StatisticsReport(UnionOwnedModel):
    """The statistics form of one grassroots or joint union for one statistics year (10-01 to 09-30)."""

    union = models.ForeignKey(
        "tree.Union", verbose_name=_("union"), on_delete=models.PROTECT, related_name="statistics_reports"
    )
    year = models.PositiveSmallIntegerField(_("statistics year"))
    state = StateField(ReportFlow)
    code = models.CharField(_("union statistics code"), max_length=CODE_MAX_LENGTH, blank=True)
    division = models.CharField(_("division code"), max_length=12, blank=True)
    # The live values as they stood when the form was submitted (code -> value as text): a submitted
    # form, and the summary above it, keep the numbers filed even as the registers move on.
    filed = models.JSONField(_("live values as filed"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statistics form")
        verbose_name_plural = _("statistics forms")
        ordering = ["-year", "union__path"]
        constraints = [models.UniqueConstraint(fields=["union", "year"], name="statistics_one_report_a_year")]
        indexes = [models.Index(fields=["year", "state"], name="statistics_report_year_state")]

    def __str__(self) -> str:
        return _("%(union)s, statistics year %(year)s") % {"union": self.union, "year": self.year}

    def get_absolute_url(self) -> str:
        return form_url(self.union_id, self.year)


def form_url(union_id: int, year: int) -> str:
    """The page of a union's form (or a federation's unions) for a statistics year."""
    return f"{reverse('statistics:union', args=[union_id])}?{urlencode({'year': year})}"


class TypedValue(UnionOwnedModel):
    """A value typed into a form (a field the platform does not hold), kept with the form.

    Kept as Decimal to the fen whatever the field (a count is a whole number); ``from_last_year``:
    offered from last year's form and left as it was.
    """

    report = models.ForeignKey(
        StatisticsReport, verbose_name=_("statistics form"), on_delete=models.CASCADE, related_name="typed_values"
    )
    code = models.CharField(_("field code"), max_length=8)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    from_last_year = models.BooleanField(_("from last year"), default=False)

    class Meta:
        verbose_name = _("typed value")
        verbose_name_plural = _("typed values")
        ordering = ["report", "code"]
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="statistics_one_value_a_field")]

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"
