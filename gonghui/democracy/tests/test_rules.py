"""The rules' boundaries, each exactly where the law puts it (rules.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gonghui.core.calendar import statutory
from gonghui.democracy import rules


@pytest.mark.parametrize(
    ("workforce", "minimum"),
    [(0, None), (99, None), (100, 30), (180, 30), (500, 30), (600, 30), (601, 31), (1000, 50), (1001, 51)],
)
def test_delegate_minimum_follows_the_workforce(workforce: int, minimum: int | None) -> None:
    # under 100 a general assembly (None); from 100 at least 30 and at least 5 % (rounded up)
    assert rules.delegate_minimum(workforce) == minimum


def test_management_share_is_at_most_20_percent() -> None:
    assert rules.management_share_ok(6, 30)  # exactly 20 %
    assert not rules.management_share_ok(7, 30)  # above
    assert rules.management_share_ok(10, 50)
    assert not rules.management_share_ok(11, 50)
    assert rules.management_share_ok(0, 0)


@pytest.mark.parametrize(
    ("present", "total", "quorum"), [(20, 30, True), (19, 30, False), (34, 50, True), (33, 50, False), (0, 0, False)]
)
def test_quorum_is_two_thirds_of_all_delegates(present: int, total: int, quorum: bool) -> None:
    # 30 delegates: 20 is exactly two thirds (a quorum), 19 is not; 50: 33⅓ → 34
    assert rules.quorum_met(present, total) is quorum
    if total:
        assert rules.quorum_needed(total) == (20 if total == 30 else 34)


@pytest.mark.parametrize(("yes", "total", "passes"), [(15, 30, False), (16, 30, True), (25, 51, False), (26, 51, True)])
def test_an_item_needs_more_than_half_of_all_delegates(yes: int, total: int, passes: bool) -> None:
    # exactly half fails; half plus one passes, whatever the attendance
    assert rules.item_passes(yes, total) is passes
    assert rules.votes_needed(total) == (16 if total == 30 else 26)


def test_the_calendar_knows_the_years_tested() -> None:
    # The deadline tests below use 2025's National Day (1–8 October) and its 调休 Saturday (11 October).
    assert statutory.is_known_year(2025)
    assert not statutory.is_working_day(date(2025, 10, 3))
    assert statutory.is_working_day(date(2025, 10, 11))
    assert date(2025, 10, 11).weekday() == 5


def test_filing_deadline_ending_on_a_holiday_moves_to_the_next_working_day() -> None:
    # a wage agreement signed on Friday 26 September 2025: 7 days end on 3 October (National Day) → 9 October
    assert rules.filing_due(date(2025, 9, 26), is_wage_agreement=True).date == date(2025, 10, 9)
    # a comprehensive contract signed on 23 September: 10 days end on 3 October → 9 October
    assert rules.filing_due(date(2025, 9, 23), is_wage_agreement=False).date == date(2025, 10, 9)
    # and an ordinary working day stays: signed on 10 March 2025 → 17 March (7) / 20 March (10)
    assert rules.filing_due(date(2025, 3, 10), is_wage_agreement=True).date == date(2025, 3, 17)
    assert rules.filing_due(date(2025, 3, 10), is_wage_agreement=False).date == date(2025, 3, 20)


def test_filing_deadline_ending_on_a_made_up_working_saturday_stays_there() -> None:
    # 4 October 2025 + 7 days = Saturday 11 October, a 调休 working day: it ends there
    assert rules.filing_due(date(2025, 10, 4), is_wage_agreement=True).date == date(2025, 10, 11)
    assert rules.filing_due(date(2025, 10, 1), is_wage_agreement=False).date == date(2025, 10, 11)


def test_objection_window_ending_on_a_holiday_and_on_a_made_up_saturday() -> None:
    # received 18 September 2025: 15 days end on 3 October (holiday) → 9 October
    assert rules.objection_window_end(date(2025, 9, 18)).date == date(2025, 10, 9)
    # received 26 September: 15 days end on Saturday 11 October, a 调休 working day
    assert rules.objection_window_end(date(2025, 9, 26)).date == date(2025, 10, 11)


def test_reply_to_a_bargaining_request_is_due_in_20_days() -> None:
    # requested 13 September 2025: 20 days end on 3 October → 9 October
    assert rules.reply_due(date(2025, 9, 13)).date == date(2025, 10, 9)
    assert rules.reply_due(date(2025, 3, 3)).date == date(2025, 3, 24)  # a Monday, as counted


def test_report_to_the_higher_union_is_7_working_days_across_a_holiday() -> None:
    # held on Tuesday 30 September 2025: 9, 10, 11 (调休 Saturday), 13, 14, 15, 16 October
    assert rules.report_due(date(2025, 9, 30)).date == date(2025, 10, 16)


def test_materials_are_due_7_days_before_the_sitting() -> None:
    held = date(2025, 10, 15)
    assert rules.materials_due(held) == date(2025, 10, 8)
    assert rules.materials_in_time(date(2025, 10, 8), held)
    assert not rules.materials_in_time(date(2025, 10, 9), held)


def test_renewal_prompt_starts_exactly_3_months_before_the_last_day() -> None:
    ends = date(2026, 6, 30)
    assert rules.renewal_prompt_from(ends) == date(2026, 3, 30)
    assert not rules.renewal_due(ends, date(2026, 3, 29))
    assert rules.renewal_due(ends, date(2026, 3, 30))
    assert rules.renewal_due(ends, ends)
    assert not rules.renewal_due(ends, date(2026, 7, 1))
    # a day the month lacks becomes its last day
    assert rules.renewal_prompt_from(date(2026, 5, 31)) == date(2026, 2, 28)


def test_contract_term_is_1_to_3_years() -> None:
    start = date(2025, 1, 1)
    assert rules.contract_term_ok(start, date(2025, 12, 31))  # one year
    assert not rules.contract_term_ok(start, date(2025, 12, 30))
    assert rules.contract_term_ok(start, date(2027, 12, 31))  # three years
    assert not rules.contract_term_ok(start, date(2028, 1, 1))


def test_congress_term_is_3_to_5_years() -> None:
    start = date(2024, 3, 1)
    assert rules.term_years_ok(start, date(2027, 2, 28))  # three years, the last day
    assert not rules.term_years_ok(start, date(2027, 2, 27))
    assert rules.term_years_ok(start, date(2029, 2, 28))  # five years
    assert not rules.term_years_ok(start, date(2029, 3, 1))


def test_representatives_are_3_to_10_a_side_in_equal_numbers() -> None:
    assert rules.representatives_problem(3, 3) is None
    assert rules.representatives_problem(10, 10) is None
    assert rules.representatives_problem(2, 2) is not None
    assert rules.representatives_problem(11, 11) is not None
    assert rules.representatives_problem(4, 3) is not None


def test_a_contract_wage_below_the_local_minimum_is_refused_with_the_numbers() -> None:
    problem = rules.minimum_wage_problem(Decimal("2259.99"), Decimal("2260"))
    assert problem is not None
    assert "2,259.99" in problem
    assert "2,260.00" in problem
    assert rules.minimum_wage_problem(Decimal("2260"), Decimal("2260")) is None
    assert rules.minimum_wage_problem(None, Decimal("2260")) is None
