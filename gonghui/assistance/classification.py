"""The hardship classification (困难类别) of a household, computed from its figures.

The three-tier test (全总 2020 scheme; the Qingdao self-test gives the formula):

    per head per month = (household annual income − essential annual costs) ÷ 12 ÷ household size

* below the local minimum living standard (低保, yuan per person per month) → deep hardship (深度困难);
* below twice the standard → relative hardship (相对困难);
* else, a sudden event (disaster, accident, epidemic, major illness) whose hardship costs in the
  year exceed 80 % of the household's annual income → sudden hardship (意外致困).

"Below" is strict: a household exactly at the standard is not in deep hardship, exactly at
twice the standard not in relative hardship. A file with any exclusion (two or more homes, owns
a business or employs others, children in high-fee private schooling or studying abroad at own
cost) is not classified at all; a migrant worker needs one year of actual work first.

Pure functions over Decimals: no database, so every boundary is a unit test. The result keeps
the arithmetic as lines the file page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.money import yuan

SUDDEN_SHARE = Decimal("0.80")  # hardship costs above 80 % of annual household income
MIGRANT_MONTHS = 12  # migrant workers qualify after one year of actual work


class Category:
    DEEP = "deep"
    RELATIVE = "relative"
    SUDDEN = "sudden"
    NONE = "none"

    choices = [
        (DEEP, gettext_lazy("deep hardship")),
        (RELATIVE, gettext_lazy("relative hardship")),
        (SUDDEN, gettext_lazy("sudden hardship")),
        (NONE, gettext_lazy("not in hardship")),
    ]
    qualifying = (DEEP, RELATIVE, SUDDEN)


class Exclusion:
    HOMES = "homes"
    BUSINESS = "business"
    PRIVATE_SCHOOL = "private_school"
    MIGRANT_TENURE = "migrant_tenure"

    labels = {
        HOMES: gettext_lazy("owns two or more homes"),
        BUSINESS: gettext_lazy("owns a business or employs others"),
        PRIVATE_SCHOOL: gettext_lazy("a child in high-fee private schooling or studying abroad at own cost"),
        MIGRANT_TENURE: gettext_lazy("migrant worker with less than one year of actual work"),
    }


@dataclass(frozen=True)
class Figures:
    """What the classification reads from a file (all money in yuan)."""

    applicant_monthly_income: Decimal
    other_annual_income: Decimal  # the other household members' income in the year
    essential_costs: Decimal  # medical + education + rent in the year (刚性支出)
    household_size: int
    poverty_line: Decimal | None  # 低保, yuan per person per month; None when not configured
    standard_year: int | None = None  # the year the standard was set for
    sudden_event: bool = False
    sudden_costs: Decimal = Decimal("0")  # hardship costs in the year from the sudden event
    homes_owned: int = 1
    owns_business: bool = False
    employs_others: bool = False
    private_schooling: bool = False
    migrant: bool = False
    work_started: date | None = None  # migrant workers: first day of actual work
    on: date | None = None  # the day the test is made (migrant tenure)


@dataclass
class Result:
    category: str
    per_head_monthly: Decimal | None
    annual_income: Decimal
    exclusions: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the arithmetic, in the user's language
    missing: str = ""  # why no figure could be computed
    standard_year: int | None = None

    @property
    def qualifies(self) -> bool:
        return not self.exclusions and self.category in Category.qualifying

    @property
    def category_label(self) -> str:
        return str(dict(Category.choices)[self.category])

    @property
    def exclusion_labels(self) -> list[str]:
        return [str(Exclusion.labels[code]) for code in self.exclusions]


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (a month is complete on the same day of the month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def exclusions_of(figures: Figures) -> list[str]:
    found = []
    if figures.homes_owned >= 2:
        found.append(Exclusion.HOMES)
    if figures.owns_business or figures.employs_others:
        found.append(Exclusion.BUSINESS)
    if figures.private_schooling:
        found.append(Exclusion.PRIVATE_SCHOOL)
    if figures.migrant:
        today = figures.on or date.today()
        if figures.work_started is None or months_between(figures.work_started, today) < MIGRANT_MONTHS:
            found.append(Exclusion.MIGRANT_TENURE)
    return found


def classify(figures: Figures) -> Result:
    """The category of a household and the arithmetic that gave it."""
    annual_income = figures.applicant_monthly_income * 12 + figures.other_annual_income
    exclusions = exclusions_of(figures)
    lines = [
        _("Household annual income: %(monthly)s × 12 + %(other)s = %(total)s")
        % {
            "monthly": yuan(figures.applicant_monthly_income),
            "other": yuan(figures.other_annual_income),
            "total": yuan(annual_income),
        }
    ]
    if figures.household_size < 1:
        return Result(
            Category.NONE,
            None,
            annual_income,
            exclusions,
            lines,
            _("The household has no members."),
            figures.standard_year,
        )
    per_head = (annual_income - figures.essential_costs) / 12 / figures.household_size
    lines.append(
        _("Per head per month: (%(income)s − %(costs)s) ÷ 12 ÷ %(size)d = %(per_head)s")
        % {
            "income": yuan(annual_income),
            "costs": yuan(figures.essential_costs),
            "size": figures.household_size,
            "per_head": yuan(per_head),
        }
    )
    category = Category.NONE
    missing = ""
    if figures.poverty_line is None:
        missing = _("No minimum living standard is set for this year and place.")
        lines.append(missing)
    else:
        line = figures.poverty_line
        twice = line * 2
        if figures.standard_year is not None:
            lines.append(
                _("Minimum living standard of %(year)d: %(line)s per person per month")
                % {"year": figures.standard_year, "line": yuan(line)}
            )
        if per_head < line:
            category = Category.DEEP
            lines.append(
                _("%(per_head)s < minimum living standard %(line)s → deep hardship")
                % {"per_head": yuan(per_head), "line": yuan(line)}
            )
        elif per_head < twice:
            category = Category.RELATIVE
            lines.append(
                _("%(line)s ≤ %(per_head)s < 2 × %(line)s = %(twice)s → relative hardship")
                % {"per_head": yuan(per_head), "line": yuan(line), "twice": yuan(twice)}
            )
        else:
            lines.append(
                _("%(per_head)s ≥ 2 × %(line)s = %(twice)s: above the relative hardship line")
                % {"per_head": yuan(per_head), "line": yuan(line), "twice": yuan(twice)}
            )
    if category == Category.NONE and figures.sudden_event:
        threshold = annual_income * SUDDEN_SHARE
        if figures.sudden_costs > threshold:
            category = Category.SUDDEN
            lines.append(
                _("Sudden event: hardship costs %(costs)s > 80%% of annual income %(threshold)s → sudden hardship")
                % {"costs": yuan(figures.sudden_costs), "threshold": yuan(threshold)}
            )
        else:
            lines.append(
                _("Sudden event: hardship costs %(costs)s ≤ 80%% of annual income %(threshold)s")
                % {"costs": yuan(figures.sudden_costs), "threshold": yuan(threshold)}
            )
    for code in exclusions:
        lines.append(_("Excluded: %(reason)s") % {"reason": Exclusion.labels[code]})
    return Result(category, per_head, annual_income, exclusions, lines, missing, figures.standard_year)
