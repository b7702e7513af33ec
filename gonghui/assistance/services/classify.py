"""A household's figures, the year's minimum living standard and the file's category."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.assistance import classification
from gonghui.assistance.classification import Category
from gonghui.assistance.models import HardshipFile, HouseholdMember, PovertyLine
from gonghui.assistance.services.common import _today
from gonghui.core.money import round_fen, yuan
from gonghui.members.models import Worker

# --- Classification ------------------------------------------------------------------------------


def standard_for(year: int, division: Any) -> tuple[Decimal | None, int | None]:
    """The 低保 standard in force in ``year`` for the place, and the year it was set for.

    The division's own standard, else its parents', else the county's; a year whose standard is
    not published yet (January, say) uses the latest earlier year's.
    """
    rows = (
        PovertyLine.objects.filter(year__lte=year)
        .order_by("-year")
        .values_list("year", "division_id", "monthly_amount")
    )
    by_year: dict[int, dict[str | None, Decimal]] = defaultdict(dict)
    for line_year, division_id, amount in rows:
        by_year[line_year][division_id] = amount
    for line_year in sorted(by_year, reverse=True):
        lines = by_year[line_year]
        current = division
        while current is not None:
            if current.pk in lines:
                return lines[current.pk], line_year
            current = current.parent
        if None in lines:
            return lines[None], line_year
    return None, None


def household_size(file: HardshipFile) -> int:
    return 1 + (file.members.count() if file.pk else 0)


def file_figures(
    file: HardshipFile, *, on: date | None = None, size: int | None = None, year: int | None = None
) -> classification.Figures:
    """The figures of a file for the classification.

    The standard is that of ``year``; by default the year the file was last classified in
    (``standard_year``), so the page explains the category stored. A change of the figures, a
    workflow step and the annual review classify again against the standard of the day.
    """
    on = on or _today()
    line, line_year = standard_for(year or file.standard_year or on.year, file.division)
    return classification.Figures(
        applicant_monthly_income=file.applicant_monthly_income,
        other_annual_income=file.other_annual_income,
        essential_costs=file.essential_costs,
        household_size=size if size is not None else household_size(file),
        poverty_line=line,
        standard_year=line_year,
        sudden_event=bool(file.sudden_event),
        sudden_costs=file.sudden_costs,
        homes_owned=file.homes_owned,
        owns_business=file.owns_business,
        employs_others=file.employs_others,
        private_schooling=file.private_schooling,
        migrant=file.worker.category == Worker.Category.MIGRANT,
        work_started=file.work_started,
        on=on,
    )


def file_classify(file: HardshipFile, *, on: date | None = None) -> classification.Result:
    """The file's classification with its arithmetic (nothing saved)."""
    return classification.classify(file_figures(file, on=on))


# The columns ``_apply_classification`` sets, saved together.
CLASSIFICATION_FIELDS = ["category", "standard_year", "per_head_monthly", "excluded", "exclusion_codes"]


def _apply_classification(file: HardshipFile, *, on: date | None = None) -> classification.Result:
    """Classify against the standard of the day and store the result with the standard's year."""
    on = on or _today()
    result = classification.classify(file_figures(file, on=on, year=on.year))
    file.standard_year = result.standard_year
    file.category = result.category
    file.per_head_monthly = round_fen(result.per_head_monthly) if result.per_head_monthly is not None else None
    file.excluded = bool(result.exclusions)
    file.exclusion_codes = ",".join(result.exclusions)
    return result


def _refresh_household(file: HardshipFile) -> None:
    """Other household income is the members' monthly incomes × 12; then classify again and save."""
    # unscoped: the household of a file the caller holds in scope
    total = HouseholdMember.unscoped.filter(file=file).aggregate(total=Sum("monthly_income"))["total"]
    file.other_annual_income = (total or Decimal("0")) * 12
    _apply_classification(file)
    file.save(update_fields=["other_annual_income", *CLASSIFICATION_FIELDS, "updated_at"])


def file_check_qualifies(*, file: HardshipFile) -> classification.Result:
    """Refuse a step when the household does not qualify (no category, or an exclusion)."""
    file.refresh_from_db()  # the figures as stored now (the step's row is locked), not as the caller read them
    result = _apply_classification(file)
    file.save(update_fields=[*CLASSIFICATION_FIELDS, "updated_at"])
    if result.missing:
        raise ValidationError(result.missing, code="no_standard")
    if result.exclusions:
        raise ValidationError(
            _("The household is excluded: %(reasons)s.") % {"reasons": "; ".join(result.exclusion_labels)},
            code="excluded",
        )
    if result.category not in Category.qualifying:
        raise ValidationError(
            _("By its figures the household is not in hardship (%(per_head)s per head per month).")
            % {"per_head": yuan(result.per_head_monthly or Decimal("0"))},
            code="not_hardship",
        )
    return result
