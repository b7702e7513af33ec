"""The model rules kept in save(): size band from headcount, re-election date from election and term."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations.models import Employer, UnionProfile, add_years, size_band_for


@pytest.mark.parametrize(
    ("headcount", "band"),
    [(0, "lt25"), (24, "lt25"), (25, "25_99"), (99, "25_99"), (100, "100_999"), (999, "100_999"), (1000, "ge1000")],
)
def test_size_band_boundaries(headcount: int, band: str) -> None:
    assert size_band_for(headcount) == band


def test_employer_keeps_its_size_band_in_step(world: World) -> None:
    with system_scope("test"):
        # given an employer of 10 workers
        employer = Employer.unscoped.create(union=world.township_a, name="甲", headcount=10)
        assert employer.size_band == "lt25"
        # when it grows to 120, saved with update_fields naming only the headcount
        employer.headcount = 120
        employer.save(update_fields=["headcount"])
        # then the band moved with it, in the database too
        employer.refresh_from_db()
        assert employer.size_band == "100_999"
        assert employer.get_absolute_url() == f"/organisations/employers/{employer.pk}/"


@pytest.mark.parametrize(("term", "due"), [(3, date(2026, 6, 30)), (5, date(2028, 6, 30))])
def test_re_election_date_follows_the_term(world: World, term: int, due: date) -> None:
    with system_scope("test"):
        # given a union elected on 30 June 2023 for a term of 3 or 5 years (工会法 art. 16)
        profile = UnionProfile.unscoped.create(
            union=world.union_c, union_type="independent", term_years=term, elected_on=date(2023, 6, 30)
        )
        # then its re-election falls due 3 or 5 years later
        profile.refresh_from_db()
        assert profile.re_election_due == due
        # and without an election date there is no due date
        profile.elected_on = None
        profile.save()
        assert profile.re_election_due is None


def test_leap_day_election_falls_due_on_28_february() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
