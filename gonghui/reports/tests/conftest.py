"""The work report's test fixtures: the report files in a folder of the test's own, and a measure whose
rows the test makes (unions founded at employers, by year), registered for the test only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from gonghui.core.figures import measures
from gonghui.core.figures.measures import Measure
from gonghui.core.figures.periods import Period
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations import lists as organisation_lists
from gonghui.organisations.models import Employer

LABEL = "测试新建工会"
KEY = "organisations.report_test_founded"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def _founded(period: Period) -> Q:
    return Q(founded_on__range=(period.start, period.end))


@pytest.fixture
def founded() -> Iterator[Measure]:
    measure = Measure(
        key=KEY,
        label=LABEL,
        list=organisation_lists.EMPLOYERS,
        url_name="organisations:employer_list",
        permission="organisations.view_employer",
        within=_founded,
        order=1,
    )
    measures.register([measure])
    yield measure
    measures._measures.pop(KEY, None)


YEAR = timezone.localdate().year - 1  # a whole year: the report's default
BASE = YEAR - 5
# Unions founded per year: township A 4 → 10 (2.5 times, 20.1 % a year), township B 1 → 3.
FOUNDED = {
    "a": {BASE: 4, YEAR - 3: 5, YEAR - 1: 8, YEAR: 10},
    "b": {BASE: 1, YEAR - 1: 1, YEAR: 3},
}


@pytest.fixture
def employers(world: World, founded: Measure) -> dict[str, list[Employer]]:
    """Employers whose unions were founded in the years of ``FOUNDED``, in township A and B."""
    made: dict[str, list[Employer]] = {"a": [], "b": []}
    with system_scope("test data: employers whose unions were founded year by year"):
        for township, union in (("a", world.union_c), ("b", world.union_d)):
            for year, count in FOUNDED[township].items():
                for n in range(count):
                    marker = MARKER if township == "a" else ""
                    made[township].append(
                        Employer.unscoped.create(  # unscoped: the test makes its own rows
                            union=union,
                            name=f"{township}{year}-{n}公司{marker}",
                            headcount=20,
                            union_status=Employer.UnionStatus.OWN,
                            founded_on=date(year, 6 if n % 2 else 1, 1 if n % 2 else 31),
                        )
                    )
        # one the day after the report year: counted in no period of it
        Employer.unscoped.create(  # unscoped: the test makes its own rows
            union=world.union_c, name=f"次年公司{MARKER}", headcount=5, founded_on=date(YEAR + 1, 1, 1)
        )
    return made
