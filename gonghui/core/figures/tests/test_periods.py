from datetime import date

import pytest

from gonghui.core.figures.periods import (
    RANGE,
    STATISTICS,
    YEAR,
    Period,
    calendar_year,
    choose,
    default_period,
    statistics_year,
    statistics_year_of,
)


def test_the_statistics_year_runs_from_the_first_of_october_to_the_thirtieth_of_september():
    year = statistics_year(2026)
    assert (year.start, year.end) == (date(2025, 10, 1), date(2026, 9, 30))
    assert statistics_year_of(date(2026, 9, 30)) == 2026
    assert statistics_year_of(date(2026, 10, 1)) == 2027
    assert year.contains(date(2026, 9, 30))
    assert not year.contains(date(2026, 10, 1))
    assert statistics_year(2027).contains(date(2026, 10, 1))


def test_a_period_travels_as_one_token_and_bad_tokens_are_none():
    period = Period(date(2025, 10, 1), date(2026, 9, 30))
    assert period.token == "2025-10-01..2026-09-30"
    assert Period.parse(period.token) == period
    for bad in (
        "",
        "2026-02-30..2026-03-01",
        "2026-03-01..2026-02-01",
        "1999-01-01..2000-01-01",
        "x",
        "2026-01-01..",
        None,
    ):
        assert Period.parse(bad) is None
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 2, 1), date(2026, 1, 1))


def test_last_year_is_the_same_days_and_the_twenty_ninth_of_february_becomes_the_twenty_eighth():
    assert Period(date(2024, 1, 1), date(2024, 2, 29)).last_year() == Period(date(2023, 1, 1), date(2023, 2, 28))
    assert calendar_year(2026).until(date(2026, 12, 6)).last_year() == Period(date(2025, 1, 1), date(2025, 12, 6), YEAR)
    assert default_period(date(2026, 12, 6)) == Period(date(2026, 1, 1), date(2026, 12, 6), YEAR)


def test_a_page_chooses_its_period_and_a_range_that_does_not_read_falls_back_with_a_message():
    today = date(2026, 12, 6)
    assert choose({}, today).period == Period(date(2026, 1, 1), today, YEAR)
    statistics = choose({"span": "statistics"}, today)
    assert statistics.year == 2027
    assert statistics.period == Period(date(2026, 10, 1), today, STATISTICS)
    assert choose({"span": "statistics", "year": "2026"}, today).period == statistics_year(2026)
    assert choose({"span": "year", "year": "2025"}, today).period == calendar_year(2025)
    ranged = choose({"span": "range", "start": "2026-03-01", "end": "2026-06-30"}, today)
    assert ranged.span == RANGE
    assert ranged.period == Period(date(2026, 3, 1), date(2026, 6, 30), RANGE)
    wrong = choose({"span": "range", "start": "2026-07-01", "end": "2026-06-30"}, today)
    assert wrong.span == YEAR
    assert wrong.error
    assert choose({"span": "year", "year": "1066"}, today).year == 2026
