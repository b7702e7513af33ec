"""Calendar-day periods (民事诉讼法 art. 85): the start day is not counted; a last day that is a
statutory holiday or rest day rolls forward to the next working day."""

from __future__ import annotations

from datetime import date

from gonghui.core.calendar import statutory


def test_a_period_ending_on_a_working_day_is_not_moved():
    # given a dispute received on Monday 2 March 2026 and a 15-day mediation limit
    # then the 15th day is Tuesday 17 March
    assert statutory.calendar_period_end(date(2026, 3, 2), 15) == date(2026, 3, 17)


def test_a_period_ending_in_the_spring_festival_rolls_to_the_first_day_back():
    # given 15 days from 1 February 2026: the 15th day is Sunday 15 February, a holiday
    # then the period ends on Tuesday 24 February, the first working day after the holiday
    assert statutory.calendar_period_end(date(2026, 2, 1), 15) == date(2026, 2, 24)


def test_a_period_ending_on_a_made_up_working_saturday_ends_that_saturday():
    # given 15 days from 13 February: the 15th day is Saturday 28 February, a 调休 working day
    assert statutory.calendar_period_end(date(2026, 2, 13), 15) == date(2026, 2, 28)


def test_a_period_ending_in_national_day_rolls_to_8_october():
    # given 15 days from 17 September: the 15th day is 2 October
    assert statutory.calendar_period_end(date(2026, 9, 17), 15) == date(2026, 10, 8)


def test_a_period_ending_on_an_ordinary_sunday_rolls_to_monday():
    # given 14 days from Sunday 1 March 2026: the 14th day is Sunday 15 March
    # then the period ends on Monday 16 March
    assert statutory.calendar_period_end(date(2026, 3, 1), 14) == date(2026, 3, 16)
