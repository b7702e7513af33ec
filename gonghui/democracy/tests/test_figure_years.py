"""Contract coverage by year on the figures page: each figure links to the employer list of the same year.

This year's coverage is read today; a past year's on its 31 December, counting a contract since
expired that was filed and within its term that day, and not one signed later.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.utils import timezone

from gonghui.core.figures import Figure
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.democracy import selectors
from gonghui.democracy.figures import DemocracyFigures
from gonghui.democracy.models import CollectiveContract
from gonghui.democracy.tests import factories


def _contract(employer: Any, kind: str, state: str, start: date, end: date, filed: date) -> None:
    with system_scope("test data"):
        CollectiveContract.unscoped.create(  # unscoped: test data
            union=employer.union, employer=employer, kind=kind, title=f"{employer.name}{kind}", state=state,
            requested_on=start.replace(day=1), signed_on=start, filed_on=filed, term_start=start, term_end=end,
            covered_workers=employer.headcount,
        )  # fmt: skip


def _listed(user: Any, figure: Figure) -> set[str]:
    """The employer names on the list the figure links to, read with the link's own filters."""
    params = dict(parse_qsl(urlsplit(figure.url).query))
    with acting_as(user):
        return set(selectors.employers_for_user(user, **params).values_list("name", flat=True))


def test_coverage_of_a_past_year_is_read_on_its_last_day_and_its_list_agrees(world: World, client_for: Any) -> None:
    this = timezone.localdate().year
    last = this - 1
    ended = factories.employer(world, name="已到期公司ALPHA7F3")
    renewed = factories.employer(world, name="今年新签公司ALPHA7F3")
    lasting = factories.employer(world, name="跨年公司ALPHA7F3")
    factories.employer(world, name="无合同公司ALPHA7F3")
    # bound all of last year, expired since
    _contract(ended, "wage", "expired", date(last - 2, 1, 1), date(last, 12, 31), date(last - 2, 1, 8))
    # signed and filed this year only
    _contract(renewed, "comprehensive", "in_force", date(this, 1, 2), date(this + 2, 1, 1), date(this, 1, 5))
    # bound across both years
    _contract(lasting, "comprehensive", "in_force", date(last, 3, 1), date(this + 1, 2, 28), date(last, 3, 5))

    source = DemocracyFigures()
    past = source.board(world.bob, year=last)
    assert past.coverage_day == date(last, 12, 31)
    assert past.total.contract.value == 2
    assert f"year={last}" in past.total.contract.url
    assert _listed(world.bob, past.total.contract) == {ended.name, lasting.name}
    assert past.total.wage.value == 1
    assert _listed(world.bob, past.total.wage) == {ended.name}

    now = source.board(world.bob, year=this)
    assert now.coverage_day == timezone.localdate()
    assert now.total.contract.value == 2
    assert _listed(world.bob, now.total.contract) == {renewed.name, lasting.name}
    assert now.total.wage.value == 0

    page = client_for(world.bob).get(f"/democracy/figures/?year={last}").content.decode()
    assert f'<option value="{last}" selected>' in page
    assert f"{last}-12-31" in page
    listed = client_for(world.bob).get(past.total.contract.url).content.decode()
    assert ended.name in listed
    assert lasting.name in listed
    assert renewed.name not in listed
