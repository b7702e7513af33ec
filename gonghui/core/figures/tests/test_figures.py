"""The figure kit: one rate rule, the years a page offers, figures and charts on pages, the protocol."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from gonghui.core import figures
from gonghui.core.figures import Figure, Rate, list_url, percent, rate
from gonghui.core.figures.charts import Axis, Chart, Series
from gonghui.core.figures.townships import TOWNSHIP_PATH_LENGTH, township_of
from gonghui.core.figures.years import figure_year, this_year, trend_years, year_from_request, years_offered


def test_one_rate_rule_for_counts_and_money() -> None:
    assert rate(1, 3) == Decimal("0.3333")
    assert rate(2, 3) == Decimal("0.6667")  # half up
    assert rate(Decimal("800.00"), Decimal("10000")) == Decimal("0.0800")
    assert rate(5, 0) is None
    assert percent(rate(1, 8)) == 12.5
    assert percent(None) is None
    assert Rate(3, 4).percent == 75.0
    assert Rate(3, 4).meets(Decimal("0.75"))
    assert not Rate(0, 0).meets(Decimal("0"))


def test_years_a_figure_page_offers() -> None:
    year = this_year()
    assert figure_year(str(year - 3)) == year - 3
    for bad in ("", "abc", "1999", str(year + 2), "２０２４", "99999999999999999999"):
        assert figure_year(bad) == year
    assert figure_year(str(year + 1)) == year + 1
    offered = years_offered(year)
    assert offered[0] == year + 1
    assert len(offered) == 10
    assert offered == sorted(offered, reverse=True)
    assert 2001 in years_offered(2001)  # the chosen year is always offered
    assert list(trend_years(2025)) == list(range(2016, 2026))
    assert year_from_request(RequestFactory().get("/", {"year": str(year - 1)})) == year - 1


def test_township_of_a_path() -> None:
    assert township_of("0001" * 4) == "0001" * 2
    assert len(township_of("0001" * 3)) == TOWNSHIP_PATH_LENGTH
    assert township_of("0001") == ""  # the county itself has no township


def test_list_url_leaves_out_empty_filters() -> None:
    assert list_url("organisations:employer_list", township="3301", status="", year=None) == (
        "/organisations/employers/?township=3301"
    )
    assert list_url("organisations:employer_list") == "/organisations/employers/"


def render(text: str, **context: Any) -> str:
    return Template("{% load figures %}" + text).render(Context(context))


def test_a_figure_on_a_page_links_its_rows_and_carries_its_number() -> None:
    linked = Figure(1234, "/organisations/employers/?status=operating&union_status=eligible", "total.eligible")
    html = render("{% figure f %}", f=linked)
    assert html == (
        '<a href="/organisations/employers/?status=operating&amp;union_status=eligible" class="" '
        'data-figure="total.eligible" data-figure-value="1234">1,234</a>'
    )
    html = render("{% figure f %}", f=linked.unlinked())
    assert html.startswith("<span")
    assert "href" not in html
    assert 'data-figure-value="1234"' in html


def test_a_chart_is_data_beside_its_element_and_one_script_draws_it() -> None:
    spec = Chart(
        categories=["甲镇", "乙镇</script>"],
        series=[Series("rate", [50.0, None], urls=["/a/", ""])],
        axes=[Axis(unit="percent", max=100)],
        target=80,
        target_label="目标",
    )
    html = render('{% chart spec "x-chart" 300 %}', spec=spec)
    assert '<div class="gh-chart" id="x-chart" data-chart="x-chart-data" style="height: 300px"></div>' in html
    assert '<script id="x-chart-data" type="application/json">' in html
    assert "</script>" not in html.split('type="application/json">')[1].rsplit("</script>", 1)[0]
    assert spec.as_data()["series"][0]["urls"] == ["/a/", ""]
    scripts = render("{% chart_scripts %}")
    assert "vendor/echarts/echarts.min.js" in scripts
    assert "figures/charts.js" in scripts


def test_the_protocol_refuses_what_is_not_a_source() -> None:
    with pytest.raises(TypeError):
        figures.register(object())  # type: ignore[arg-type]
