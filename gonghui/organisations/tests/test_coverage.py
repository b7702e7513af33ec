"""Coverage figures: the rules of the rates, scoping, the links, and the page's query budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gonghui.core.figures.testing import count_list_rows
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.tree.services import union_create
from gonghui.organisations.coverage import coverage_for_user, figures_by, founding_rate_for_user
from gonghui.organisations.models import Employer, UnionProfile

pytestmark = pytest.mark.django_db

CHENGGUAN = "339901101000"  # 城关镇
XIHE = "339901102000"  # 西河镇
Status = Employer.Status
UnionStatus = Employer.UnionStatus


@pytest.fixture
def reference(db: Any) -> None:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def employer(union: Any, name: str, **fields: Any) -> Employer:
    with system_scope("test data"):
        return Employer.unscoped.create(union=union, name=name, **fields)


@pytest.fixture
def figures(world: World, reference: None) -> dict[str, Employer]:
    """Township A: one own union (that also has a joint link), two joint-covered, one without a
    union, and three that do not count (closed, closed with a union, not eligible). Township B:
    one without a union."""
    with system_scope("test data"):
        UnionProfile.unscoped.create(union=world.union_c, union_type="independent", member_count=80)
        UnionProfile.unscoped.create(union=world.joint_a, union_type="joint", member_count=20)
    a, b = world.township_a, world.township_b
    made = {
        "own": employer(
            a,
            f"丙公司{MARKER}",
            division_id=CHENGGUAN,
            industry_id="13",
            ownership_id="3",
            headcount=100,
            union_status=UnionStatus.OWN,
            own_union=world.union_c,
            joint_union=world.joint_a,  # a stale joint link: the employer still counts once
            founded_on=date(2023, 5, 1),
        ),
        "joint1": employer(
            a,
            f"甲一商店{MARKER}",
            division_id=CHENGGUAN,
            industry_id="51",
            headcount=30,
            union_status=UnionStatus.JOINT,
            joint_union=world.joint_a,
            founded_on=date(2024, 3, 1),
        ),
        "joint2": employer(
            a,
            f"甲二饭店{MARKER}",
            division_id=XIHE,
            industry_id="62",
            headcount=10,
            union_status=UnionStatus.JOINT,
            joint_union=world.joint_a,
            founded_on=date(2024, 9, 1),
        ),
        "none": employer(a, f"甲三工厂{MARKER}", division_id=XIHE, industry_id="13", headcount=500),
        "closed": employer(a, f"甲四关闭{MARKER}", division_id=XIHE, headcount=900, status=Status.CLOSED),
        "closed_own": employer(
            a, f"甲五关闭{MARKER}", division_id=XIHE, headcount=50, status=Status.CLOSED, union_status=UnionStatus.OWN
        ),
        "not_eligible": employer(
            a,
            f"甲六个体{MARKER}",
            division_id=XIHE,
            headcount=3,
            union_status=UnionStatus.NOT_ELIGIBLE,
            not_eligible_reason="不足3人",
        ),
        "b_none": employer(b, "乙一工厂", division_id="339901103000", headcount=40),
    }
    return made


def test_founding_rate_counts_joint_coverage_once_and_leaves_out_closed_and_not_eligible(
    world: World, figures: dict[str, Employer]
) -> None:
    # When Bob (township A) reads the figures
    total = founding_rate_for_user(world.bob)
    # Then the denominator is the four operating, eligible employers
    assert total.eligible == 4
    # And the own union (with its stale joint link) counts once, the joint ones once each
    assert (total.own, total.joint, total.covered, total.uncovered) == (1, 2, 3, 1)
    assert total.founding_rate == Decimal("0.7500")
    # And members are the own union's 80 plus the joint union's 20, over 640 workers
    assert (total.members, total.workers) == (100, 640)
    assert total.membership_rate == Decimal("0.1563")


def test_joint_union_members_are_shared_by_workers_across_breakdowns(
    world: World, figures: dict[str, Employer]
) -> None:
    # When the figures are broken down by township
    rows = {row.key: row for row in figures_by(world.bob, "township")}
    # Then the joint union's 20 members are split 30:10 between its two employers' townships
    assert rows[CHENGGUAN].members == 80 + 15
    assert rows[XIHE].members == 5
    # And the breakdown's rows add up to the whole
    assert sum(r.eligible for r in rows.values()) == 4
    assert rows[CHENGGUAN].founding_rate == Decimal("1.0000")
    assert rows[XIHE].founding_rate == Decimal("0.5000")
    assert rows[CHENGGUAN].label == "城关镇"


def test_a_township_sees_only_its_own_figures(world: World, figures: dict[str, Employer]) -> None:
    # When Bea (township B) reads the figures
    coverage = coverage_for_user(world.bea)
    # Then only township B's employer counts
    assert (coverage.total.eligible, coverage.total.covered) == (1, 0)
    assert coverage.closed == 0
    assert coverage.not_eligible == 0
    assert [row["name"] for row in coverage.todo] == ["乙一工厂"]
    assert [row.key for row in coverage.breakdown("township").rows] == ["339901103000"]
    # And the county administrator sees both townships
    county = coverage_for_user(world.alice)
    assert county.total.eligible == 5
    assert (county.closed, county.not_eligible) == (2, 1)


def test_breakdowns_link_to_the_rows_behind_each_figure(world: World, figures: dict[str, Employer]) -> None:
    coverage = coverage_for_user(world.bob)
    # Given the industry breakdown: manufacturing (section C: divisions 13 …) has two employers
    industry = {row.key: row for row in coverage.breakdown("industry").rows}
    assert industry["C"].eligible == 2
    assert industry["C"].label.startswith("C ")
    # Then its figures link to the employer list with the list's own filters
    assert industry["C"].own_url == "/organisations/employers/?industry=C&status=operating&union_status=own"
    assert industry["C"].uncovered_url.endswith("industry=C&status=operating&union_status=none")
    township = {row.key: row for row in coverage.breakdown("township").rows}
    assert f"township={XIHE}" in township[XIHE].joint_url
    sizes = [row.key for row in coverage.breakdown("size_band").rows]
    assert sizes == ["25_99", "100_999", "ge1000"] or sizes == sorted(
        sizes, key=["lt25", "25_99", "100_999", "ge1000"].index
    )
    ownership = {row.key: row for row in coverage.breakdown("ownership").rows}
    assert "ownership=3" in ownership["3"].eligible_url
    # And the to-do list is the largest operating employers without a union, largest first
    assert [row["name"] for row in coverage.todo] == [f"甲三工厂{MARKER}"]
    assert coverage.todo[0]["url"] == f"/organisations/employers/{figures['none'].pk}/"


def test_year_trend_accumulates_towards_the_current_rate(world: World, figures: dict[str, Employer]) -> None:
    # When the figures are read in 2025
    coverage = coverage_for_user(world.bob, year=2025)
    # Then the trend covers the ten years up to 2025
    assert [y.year for y in coverage.years] == list(range(2016, 2026))
    # And 2023 brings the own union, 2024 the two joint ones; the last year reaches today's rate
    founded = [(y.year, y.own, y.joint, y.cumulative) for y in coverage.years if y.covered]
    assert founded == [(2023, 1, 0, 1), (2024, 0, 2, 3)]
    assert coverage.years[-1].cumulative == coverage.total.covered
    assert coverage.years[-1].rate == coverage.total.founding_rate


def test_no_employers_gives_no_rate(world: World, reference: None) -> None:
    coverage = coverage_for_user(world.bea)
    assert coverage.total.founding_rate is None
    assert coverage.total.membership_rate is None
    assert coverage.years == []
    assert coverage.todo == []


def test_target_comes_from_the_setting(world: World, figures: dict[str, Employer], settings: Any) -> None:
    settings.ORGANISATIONS_FOUNDING_TARGET = Decimal("0.70")
    coverage = coverage_for_user(world.bob)
    assert coverage.target == Decimal("0.70")
    assert coverage.total.meets(coverage.target)
    assert coverage.township_chart().target == 70.0


def test_coverage_page_for_a_leader_within_its_query_budget(
    world: World, figures: dict[str, Employer], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    # Given the leader (read-only, county level)
    client = client_for(world.leo)
    client.get("/organisations/coverage/")  # warm the reference lookups' cache
    # When the coverage page is opened (5 figure queries, and 2 for the employers of each township
    # kept outside the township federations; the rest are the session, the user, the menu)
    with django_assert_max_num_queries(14):
        response = client.get("/organisations/coverage/")
    # Then it shows the figures, the embedded chart data and the charts' script, with no inline script
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="coverage-townships-data"' in html
    assert "figures/charts.js" in html
    assert "vendor/echarts/echarts.min.js" in html
    assert 'data-testid="founding-rate"' in html
    assert "<script>" not in html


def test_coverage_page_in_township_b_shows_nothing_of_township_a(
    world: World, figures: dict[str, Employer], client_for: Any
) -> None:
    response = client_for(world.bea).get("/organisations/coverage/")
    assert response.status_code == 200
    assert MARKER not in response.content.decode()
    assert "乙一工厂" in response.content.decode()


# --- Figures equal their lists; the county's township line and the township's page explain each other --


def test_each_count_equals_the_rows_of_its_list_not_eligible_employers_left_out(
    world: World, figures: dict[str, Employer], client_for: Any
) -> None:
    # Given 西河镇: two eligible operating employers, one operating but not eligible, two closed
    coverage = coverage_for_user(world.bob)
    xihe = {row.key: row for row in coverage.breakdown("township").rows}[XIHE]
    assert xihe.eligible == 2
    client = client_for(world.bob)
    # Then its employers figure opens a list of exactly those two (the not-eligible one is not listed)
    assert count_list_rows(client, xihe.eligible_url) == 2
    assert "union_status=eligible" in xihe.eligible_url
    # And the left-out figures open their own rows: the not-eligible figure counts operating ones only
    left_out = coverage.left_out
    assert count_list_rows(client, left_out["not_eligible"].url) == coverage.not_eligible == 1
    assert count_list_rows(client, left_out["closed"].url) == coverage.closed == 2


def test_a_line_no_filter_names_is_not_linked(world: World, figures: dict[str, Employer]) -> None:
    # Given an employer with no township recorded
    employer(world.township_a, f"甲无地址{MARKER}", headcount=5)
    rows = {row.key: row for row in coverage_for_user(world.bob).breakdown("township").rows}
    # Then its line is counted but links nowhere (the unfiltered list would show every employer)
    assert rows[""].eligible == 1
    assert all(not figure.url for figure in rows[""].counts.values())


@pytest.fixture
def sector_school(world: World, figures: dict[str, Employer]) -> Employer:
    """A school in 城关镇 whose union belongs to the county's education union, not to township A."""
    with system_scope("test data"):
        sector = union_create(actor=None, parent=world.county, name="测试县教育工会", kind=Union.Kind.SECTOR)
        school_union = union_create(actor=None, parent=sector, name="城关中学工会", kind=Union.Kind.GRASSROOTS)
    return employer(
        school_union,
        "城关中学",
        division_id=CHENGGUAN,
        headcount=120,
        union_status=UnionStatus.OWN,
        own_union=school_union,
    )


