"""A year nobody knows is refused, never silently counted as plain Monday-to-Friday weeks."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from gonghui.core.calendar import statutory

UNKNOWN = max(statutory.PACKAGE_YEARS) + 5


def test_coverage_lists_the_package_years():
    known = statutory.coverage()
    assert known[2026] == "package"
    assert 2004 in known
    assert UNKNOWN not in known


def test_an_unknown_year_is_refused_with_a_clear_error():
    # when asking about a day in a year neither the package nor the overrides know
    with pytest.raises(statutory.CalendarYearUnknown) as caught:
        statutory.is_working_day(date(UNKNOWN, 3, 3))
    # then the error names the year and says how to add it
    assert str(UNKNOWN) in str(caught.value)
    assert "docs/calendar.md" in str(caught.value)


def test_a_period_running_into_an_unknown_year_is_refused():
    # given the last known year, followed by an unknown one
    last_known = max(statutory.coverage())
    assert last_known + 1 not in statutory.coverage()
    # when five working days from 30 December would run into January of the unknown year
    with pytest.raises(statutory.CalendarYearUnknown) as caught:
        statutory.add_working_days(date(last_known, 12, 30), 5)
    # then it is refused, naming that year
    assert caught.value.year == last_known + 1


def test_assume_weekdays_is_the_explicit_way_round():
    # given a Friday in an unknown year
    friday = next(date(UNKNOWN, 3, d) for d in range(1, 8) if date(UNKNOWN, 3, d).weekday() == 4)
    # then with the caller's explicit consent Monday follows
    monday = statutory.add_working_days(friday, 1, assume_weekdays=True)
    assert monday.weekday() == 0


def test_the_command_refuses_an_unknown_year():
    with pytest.raises(CommandError, match=str(UNKNOWN)):
        call_command("calendar", year=UNKNOWN)


def test_the_command_lists_a_known_year_with_its_sources(capsys):
    call_command("calendar", year=2026)
    out = capsys.readouterr().out
    assert "2026-02-14" in out
    assert "2026-10-10" in out
    assert "[package]" in out
    assert "2026-10-01" in out
