"""The hardship classification at each boundary, each exclusion and the migrant rule (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from gonghui.assistance.classification import Category, Exclusion, Figures, classify, months_between

LINE = Decimal("900")  # 低保, yuan per person per month


def household(per_head: Decimal, *, size: int = 3, costs: Decimal = Decimal("6000"), **extra: object) -> Figures:
    """A household whose per-head monthly figure is exactly ``per_head``.

    annual income − costs = per_head × 12 × size; the applicant earns the whole income.
    """
    annual = per_head * 12 * size + costs
    return Figures(
        applicant_monthly_income=annual / 12,
        other_annual_income=Decimal("0"),
        essential_costs=costs,
        household_size=size,
        poverty_line=LINE,
        on=date(2026, 11, 24),
        **extra,  # type: ignore[arg-type]
    )


def test_just_below_the_standard_is_deep_hardship() -> None:
    result = classify(household(LINE - Decimal("0.01")))
    assert result.category == Category.DEEP
    assert result.qualifies


def test_exactly_at_the_standard_is_relative_not_deep() -> None:
    result = classify(household(LINE))
    assert result.per_head_monthly == LINE
    assert result.category == Category.RELATIVE


def test_just_below_twice_the_standard_is_relative() -> None:
    assert classify(household(2 * LINE - Decimal("0.01"))).category == Category.RELATIVE


def test_exactly_at_twice_the_standard_is_not_in_hardship() -> None:
    result = classify(household(2 * LINE))
    assert result.category == Category.NONE
    assert not result.qualifies


def test_the_formula_subtracts_costs_and_divides_by_twelve_and_the_household() -> None:
    figures = Figures(
        applicant_monthly_income=Decimal("2000"),
        other_annual_income=Decimal("6000"),
        essential_costs=Decimal("12000"),
        household_size=4,
        poverty_line=LINE,
    )
    result = classify(figures)
    # (2000 × 12 + 6000 − 12000) ÷ 12 ÷ 4 = 375
    assert result.annual_income == Decimal("30000")
    assert result.per_head_monthly == Decimal("375")
    assert result.category == Category.DEEP


def test_the_arithmetic_is_shown() -> None:
    figures = Figures(
        applicant_monthly_income=Decimal("2000"),
        other_annual_income=Decimal("6000"),
        essential_costs=Decimal("12000"),
        household_size=4,
        poverty_line=LINE,
    )
    with translation.override("zh-hans"):
        lines = classify(figures).lines
    text = "\n".join(lines)
    assert "¥2,000.00 × 12 + ¥6,000.00 = ¥30,000.00" in text
    assert "(¥30,000.00 − ¥12,000.00) ÷ 12 ÷ 4 = ¥375.00" in text
    assert "深度困难" in text


def test_sudden_event_above_80_percent_of_income() -> None:
    base = household(3 * LINE, sudden_event=True)
    income = base.applicant_monthly_income * 12
    above = classify(replace(base, sudden_costs=income * Decimal("0.80") + Decimal("0.01")))
    assert above.category == Category.SUDDEN
    at = classify(replace(base, sudden_costs=income * Decimal("0.80")))
    assert at.category == Category.NONE


def test_a_household_already_in_deep_hardship_stays_deep_with_a_sudden_event() -> None:
    result = classify(household(LINE / 2, sudden_event=True, sudden_costs=Decimal("999999")))
    assert result.category == Category.DEEP


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"homes_owned": 2}, Exclusion.HOMES),
        ({"owns_business": True}, Exclusion.BUSINESS),
        ({"employs_others": True}, Exclusion.BUSINESS),
        ({"private_schooling": True}, Exclusion.PRIVATE_SCHOOL),
    ],
)
def test_each_exclusion_blocks_a_household_in_deep_hardship(extra: dict[str, object], code: str) -> None:
    result = classify(household(LINE / 2, **extra))
    assert result.category == Category.DEEP  # the figures say so …
    assert result.exclusions == [code]  # … but the exclusion blocks the file
    assert not result.qualifies
    assert any(str(Exclusion.labels[code]) in line for line in result.lines)


def test_one_home_is_no_exclusion() -> None:
    assert classify(household(LINE / 2, homes_owned=1)).qualifies


def test_migrant_worker_qualifies_after_one_year_of_work() -> None:
    on = date(2026, 11, 24)
    short = classify(household(LINE / 2, migrant=True, work_started=date(2025, 11, 25)))
    assert short.exclusions == [Exclusion.MIGRANT_TENURE]
    exact = classify(replace(household(LINE / 2, migrant=True, work_started=date(2025, 11, 24)), on=on))
    assert exact.qualifies
    unknown = classify(household(LINE / 2, migrant=True, work_started=None))
    assert unknown.exclusions == [Exclusion.MIGRANT_TENURE]


def test_no_standard_means_no_category() -> None:
    result = classify(replace(household(LINE / 2), poverty_line=None))
    assert result.category == Category.NONE
    assert result.missing


def test_months_between_counts_whole_months() -> None:
    assert months_between(date(2025, 1, 31), date(2026, 1, 30)) == 11
    assert months_between(date(2025, 1, 31), date(2026, 1, 31)) == 12
    assert months_between(date(2024, 2, 29), date(2025, 2, 28)) == 11
