"""Collective contracts through the services and the workflow: request, terms, vote, signing, filing, force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as
from gonghui.core.workflow.selectors import open_deadline_for_user
from gonghui.core.workflow.services import transition_perform
from gonghui.democracy import selectors, services
from gonghui.democracy.figures import DemocracyFigures
from gonghui.democracy.models import CollectiveContract, Representative
from gonghui.democracy.tests import factories


def _bargain(world: World, *, kind: str = CollectiveContract.Kind.WAGE) -> CollectiveContract:
    """A contract whose draft the employer's congress passed, ready to sign."""
    congress = factories.congress_with_delegates(world, delegates=30)
    with acting_as(world.bob):
        contract = services.contract_create(
            actor=world.bob, employer=congress.employer, kind=kind, requested_on=date(2025, 9, 1)
        )
        transition_perform(actor=world.bob, obj=contract, name="reply", data={"replied_on": date(2025, 9, 10)})
        for side in Representative.Side.values:
            for i in range(3):
                services.representative_add(
                    actor=world.bob, contract=contract, side=side, name=f"{side}{i}", is_chief=i == 0
                )
        services.contract_update_terms(
            actor=world.bob, contract=contract, minimum_wage=Decimal("2600"), wage_rise_percent=Decimal("6.5")
        )
        session = factories.sitting(congress, present=24, held_on=date(2025, 9, 20))
        item = services.item_add(actor=world.bob, session=session, title="工资专项集体协议草案", contract=contract)
        services.ballot_record(actor=world.bob, item=item, yes=16, no=8, abstain=0)
    return contract


def test_the_reply_to_a_request_is_a_20_day_deadline(world: World) -> None:
    firm = factories.employer(world)
    with acting_as(world.bob):
        contract = services.contract_create(
            actor=world.bob, employer=firm, kind="comprehensive", requested_on=date(2025, 9, 13)
        )
        deadline = open_deadline_for_user(world.bob, contract)
    assert contract.state == "requested"
    # 13 September + 20 days = 3 October, National Day: the next working day, 9 October
    assert deadline is not None
    assert deadline.due_on == date(2025, 10, 9)


def test_a_contract_minimum_wage_below_the_local_minimum_is_refused_with_the_numbers(world: World) -> None:
    firm = factories.employer(world)
    with acting_as(world.bob):
        contract = services.contract_create(actor=world.bob, employer=firm, kind="wage", requested_on=date(2025, 9, 1))
        with pytest.raises(ValidationError) as refused:
            services.contract_update_terms(actor=world.bob, contract=contract, minimum_wage=Decimal("2000"))
    message = refused.value.message_dict["minimum_wage"][0]
    local = selectors.local_minimum_wage(date.today()).monthly
    assert "2,000.00" in message
    assert f"{local:,.2f}" in message


def test_the_county_table_of_minimum_wages_wins_over_the_default(world: World) -> None:
    assert selectors.local_minimum_wage(date(2025, 6, 1)).default
    services.minimum_wage_set(
        actor=world.alice,
        effective_from=date(2025, 3, 1),
        monthly=Decimal("2490"),
        hourly=Decimal("24"),
        notice="县人社局通知",
    )
    line = selectors.local_minimum_wage(date(2025, 6, 1))
    assert line.monthly == Decimal("2490")
    assert not line.default
    assert selectors.local_minimum_wage(date(2025, 2, 1)).default  # before it: the default still applies


def test_only_the_county_keeps_the_minimum_wage(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.minimum_wage_set(
            actor=world.bob, effective_from=date(2025, 3, 1), monthly=Decimal("1"), hourly=Decimal("1"), notice="x"
        )


def test_no_signing_without_the_congress_vote(world: World) -> None:
    firm = factories.employer(world)
    with acting_as(world.bob):
        contract = services.contract_create(actor=world.bob, employer=firm, kind="wage", requested_on=date(2025, 9, 1))
        transition_perform(actor=world.bob, obj=contract, name="reply", data={"replied_on": date(2025, 9, 10)})
        with pytest.raises(ValidationError) as refused:
            transition_perform(
                actor=world.bob,
                obj=contract,
                name="sign",
                data={"signed_on": date(2025, 9, 26), "term_start": date(2025, 10, 1), "term_end": date(2026, 9, 30)},
            )
    text = " ".join(refused.value.messages)
    assert "congress" in text or "职代会" in text
    contract.refresh_from_db()
    assert contract.state == "negotiating"


def test_a_term_over_3_years_is_refused(world: World) -> None:
    contract = _bargain(world)
    with acting_as(world.bob), pytest.raises(ValidationError) as refused:
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="sign",
            data={"signed_on": date(2025, 9, 26), "term_start": date(2025, 10, 1), "term_end": date(2028, 10, 1)},
        )
    assert "term_end" in refused.value.message_dict