def test_the_county_line_of_a_township_says_which_employers_the_township_does_not_keep(
    world: World, sector_school: Employer, client_for: Any
) -> None:
    # Given 城关镇: two employers kept by township A, and a school kept by the county's education union
    county = {row.key: row for row in coverage_for_user(world.alice).breakdown("township").rows}[CHENGGUAN]
    township = {row.key: row for row in coverage_for_user(world.bob).breakdown("township").rows}[CHENGGUAN]
    # Then the county counts three employers where they are, township A the two it keeps
    assert (county.eligible, county.covered) == (3, 3)
    assert (township.eligible, township.covered) == (2, 2)
    # And the county's line says one of its three is kept outside the township federations
    assert (county.outside, township.outside) == (1, 0)
    html = client_for(world.alice).get("/organisations/coverage/").content.decode()
    assert 'data-testid="kept-outside">含县产业工会或县总工会管理的 1 家<' in html
    assert "单位按所在乡镇（街道）统计" in html
    # And township A's page says why the county's figure for it may be larger
    html = client_for(world.bob).get("/organisations/coverage/").content.decode()
    assert "这里统计本级及所属工会管理的单位" in html
    assert 'data-testid="kept-outside"' not in html
    # And each figure equals its list, for each of them
    assert count_list_rows(client_for(world.alice), county.eligible_url) == 3
    assert count_list_rows(client_for(world.bob), township.eligible_url) == 2
