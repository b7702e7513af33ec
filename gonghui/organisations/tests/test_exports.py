"""Every list of organisation building exports exactly what its filters show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.exports import export_of, workbook_rows
from gonghui.core.testing.world import World
from gonghui.organisations import services
from gonghui.organisations.models import Employer, UnionProfile
from gonghui.organisations.services import surveys as services_surveys
from gonghui.organisations.tests.test_founding_pages import make_employer, open_case


@pytest.fixture(autouse=True)
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def test_employers_export_their_filtered_rows(world: World, client_for: Any) -> None:
    make_employer(world.union_c, "甲镇丙公司", 300, union_status=Employer.UnionStatus.OWN, own_union=world.union_c)
    make_employer(world.township_a, "甲镇小店", 5)
    make_employer(world.township_a, "甲镇饭店", 12, contact_phone="13912345678")
    make_employer(world.township_b, "乙镇工厂", 50)
    bob = client_for(world.bob)
    everything = export_of(bob, reverse("organisations:employer_list"))
    assert sorted(everything.column("单位名称")) == ["甲镇丙公司", "甲镇小店", "甲镇饭店"]
    without = export_of(bob, reverse("organisations:employer_list"), {"union_status": "none"})
    assert sorted(without.column("单位名称")) == ["甲镇小店", "甲镇饭店"]
    searched = export_of(bob, reverse("organisations:employer_list"), {"q": "饭店", "union_status": "none"})
    assert searched.column("单位名称") == ["甲镇饭店"]
    # the contact phone: in full for staff who may unmask phones and ask; masked for the leader, even asking
    assert export_of(bob, reverse("organisations:employer_list"), {"q": "饭店"}, full=True).column("联系电话") == [
        "13912345678"
    ]
    leo = client_for(world.leo)
    led = export_of(leo, reverse("organisations:employer_list"), {"q": "饭店"})
    assert led.full_url is None
    assert led.column("联系电话") == ["139****5678"]
    asked = leo.get(reverse("sheets:export", args=["employers"]) + "?q=饭店&unmasked=1")
    assert "13912345678" not in str(workbook_rows(asked))
    # a filter the export used to drop: the founding year of a figure's drill-down
    founded = export_of(bob, reverse("organisations:employer_list"), {"year": "1999"})
    assert founded.rows == []


def test_founding_cases_export_their_filtered_rows(world: World, client_for: Any) -> None:
    open_case(world, "甲镇一厂", 80)
    open_case(world, "甲镇二厂", 30)
    open_case(world, "乙镇三厂", 60, township="b")
    bob = client_for(world.bob)
    cases = export_of(bob, reverse("organisations:founding_list"))
    assert cases.column("单位名称") == ["甲镇一厂", "甲镇二厂"]  # the page's order: largest first
    searched = export_of(bob, reverse("organisations:founding_list"), {"q": "二厂"})
    assert searched.column("单位名称") == ["甲镇二厂"]
    assert export_of(bob, reverse("organisations:founding_list"), {"state": "founded"}).rows == []
    county = export_of(client_for(world.alice), reverse("organisations:founding_list"), {"state": "all"})
    assert len(county.rows) == 3


def test_re_elections_export_their_rows(world: World, client_for: Any) -> None:
    elected = timezone.localdate() - timedelta(days=5 * 365)
    services.union_profile_update(
        actor=world.alice, union=world.union_c, union_type=UnionProfile.Type.INDEPENDENT, elected_on=elected
    )
    services.union_profile_update(
        actor=world.alice, union=world.union_d, union_type=UnionProfile.Type.INDEPENDENT, elected_on=date(2024, 1, 1)
    )
    exported = export_of(client_for(world.bob), reverse("organisations:re_election_list"))
    assert [name.startswith("丙公司工会委员会") for name in exported.column("工会名称")] == [True]


def test_surveys_export_campaigns_for_the_county_and_assignments_below(world: World, client_for: Any) -> None:
    make_employer(world.township_a, "甲镇小店", 5)
    today = timezone.localdate()
    services_surveys.survey_open(
        actor=world.alice,
        union=world.county,
        name="2026年建会普查",
        starts_on=today,
        ends_on=today + timedelta(days=60),
        assigned_unions=[world.township_a, world.township_b],
    )
    campaigns = export_of(client_for(world.alice), reverse("organisations:survey_list"))
    assert campaigns.column("普查名称") == ["2026年建会普查"]
    assignments = export_of(client_for(world.bob), reverse("organisations:survey_list"))
    assert assignments.column("应走访单位数") == [1]
    assert assignments.column("承担工会")[0].startswith("甲镇总工会")