def test_a_wage_agreement_signed_before_national_day_is_filed_by_9_october(world: World) -> None:
    contract = _bargain(world)
    with acting_as(world.bob):
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="sign",
            data={"signed_on": date(2025, 9, 26), "term_start": date(2025, 10, 1), "term_end": date(2026, 9, 30)},
        )
        contract.refresh_from_db()
        # 26 September + 7 days = 3 October (National Day) → 9 October
        assert contract.filing_due == date(2025, 10, 9)
        deadline = open_deadline_for_user(world.bob, contract)
        assert deadline is not None
        assert deadline.due_on == date(2025, 10, 9)
        assert deadline.rule_days == 7
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="file",
            data={"filed_on": date(2025, 10, 9), "received_on": date(2025, 10, 9)},
        )
        contract.refresh_from_db()
        assert not contract.filed_late
        # received 9 October + 15 days = 24 October (a Friday)
        assert contract.objection_window_end == date(2025, 10, 24)
        assert open_deadline_for_user(world.bob, contract).due_on == date(2025, 10, 24)
        transition_perform(actor=world.bob, obj=contract, name="in_force")
        contract.refresh_from_db()
        assert contract.state == "in_force"


def test_filed_after_the_deadline_is_late_and_counted(world: World) -> None:
    contract = _bargain(world, kind=CollectiveContract.Kind.COMPREHENSIVE)
    with acting_as(world.bob):
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="sign",
            data={"signed_on": date(2025, 10, 1), "term_start": date(2025, 10, 1), "term_end": date(2027, 9, 30)},
        )
        contract.refresh_from_db()
        # 1 October + 10 days = Saturday 11 October, a 调休 working day: due that day
        assert contract.filing_due == date(2025, 10, 11)
        transition_perform(actor=world.bob, obj=contract, name="file", data={"filed_on": date(2025, 10, 13)})
        contract.refresh_from_db()
        assert contract.filed_late
        assert contract in selectors.contracts_for_user(world.bob, unfiled="1")


def test_the_window_must_end_before_the_contract_is_in_force(world: World) -> None:
    contract = _bargain(world)
    with acting_as(world.bob):
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="sign",
            data={"signed_on": date(2025, 9, 26), "term_start": date(2025, 10, 1), "term_end": date(2026, 9, 30)},
        )
        transition_perform(actor=world.bob, obj=contract, name="file", data={"filed_on": date(2025, 10, 9)})
        with (
            mock.patch("gonghui.democracy.workflows.timezone.localdate", return_value=date(2025, 10, 24)),
            pytest.raises(ValidationError),
        ):
            transition_perform(actor=world.bob, obj=contract, name="in_force")
        with mock.patch("gonghui.democracy.workflows.timezone.localdate", return_value=date(2025, 10, 25)):
            transition_perform(actor=world.bob, obj=contract, name="in_force")


def test_filing_moves_the_coverage_figure(world: World) -> None:
    contract = _bargain(world)
    employer = contract.employer
    today = date.today()
    with acting_as(world.bob):
        before = DemocracyFigures().board(world.alice, year=today.year)
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="sign",
            data={"signed_on": today, "term_start": today, "term_end": date(today.year + 1, 12, 31)},
        )
        transition_perform(actor=world.bob, obj=contract, name="file", data={"filed_on": today})
    after = DemocracyFigures().board(world.alice, year=today.year)
    assert after.total.contract.value == before.total.contract.value + 1
    assert after.total.wage.value == before.total.wage.value + 1
    assert employer in selectors.employers_for_user(world.alice, contract="yes")


def test_renewal_is_prompted_from_exactly_3_months_before_the_term_ends(world: World) -> None:
    contract = _bargain(world)
    with acting_as(world.bob):
        transition_perform(
            actor=world.bob,
            obj=contract,
            name="sign",
            data={"signed_on": date(2025, 9, 26), "term_start": date(2025, 10, 1), "term_end": date(2026, 9, 30)},
        )
        transition_perform(actor=world.bob, obj=contract, name="file", data={"filed_on": date(2025, 9, 30)})
    # the term's last day is 30 September 2026: the prompt starts on 30 June 2026, not a day earlier
    for today, prompted in (
        (date(2026, 6, 29), False),
        (date(2026, 6, 30), True),
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
    ):
        with mock.patch("gonghui.democracy.selectors.timezone.localdate", return_value=today):
            assert (contract in selectors.contracts_for_user(world.bob, expiring="1")) is prompted, today
