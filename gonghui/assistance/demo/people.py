"""Household members' names, ages, ID numbers and schooling."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from stdnum.cn import ric

from gonghui.assistance.demo.tables import MEMBER_SEQUENCES, Schooling
from gonghui.core.demo import names

# --- People --------------------------------------------------------------------------------------


class People:
    """Names and valid, unique ID numbers of household members (sequence digits 900–999)."""

    def __init__(self, rng: Any) -> None:
        self.rng = rng
        self.used: dict[tuple[date, bool], int] = {}

    def given(self) -> str:
        rng = self.rng
        return rng.choice(names.GIVEN) + (rng.choice(names.GIVEN) if rng.random() < 0.7 else "")

    def name(self, surname: str | None = None) -> str:
        return (surname or self.rng.choice(names.SURNAMES)) + self.given()

    def id_number(self, birth: date, male: bool) -> tuple[str, date]:
        while True:
            key = (birth, male)
            n = self.used.get(key, 0)
            if n < 50:
                self.used[key] = n + 1
                sequence = MEMBER_SEQUENCES + 99 - 2 * n - (0 if male else 1)  # odd for men, even for women
                body = f"{names.COUNTY_DIVISION}{birth:%Y%m%d}{sequence:03d}"
                return body + ric.calc_check_digit(body + "0"), birth
            birth -= timedelta(days=1)


def _schooling(rng: Any, age: int) -> str:
    if age < 3:
        return Schooling.NONE
    if age <= 5:
        return Schooling.PRESCHOOL
    if age <= 11:
        return Schooling.PRIMARY
    if age <= 14:
        return Schooling.JUNIOR
    if age <= 17:
        return Schooling.SENIOR if rng.random() < 0.7 else Schooling.VOCATIONAL
    if age <= 21:
        return rng.choices([Schooling.BACHELOR, Schooling.COLLEGE, Schooling.NONE], [35, 30, 35])[0]
    if age <= 24:
        return Schooling.POSTGRADUATE if rng.random() < 0.1 else Schooling.NONE
    return Schooling.NONE
