"""The honour allowance by level: the union's own table, else the nearest union's above; farmers' yearly rates."""

from __future__ import annotations

from decimal import Decimal

from gonghui.core.testing.world import World
from gonghui.honours import rules, services
from gonghui.honours.models import ModelWorker


def _model_worker(world: World, level: str, *, farmer: bool = False) -> ModelWorker:
    return services.model_worker_create(
        actor=world.alice,
        union=world.union_c,
        name=f"劳模{level}{farmer}",
        level=level,
        honour="劳动模范",
        honoured_year=2015,
        status=ModelWorker.Status.IN_POST,
        farmer=farmer,
    )


def test_the_example_table_pays_each_level_its_amount(world: World) -> None:
    assert services.allowance_examples_load(actor=world.alice, union=world.county) == 6
    expected = {
        ("national", False): Decimal("200.00"),
        ("provincial", False): Decimal("150.00"),
        ("city", False): Decimal("80.00"),
        ("county", False): Decimal("0.00"),  # no example for the county level: no rate
        ("national", True): Decimal("125.00"),  # 1,500 a year
        ("provincial", True): Decimal("83.33"),  # 1,000 a year
        ("city", True): Decimal("66.67"),  # 800 a year
    }
    for (level, farmer), amount in expected.items():
        assert rules.monthly_allowance(_model_worker(world, level, farmer=farmer)) == amount, (level, farmer)
    rate = rules.allowance_rate(_model_worker(world, "national"))
    assert rate is not None
    assert "地方示例" in rate.source
    assert rate.yearly == Decimal("2400.00")


def test_the_nearest_union_s_rate_wins_and_a_change_applies_at_once(world: World) -> None:
    services.allowance_examples_load(actor=world.alice, union=world.county)
    worker = _model_worker(world, "city")
    services.allowance_rate_set(
        actor=world.bob, union=world.township_a, level="city", farmer=False, amount=Decimal("100"), per="month"
    )
    assert rules.monthly_allowance(worker) == Decimal("100.00")
    services.allowance_rate_set(
        actor=world.alice, union=world.county, level="city", farmer=False, amount=Decimal("90"), per="month"
    )
    assert rules.monthly_allowance(worker) == Decimal("100.00")  # township A's own rate still applies
    other = services.model_worker_create(
        actor=world.bea,
        union=world.union_d,
        name="丁劳模",
        level="city",
        honour="市劳动模范",
        honoured_year=2012,
        status=ModelWorker.Status.RETIRED,
        farmer=False,
    )
    assert rules.monthly_allowance(other) == Decimal("90.00")
