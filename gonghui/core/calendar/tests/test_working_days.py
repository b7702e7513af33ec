"""Working-day arithmetic across the 2026 Spring Festival and National Day, with their 调休 days.

The dates below were checked against chinese_calendar 1.11 itself (and the State Council's
2026 arrangement): Spring Festival 2026-02-15..23 off, Sat 02-14 and Sat 02-28 worked;
Mid-autumn 09-25..27 off; National Day 10-01..07 off, Sun 09-20 and Sat 10-10 worked.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gonghui.core.calendar import statutory

SPRING_OFF = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
NATIONAL_OFF = [date(2026, 10, 1) + timedelta(days=i) for i in range(7)]
MADE_UP = [date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)]


def test_the_package_agrees_with_the_dates_these_tests_assume():
    # given the installed package's own answer
    for day in SPRING_OFF + NATIONAL_OFF:
        assert chinese_calendar.is_holiday(day), day
    for day in MADE_UP:
        assert day.weekday() >= 5, day
        assert chinese_calendar.is_workday(day), day


@pytest.mark.parametrize("day", SPRING_OFF + NATIONAL_OFF)
def test_holidays_are_not_working_days(day):
    assert statutory.is_working_day(day) is False


@pytest.mark.parametrize("day", MADE_UP)
def test_made_up_weekend_days_are_working_days(day):
    assert statutory.is_working_day(day) is True


def test_ordinary_weekend_is_a_rest_day():
    assert statutory.is_working_day(date(2026, 3, 1)) is False  # Sunday after the 调休 Saturday
    assert statutory.is_working_day(date(2026, 3, 2)) is True


def test_working_days_across_the_spring_festival_count_the_made_up_saturday():
    # given a request on Friday 13 February 2026 (the day itself is not counted)
    start = date(2026, 2, 13)
    # then day 1 is Saturday the 14th (调休), day 2 the first day back after the holiday
    assert statutory.add_working_days(start, 1) == date(2026, 2, 14)
    assert statutory.add_working_days(start, 2) == date(2026, 2, 24)
    assert statutory.add_working_days(start, 3) == date(2026, 2, 25)
    # and five working days run Sat 14, Tue 24 .. Fri 27
    assert statutory.add_working_days(start, 5) == date(2026, 2, 27)
    # and the sixth is Saturday the 28th, also made a working day
    assert statutory.add_working_days(start, 6) == date(2026, 2, 28)
    assert statutory.add_working_days(start, 7) == date(2026, 3, 2)


def test_working_days_started_inside_the_holiday_begin_after_it():
    assert statutory.add_working_days(date(2026, 2, 17), 1) == date(2026, 2, 24)


def test_working_days_across_mid_autumn_and_national_day():
    # given Friday 18 September 2026
    start = date(2026, 9, 18)
    # then Sunday the 20th counts (调休) and Mid-autumn (25..27) is skipped
    assert statutory.add_working_days(start, 1) == date(2026, 9, 20)
    assert statutory.add_working_days(start, 5) == date(2026, 9, 24)
    assert statutory.add_working_days(start, 6) == date(2026, 9, 28)
    # and from the last day of September, National Day is skipped and Saturday 10 October counts
    assert statutory.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert statutory.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert statutory.add_working_days(date(2026, 9, 30), 4) == date(2026, 10, 12)


def test_working_days_between_counts_the_end_but_not_the_start():
    assert statutory.working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert statutory.working_days_between(date(2026, 10, 12), date(2026, 10, 12)) == 0


def test_zero_and_negative_periods():
    assert statutory.add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 16)
    with pytest.raises(ValueError, match="negative"):
        statutory.add_working_days(date(2026, 2, 16), -1)
