"""Eligibility warnings: what the platform's own records hold against a nominee, with the page showing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.democracy.models import CollectiveContract
from gonghui.honours import selectors
from gonghui.honours.tests.helpers import campaign, employer_c, employer_of, nominate
from gonghui.rights.models import Alert, Dispute, MediationCommittee
from gonghui.safety.models import Hazard


def _labels(world: World, user: Any, nomination: Any) -> list[str]:
    return [w.label for w in selectors.nomination_warnings(user, nomination)]


def test_a_clean_nominee_has_no_warning(world: World) -> None:
    nomination = nominate(world, campaign(world, frontline=None, leaders=None), "张清白")
    assert selectors.nomination_warnings(world.alice, nomination) == []


def test_an_open_major_hazard_at_the_employer_is_flagged_with_its_link(world: World) -> None:
    employer = employer_c(world)
    with system_scope("test data"):
        hazard = Hazard.unscoped.create(  # unscoped: test data
            union=world.union_c,
            employer=employer,
            found_on=date(2026, 3, 1),
            category="fire",
            level="major",
            description="消防通道堵塞",
            responsible_person="王厂长",
        )
        Hazard.unscoped.create(  # unscoped: test data — a general hazard is no concern
            union=world.union_c,
            employer=employer,
            found_on=date(2026, 3, 1),
            category="fire",
            level="general",
            description="灭火器过期",
            responsible_person="王厂长",
        )
    nomination = nominate(world, campaign(world, frontline=None, leaders=None), "张安全")
    warnings = selectors.nomination_warnings(world.alice, nomination)
    assert [(w.module, w.url) for w in warnings] == [("safety", hazard.get_absolute_url())]
    # closed, it no longer is
    with system_scope("test data"):
        Hazard.unscoped.filter(pk=hazard.pk).update(state="closed")  # unscoped: test data
    assert selectors.nomination_warnings(world.alice, nomination) == []


def test_a_collective_dispute_an_early_warning_and_an_unfiled_contract_are_flagged(world: World) -> None:
    employer = employer_c(world)
    with system_scope("test data"):
        committee = MediationCommittee.unscoped.create(
            union=world.union_c, employer=employer, name="调解委员会"
        )  # unscoped: test data
        dispute = Dispute.unscoped.create(  # unscoped: test data
            union=world.union_c,
            committee=committee,
            employer=employer,
            kind="collective",
            workers=30,
            applied_on=date(2026, 2, 1),
            summary="集体讨薪",
            acceptance_due=date(2026, 2, 5),
            mediation_due=date(2026, 2, 20),
        )
        alert = Alert.unscoped.create(  # unscoped: test data
            union=world.union_c,
            employer=employer,
            signal="wage_arrears",
            level="yellow",
            observed_on=date(2026, 4, 1),
        )
        contract = CollectiveContract.unscoped.create(  # unscoped: test data
            union=world.union_c,
            employer=employer,
            kind="comprehensive",
            title="2026年集体合同",
            requested_on=date(2026, 1, 5),
            signed_on=date(2026, 3, 1),
            state="signed",
        )
    nomination = nominate(world, campaign(world, frontline=None, leaders=None), "张争议")
    warnings = selectors.nomination_warnings(world.alice, nomination)
    assert {(w.module, w.url) for w in warnings} == {
        ("rights", dispute.get_absolute_url()),
        ("rights", alert.get_absolute_url()),
        ("democracy", contract.get_absolute_url()),
    }
    # an outsider (township B) sees none of them: what a user may not see is not there
    assert selectors.nomination_warnings(world.bea, nomination) == []


def test_a_nominee_not_a_union_member_is_flagged(world: World) -> None:
    nomination = nominate(
        world,
        campaign(world, frontline=None, leaders=None),
        "张非会员",
        member=False,
        employer=employer_of(world.union_c, "丙商贸公司"),
    )
    warnings = selectors.nomination_warnings(world.alice, nomination)
    assert [(w.module, w.url) for w in warnings] == [("members", nomination.worker.get_absolute_url())]
    assert "not a union member" in warnings[0].label or "不是工会会员" in warnings[0].label
