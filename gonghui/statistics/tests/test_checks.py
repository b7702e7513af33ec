"""The consistency checks: pure functions over a form's values, at their boundaries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation

from gonghui.statistics import checks, form
from gonghui.statistics.checks import delegates_minimum


def failing(values: dict[str, Any], *, summary: bool = False) -> set[str]:
    return {failure.check.key for failure in checks.failures(values, summary=summary)}


def test_the_delegates_minimum_is_30_or_5_per_cent_of_the_workers_rounded_up():
    assert delegates_minimum(0) == 30
    assert delegates_minimum(600) == 30  # 5 % = 30 exactly
    assert delegates_minimum(601) == 31  # 30.05: rounded up, never to the nearest
    assert delegates_minimum(609) == 31  # 30.45: round() would say 30
    assert delegates_minimum(620) == 31
    assert delegates_minimum(621) == 32
    assert delegates_minimum(2000) == 100


def test_delegates_exactly_at_the_minimum_pass_and_one_fewer_fails():
    congress = {"0404": 1, "0101": 609}
    assert "congress-delegates" not in failing({**congress, "0406": 31})
    assert "congress-delegates" in failing({**congress, "0406": 30})
    small = {"0404": 1, "0101": 40}
    assert "congress-delegates" not in failing({**small, "0406": 30})
    assert "congress-delegates" in failing({**small, "0406": 29})
    # no congress system: no delegates asked for
    assert "congress-delegates" not in failing({"0404": 0, "0101": 609, "0406": 0})


def test_a_failing_delegates_rule_shows_the_minimum_it_asks_for():
    (failure,) = [
        f for f in checks.failures({"0404": 1, "0101": 609, "0406": 30}) if f.check.key == "congress-delegates"
    ]
    assert [number.value for number in failure.numbers] == [30, 1, 609, 31]


def test_a_part_equal_to_its_whole_passes_and_one_above_fails():
    assert "part-0105" not in failing({"0104": 10, "0105": 10})
    assert "part-0105" in failing({"0104": 10, "0105": 11})
    assert "members-workers" not in failing({"0101": 10, "0104": 10})
    assert "members-workers" in failing({"0101": 10, "0104": 11})
    assert "women-members-women-workers" in failing({"0102": 3, "0105": 4})
    assert "migrant-members-migrant-workers" in failing({"0103": 0, "0106": 1})
    assert "part-0802" in failing({"0801": Decimal("100.00"), "0802": Decimal("100.01")})
    assert "part-0802" not in failing({"0801": Decimal("100.00"), "0802": Decimal("100.00")})


def test_every_of_which_field_has_a_check_against_its_parent():
    parts = {field.code for field in form.FIELDS.values() if field.parent}
    keys = {check.key for check in checks.CHECKS}
    assert {f"part-{code}" for code in parts} <= keys
    assert {"0105", "0106", "0102", "0103", "0407", "0411", "0302", "0604", "0704", "0802", "0804"} <= parts


def test_directors_and_supervisors_only_where_their_board_exists():
    assert "worker-directors" in failing({"0410": 1, "0409": 0})
    assert "worker-directors" not in failing({"0410": 1, "0409": 1})
    assert "worker-directors" not in failing({"0410": 0, "0409": 0})
    assert "worker-supervisors" in failing({"0413": 2})
    assert "congress-system" in failing({"0406": 35, "0404": 0})
    assert "congress-system" not in failing({"0405": 1})  # a general assembly sat: no delegates to count
    assert "congress-system" not in failing({"0405": 1, "0404": 1, "0406": 30})


def test_union_staff_and_the_cover_codes_are_asked_for_one_union_not_for_a_summary():
    assert {"union-staff", "cover-code", "cover-division"} <= failing({})
    assert not {"union-staff", "cover-code", "cover-division"} & failing({}, summary=True)
    assert "union-staff" not in failing({"0202": 1})


def test_a_table_reads_logic_correct_when_its_checks_pass_and_names_each_failing_rule():
    with translation.override("zh-hans"):
        states = checks.table_states({"0104": 10, "0105": 12, "0101": 20})
        assert states[4].correct
        assert states[4].text == "逻辑正确"
        assert not states[1].correct
        text = states[1].text
    assert "女会员数不大于会员数" in text
    assert "女会员数 = 12" in text
    assert "会员数 = 10" in text
    assert "女会员数不大于女职工数" in text  # women workers left empty: 0
