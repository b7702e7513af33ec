"""Leak-walker samplers: a congress term of union C's employer (township A, marked) and everything hanging off it.

The rows are written directly (unscoped, in a system scope): a sample needs to exist, not to pass
the services' rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.democracy.models import (
    AgendaItem,
    CollectiveContract,
    Congress,
    Delegate,
    Disclosure,
    DisclosureEvidence,
    Motion,
    Question,
    Representative,
    Session,
)
from gonghui.democracy.workflows import ContractState
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer


def _employer(world: World) -> Employer:
    employer_id = leakwalker.SAMPLERS["employer_id"](world)
    with system_scope("leak-walker sample data"):
        return Employer.unscoped.get(pk=employer_id)  # unscoped: township A's sample rows for the leak walker


def _congress(world: World) -> Congress:
    employer = _employer(world)
    with system_scope("leak-walker sample data"):
        congress, _ = Congress.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=employer.union,
            employer=employer,
            term_number=1,
            defaults={
                "name": f"丙公司职代会{MARKER}",
                "term_start": date(2024, 1, 1),
                "term_end": date(2027, 12, 31),
                "workforce": 240,
                "form": Congress.Form.DELEGATES,
                "delegates_required": 30,
            },
        )
    return congress


def _delegate(world: World) -> Delegate:
    congress = _congress(world)
    worker_id = leakwalker.SAMPLERS["worker_id"](world)
    with system_scope("leak-walker sample data"):
        worker = Worker.unscoped.get(pk=worker_id)  # unscoped: township A's sample rows for the leak walker
        delegate, _ = Delegate.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=congress.union, congress=congress, worker=worker, defaults={"electoral_unit": f"一车间{MARKER}"}
        )
    return delegate


def _session(world: World) -> Session:
    congress = _congress(world)
    with system_scope("leak-walker sample data"):
        session, _ = Session.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=congress.union, congress=congress, number=1, defaults={"held_on": date(2025, 3, 15)}
        )
    return session


def _contract(world: World) -> CollectiveContract:
    employer = _employer(world)
    with system_scope("leak-walker sample data"):
        contract, _ = (
            CollectiveContract.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
                union=employer.union,
                employer=employer,
                title=f"丙公司工资专项集体合同{MARKER}",
                defaults={
                    "kind": CollectiveContract.Kind.WAGE,
                    "requested_on": date(2025, 3, 1),
                    "state": ContractState.NEGOTIATING,
                    "minimum_wage": Decimal("2500"),
                },
            )
        )
    return contract


@leakwalker.sampler("congress_id")
def _congress_id(world: World) -> int:
    return _congress(world).pk


@leakwalker.sampler("delegate_id")
def _delegate_id(world: World) -> int:
    return _delegate(world).pk


@leakwalker.sampler("session_id")
def _session_id(world: World) -> int:
    return _session(world).pk


@leakwalker.sampler("item_id")
def _item_id(world: World) -> int:
    session = _session(world)
    with system_scope("leak-walker sample data"):
        item, _ = AgendaItem.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=session.union, session=session, number=1, defaults={"title": f"工资专项集体合同草案{MARKER}"}
        )
    return item.pk


@leakwalker.sampler("motion_id")
def _motion_id(world: World) -> int:
    delegate = _delegate(world)
    with system_scope("leak-walker sample data"):
        motion, _ = Motion.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=delegate.union,
            congress=delegate.congress,
            number=1,
            defaults={
                "title": f"改善食堂伙食{MARKER}",
                "proposal": f"增加夜班供餐{MARKER}",
                "tabled_by": delegate,
                "tabled_on": date(2025, 3, 15),
            },
        )
    return motion.pk


@leakwalker.sampler("contract_id")
def _contract_id(world: World) -> int:
    return _contract(world).pk


@leakwalker.sampler("representative_id")
def _representative_id(world: World) -> int:
    contract = _contract(world)
    with system_scope("leak-walker sample data"):
        rep, _ = Representative.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=contract.union,
            contract=contract,
            side=Representative.Side.WORKERS,
            defaults={"name": f"代表{MARKER}"},
        )
    return rep.pk


@leakwalker.sampler("question_id")
def _question_id(world: World) -> int:
    employer = _employer(world)
    with system_scope("leak-walker sample data"):
        question, _ = Question.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=employer.union,
            employer=employer,
            defaults={"asked_on": date(2025, 4, 1), "subject": f"加班费标准{MARKER}"},
        )
    return question.pk


@leakwalker.sampler("disclosure_evidence_id")
def _disclosure_evidence_id(world: World) -> int:
    employer = _employer(world)
    with system_scope("leak-walker sample data"):
        disclosure, _ = Disclosure.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=employer.union,
            employer=employer,
            year=2025,
            item="contract",
            defaults={"disclosed_on": date(2025, 4, 1), "channel": Disclosure.Channel.NOTICE_BOARD},
        )
        # unscoped: the leak walker's sample rows of township A
        evidence = DisclosureEvidence.unscoped.filter(disclosure=disclosure).first()
        if evidence is None:
            evidence = DisclosureEvidence(union=disclosure.union, disclosure=disclosure, name=f"公示{MARKER}.pdf")
            evidence.file.save("sample.pdf", ContentFile(f"%PDF-1.4 {MARKER}".encode()), save=False)
            evidence.save()
    return evidence.pk
