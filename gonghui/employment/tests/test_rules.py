"""The match score and its reasons, the skills list and the pay range, at their boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.employment import rules


def score(**changes: object) -> rules.Match:
    values: dict[str, object] = {
        "seeker_skills": ["welding", "electrician"],
        "seeker_place": "339901101000",
        "expected_pay": Decimal("4000"),
        "vacancy_skills": ["welding", "electrician", "machining"],
        "vacancy_place": "339901101000",
        "pay_max": Decimal("5000"),
    }
    values.update(changes)
    return rules.match_score(**values)  # type: ignore[arg-type]


def test_two_of_three_skills_same_township_and_pay_met() -> None:
    match = score()
    assert match.skills_matched == 2
    assert match.skills_required == 3
    assert match.score == 40 + 25 + 15
    with translation.override("zh-hans"):
        reasons = score().reasons
    assert reasons == ("技能匹配 2/3", "同一乡镇", "薪资满足期望")


def test_every_part_at_its_boundary() -> None:
    assert score(vacancy_skills=["welding", "electrician"]).score == 100
    assert score(seeker_skills=[]).score == 0 + 25 + 15
    # The top of the range equal to the expectation meets it; one fen less does not.
    assert score(pay_max=Decimal("4000")).pay_ok is True
    below = score(pay_max=Decimal("3999.99"))
    assert below.pay_ok is False
    assert below.score == 40 + 25
    # No expectation: half the pay part, and no pay reason.
    unknown = score(expected_pay=None)
    assert unknown.pay_ok is None
    assert unknown.score == 40 + 25 + 8  # 7.5 rounded half up
    assert len(unknown.reasons) == 2
    # Another township, or a seeker without a wished-for township: no place part.
    assert score(vacancy_place="339901102000").same_place is False
    assert score(seeker_place=None, vacancy_place=None).same_place is False
    # A vacancy requiring no skill gives everyone half the skills part.
    assert score(vacancy_skills=[]).score == 30 + 25 + 15


def test_skills_are_kept_in_the_lists_order_and_unknown_ones_refused() -> None:
    assert rules.join_skills(["electrician", "welding", " welding "]) == ",welding,electrician,"
    assert rules.join_skills([]) == ""
    assert rules.split_skills(",welding,electrician,") == ["welding", "electrician"]
    with pytest.raises(ValidationError) as refused:
        rules.join_skills(["juggling"])
    assert "juggling" in str(refused.value)


def test_a_pay_range_runs_from_bottom_to_top() -> None:
    rules.check_pay_range(Decimal("4000"), Decimal("4000"))  # equal is a range of one amount
    with pytest.raises(ValidationError) as refused:
        rules.check_pay_range(Decimal("4000.01"), Decimal("4000"))
    assert "pay_max" in refused.value.message_dict
    with pytest.raises(ValidationError):
        rules.check_pay_range(Decimal("-1"), Decimal("4000"))
