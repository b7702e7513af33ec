"""Every boundary of the issue, on the rule functions (rules.py) and through the workflow's deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.rights import rules


@pytest.mark.parametrize(
    ("laid_off", "workforce", "major"),
    [(19, 300, False), (20, 300, True), (14, 150, False), (15, 150, True), (20, 20_000, True), (0, 10, False)],
)
def test_layoff_twenty_or_ten_percent(laid_off: int, workforce: int, major: bool) -> None:
    # 劳动合同法 art. 41: 20 or more; fewer than 20 but at least 10 % of the workforce
    assert rules.layoff_is_major(laid_off, workforce) is major


@pytest.mark.parametrize(
    ("dispatched", "total", "over"),
    [(10, 100, False), (11, 100, True), (100, 1000, False), (101, 1000, True), (1, 10, False), (0, 0, False)],
)
def test_dispatch_quota_exactly_ten_percent_is_within(dispatched: int, total: int, over: bool) -> None:
    # 劳务派遣暂行规定 art. 4: not more than 10 % of total labour use (contract plus dispatched)
    assert rules.dispatch_over_quota(dispatched, total) is over


def test_collective_from_ten_workers() -> None:
    # 调解仲裁法 art. 7
    assert rules.is_collective(9) is False
    assert rules.is_collective(10) is True


def test_acceptance_in_three_working_days() -> None:
    # Friday: Monday, Tuesday, Wednesday
    assert rules.acceptance_due(date(2025, 3, 7)).date == date(2025, 3, 12)
    # the day before the National Day holiday: 10-09, 10-10 and the 调休 Saturday 10-11
    assert rules.acceptance_due(date(2025, 9, 30)).date == date(2025, 10, 11)


def test_mediation_fifteen_days_ending_on_a_holiday_rolls_to_the_next_working_day() -> None:
    # 2025-09-16 + 15 days = 2025-10-01, National Day: the holiday runs to 10-08
    assert rules.mediation_due(date(2025, 9, 16)).date == date(2025, 10, 9)


def test_mediation_fifteen_days_ending_on_a_made_up_working_saturday_stays() -> None:
    # 2025-09-26 + 15 = Saturday 2025-10-11, a 调休 working day; 2025-01-24 + 15 = Saturday 2025-02-08, too
    assert rules.mediation_due(date(2025, 9, 26)).date == date(2025, 10, 11)
    assert rules.mediation_due(date(2025, 1, 24)).date == date(2025, 2, 8)
    # an ordinary Saturday rolls to Monday
    assert rules.mediation_due(date(2025, 10, 3)).date == date(2025, 10, 20)


def test_mediation_received_the_day_before_a_holiday_counts_through_it() -> None:
    # received 2025-09-30; the day itself is not counted; 15 calendar days end on Wednesday 10-15
    assert rules.mediation_due(date(2025, 9, 30)).date == date(2025, 10, 15)


def test_an_agreed_extension_replaces_the_limit_and_rolls_too() -> None:
    assert rules.mediation_due(date(2025, 9, 1), extended_until=date(2025, 10, 4)).date == date(2025, 10, 9)


def test_limitation_one_year_from_knowing() -> None:
    limitation = rules.arbitration_limitation(knew_on=date(2025, 3, 10))
    assert limitation is not None
    assert limitation.last_day == date(2026, 3, 10)
    # a last day on a holiday moves to the next working day
    assert rules.arbitration_limitation(knew_on=date(2024, 10, 1)).last_day == date(2025, 10, 9)  # type: ignore[union-attr]
    # 29 February has no corresponding day: the 28th
    assert rules.arbitration_limitation(knew_on=date(2024, 2, 29)).last_day == date(2025, 2, 28)  # type: ignore[union-attr]


def test_limitation_of_wages_during_employment_runs_from_its_end() -> None:
    # still employed: no limitation runs
    assert rules.arbitration_limitation(knew_on=date(2023, 1, 5), wages_during_employment=True) is None
    # ended on 2025-06-30: one year from then, whenever the worker knew
    limitation = rules.arbitration_limitation(
        knew_on=date(2023, 1, 5), wages_during_employment=True, employment_ended_on=date(2025, 6, 30)
    )
    assert limitation is not None
    assert limitation.runs_from == date(2025, 6, 30)
    assert limitation.last_day == date(2026, 6, 30)


def test_limitation_warning_when_near() -> None:
    limitation = rules.arbitration_limitation(knew_on=date(2025, 3, 10))
    assert limitation is not None
    assert limitation.near(date(2026, 2, 8))  # 30 days left
    assert not limitation.near(date(2026, 2, 7))  # 31 days left
    assert limitation.near(date(2026, 3, 10))
    assert not limitation.near(date(2026, 3, 11))
    assert limitation.expired(date(2026, 3, 11))


def test_mediator_term_three_years() -> None:
    assert rules.mediator_term_ends(date(2025, 3, 1)) == date(2028, 2, 29)
    assert rules.mediator_term_ends(date(2024, 2, 29)) == date(2027, 2, 27)


def test_committee_make_up() -> None:
    assert rules.committee_problems(worker_side=3, employer_side=3, chair_is_union_member=True) == []
    assert len(rules.committee_problems(worker_side=3, employer_side=2, chair_is_union_member=True)) == 1
    assert len(rules.committee_problems(worker_side=2, employer_side=2, chair_is_union_member=False)) == 1
    assert len(rules.committee_problems(worker_side=2, employer_side=2, chair_is_union_member=None)) == 1


@pytest.mark.parametrize(
    ("signal", "measures", "level"),
    [
        ("wage_arrears", {"workers": 12, "amount": 30_000, "months": 1}, "yellow"),
        ("wage_arrears", {"workers": 9, "amount": 49_999, "months": 1}, "blue"),
        ("wage_arrears", {"workers": 9, "amount": 50_000, "months": 1}, "yellow"),
        ("wage_arrears", {"workers": 5, "amount": 1_000_000, "months": 1}, "red"),
        ("layoff", {"workers": 15, "statutory": 1}, "yellow"),
        ("layoff", {"workers": 14, "statutory": 0}, "blue"),
        ("collective_incident", {"workers": 10}, "orange"),
        ("collective_incident", {"workers": 9}, "yellow"),
        ("dispatch_over_quota", {"percent": 19}, "blue"),
        ("dispatch_over_quota", {"percent": 20}, "yellow"),
    ],
)
def test_levels_from_the_shipped_table(signal: str, measures: dict[str, int], level: str) -> None:
    assert rules.alert_level(signal, measures) == level


def test_a_table_of_an_installation_replaces_the_default(tmp_path, monkeypatch) -> None:
    text = rules.DEFAULT_RULES.read_text(encoding="utf-8").replace(
        'level = "yellow"\nany = { workers = 10, amount = 50000, months = 2 }',
        'level = "yellow"\nany = { workers = 5, amount = 50000, months = 2 }',
    )
    path = tmp_path / "levels.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(rules.RULES_ENV, str(path))
    assert rules.alert_level("wage_arrears", {"workers": 6}) == "yellow"
    monkeypatch.delenv(rules.RULES_ENV)
    assert rules.alert_level("wage_arrears", {"workers": 6}) == "blue"


def test_a_broken_table_names_the_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "levels.toml"
    path.write_text("[levels.red]\nreport_to = 'province'\n", encoding="utf-8")
    monkeypatch.setenv(rules.RULES_ENV, str(path))
    with pytest.raises(rules.AlertRulesError, match=r"levels\.toml"):
        rules.alert_table()


def test_workforce_drop_thresholds() -> None:
    assert rules.workforce_dropped(100, 80) is True  # 20 fewer, 20 %
    assert rules.workforce_dropped(100, 81) is False  # 19 %
    assert rules.workforce_dropped(40, 31) is False  # 22 % but only 9 workers
