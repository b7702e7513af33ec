"""The overrides file: a year the package does not know, added from the State Council's notice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.core.calendar import statutory

YEAR = max(statutory.PACKAGE_YEARS) + 3

NOTICE = f"""
[years.{YEAR}]
notice = "国务院办公厅关于{YEAR}年部分节假日安排的通知（测试）"

[[years.{YEAR}.holidays]]
name = "国庆节"
from = {YEAR}-10-01
to = {YEAR}-10-07

[[years.{YEAR}.workdays]]
name = "国庆节调休"
date = {YEAR}-09-26
"""


@pytest.fixture
def overrides(tmp_path: Path, settings) -> Path:
    path = tmp_path / "overrides.toml"
    path.write_text(NOTICE, encoding="utf-8")
    settings.GONGHUI_CALENDAR_OVERRIDES = str(path)
    return path


def test_the_shipped_file_parses():
    shipped = statutory.load_overrides(statutory.DEFAULT_OVERRIDES)
    assert shipped.path == statutory.DEFAULT_OVERRIDES


def test_a_year_from_the_overrides_becomes_known(overrides):
    # given the notice of a year the package does not know
    # then the year is known, from the overrides
    assert statutory.coverage()[YEAR] == "overrides"
    # and its holidays are rest days, its made-up day a working day, other days as the week goes
    assert statutory.is_working_day(date(YEAR, 10, 1)) is False
    assert statutory.is_working_day(date(YEAR, 10, 7)) is False
    assert statutory.is_working_day(date(YEAR, 9, 26)) is True
    assert statutory.is_working_day(date(YEAR, 10, 8)) is (date(YEAR, 10, 8).weekday() < 5)


def test_overrides_win_over_the_package(tmp_path, settings):
    # given a correction for a day the package knows (a working Tuesday declared a holiday)
    path = tmp_path / "fix.toml"
    path.write_text(
        '[years.2026]\nnotice = "更正（测试）"\n[[years.2026.holidays]]\nname = "临时"\nfrom = 2026-03-03\n',
        encoding="utf-8",
    )
    settings.GONGHUI_CALENDAR_OVERRIDES = str(path)
    # then the override decides and the coverage names both sources
    assert statutory.is_working_day(date(2026, 3, 3)) is False
    assert statutory.coverage()[2026] == "package+overrides"


def test_a_broken_file_is_refused_with_its_problem(tmp_path, settings):
    path = tmp_path / "bad.toml"
    path.write_text('[years.2030]\nnotice = "x"\n[[years.2030.workdays]]\nname = "调休"\ndate = "2031-01-01"\n')
    settings.GONGHUI_CALENDAR_OVERRIDES = str(path)
    with pytest.raises(statutory.CalendarOverridesError, match="TOML date"):
        statutory.coverage()


def test_a_year_without_its_notice_is_refused(tmp_path, settings):
    path = tmp_path / "bad.toml"
    path.write_text("[years.2030]\n")
    settings.GONGHUI_CALENDAR_OVERRIDES = str(path)
    with pytest.raises(statutory.CalendarOverridesError, match="notice"):
        statutory.coverage()


def test_the_command_shows_where_the_days_come_from(overrides, capsys):
    call_command("calendar", year=YEAR)
    out = capsys.readouterr().out
    assert "known from overrides" in out
    assert f"{YEAR}-09-26" in out
    assert "[overrides]" in out
    assert "测试" in out
