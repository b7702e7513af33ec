"""A grassroots union's form fills itself from the registers over the statistics year (10-01 to 09-30)."""

from __future__ import annotations

from datetime import date

import pytest

from gonghui.core.figures import measures
from gonghui.core.figures.periods import statistics_year
from gonghui.core.testing.world import World
from gonghui.statistics import form, selectors
from gonghui.statistics.filled import Source
from gonghui.statistics.tests.helpers import YEAR, employer_of_c, join


def test_a_member_who_joined_on_30_september_counts_in_that_year_and_one_on_1_october_in_the_next(world: World):
    # given a woman who joined union C on the statistics year's last day, a man on the next year's first
    join(world.union_c, "秋九月", date(YEAR, 9, 30), woman=True)
    join(world.union_c, "冬十月", date(YEAR, 10, 1))

    # when the form is filled for that year and the next
    this = selectors.form_for_user(world.carol, world.union_c, year=YEAR)
    following = selectors.form_for_user(world.carol, world.union_c, year=YEAR + 1)

    # then the new members are one each year: the woman in YEAR, the man in YEAR + 1
    assert this.values["0107"] == 1
    assert following.values["0107"] == 1
    assert this.values["0105"] == 1  # the woman, on the register on 09-30
    # and the members on the year's last day: the woman, then both
    assert this.values["0104"] == 1
    assert following.values["0104"] == 2
    assert this.entries["0104"].source == Source.LIVE


def test_the_form_fills_itself_from_the_registers_with_the_list_behind_each_number(world: World):
    employer_of_c(world, headcount=120)
    join(world.union_c, "甲会员", date(YEAR - 1, 3, 1))

    filled = selectors.form_for_user(world.carol, world.union_c, year=YEAR)

    assert filled.values["0101"] == 120  # the workers of its employer
    assert filled.values["0104"] == 1
    assert filled.values["0108"] == 1
    assert filled.values["0109"] == 1
    cover = {entry.code: entry for entry in filled.cover}
    assert cover["902"].value == world.union_c.name
    assert (cover["903"].value, cover["903"].typed) == ("339901101000", False)  # from the employer's division
    assert cover["904"].value == "1"  # 单一基层工会
    # a live number links to the list behind it, narrowed to the statistics year and the union
    url = filled.entries["0104"].url
    assert url.startswith("/members/")
    assert statistics_year(YEAR).token in url
    assert f"measure_in={world.union_c.pk}" in url
    # what the platform does not hold is typed in
    assert filled.entries["0201"].is_typed
    assert filled.entries["0201"].source == Source.EMPTY


def test_a_joint_union_is_type_2_and_a_federation_has_no_form(world: World):
    joint = selectors.form_for_user(world.bob, world.joint_a, year=YEAR)
    assert {entry.code: entry.value for entry in joint.cover}["904"] == "2"
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.form_for_user(world.bob, world.township_a, year=YEAR)


def test_a_measure_no_module_registered_makes_its_field_typed_in(world: World, monkeypatch):
    monkeypatch.delitem(measures._measures, "members.women_members", raising=False)
    assert not form.FIELDS["0105"].is_live
    filled = selectors.form_for_user(world.carol, world.union_c, year=YEAR)
    assert filled.entries["0105"].is_typed
    assert filled.entries["0104"].source == Source.LIVE


def test_every_measure_the_form_names_is_one_a_module_publishes_or_will(world: World):
    """The keys are the published ones (a typo would leave a field typed in for good)."""
    registered = {measure.key for measure in measures.all_measures()}
    published = {key for key in form.measure_keys() if key.split(".")[0] in {m.split(".")[0] for m in registered}}
    assert published <= registered, published - registered
