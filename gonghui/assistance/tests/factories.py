"""Test data for the assistance module, made through the services (the rules apply)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.cn import ric

from gonghui.assistance import services
from gonghui.assistance.models import Disbursement, HardshipFile, Program
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.members import services as member_services
from gonghui.members.models import Worker

LINE = Decimal("900")
_serial = itertools.count(1)


def id_number(birth: date = date(1980, 1, 1)) -> str:
    """A fresh valid ID number (GB 11643 check digit) born on ``birth``."""
    body = f"110105{birth:%Y%m%d}{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18


def standard(year: int | None = None, amount: Decimal = LINE) -> None:
    services.poverty_line_set(actor=None, year=year or timezone.localdate().year, monthly_amount=amount)


def worker(union: Union, name: str = "张困难", **fields: Any) -> Worker:
    with system_scope("test data"):
        return member_services.worker_create(actor=None, union=union, name=name, id_number=id_number(), **fields)


def transferred_worker(world: World, name: str = "张调出") -> Worker:
    """A member of Carol's union transferred to Dan's: Carol still sees them (her side of the history)."""
    applicant = worker(world.union_c, name)
    today = timezone.localdate()
    joined = member_services.membership_join(
        actor=world.carol, worker=applicant, union=world.union_c, on=today - timedelta(days=100)
    )
    member_services.membership_transfer(
        actor=world.carol, membership=joined, to_union=world.union_d, on=today - timedelta(days=5)
    )
    applicant.refresh_from_db()
    return applicant


def deep_fields(**overrides: Any) -> dict[str, Any]:
    """A household of one earning ¥600 a month with no costs: ¥600 per head, deep hardship at ¥900."""
    fields: dict[str, Any] = {
        "main_cause": HardshipFile.Cause.ILLNESS,
        "applicant_monthly_income": Decimal("600"),
        "bank_name": "农业银行",
        "bank_account": "6228480012345678901",
    }
    fields.update(overrides)
    return fields


def open_file(
    world: World, *, union: Union | None = None, actor: Any = None, name: str = "张困难", **fields: Any
) -> HardshipFile:
    union = union or world.union_c
    actor = actor if actor is not None else (world.carol if union == world.union_c else world.dan)
    return services.file_open(actor=actor, worker=worker(union, name), **deep_fields(**fields))


def attachment(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed forms", content_type="application/pdf")


def file_verified(world: World, file: HardshipFile, *, local: Any = None) -> HardshipFile:
    """Checked and visited by the local officer, verified by the centre: ready for its notice."""
    local = local or (world.dan if file.union_id == world.union_d.pk else world.carol)
    transition_perform(actor=local, obj=file, name="check")
    transition_perform(
        actor=local,
        obj=file,
        name="visit",
        attachment=attachment(),
        data={"visited_on": timezone.localdate(), "visitors": "卡罗尔、鲍勃"},
    )
    transition_perform(actor=world.ann, obj=file, name="verify")
    return file


def file_to_notice(world: World, file: HardshipFile, *, local: Any = None) -> HardshipFile:
    file_verified(world, file, local=local)
    transition_perform(
        actor=world.ann, obj=file, name="publish", data={"starts_on": timezone.localdate(), "working_days": 5}
    )
    file.refresh_from_db()
    return file


def file_filed(world: World, file: HardshipFile, *, local: Any = None) -> HardshipFile:
    """Take ``file`` through the whole workflow; approval happens after the notice (time travel)."""
    file = file_to_notice(world, file, local=local)
    with time_machine.travel(file.notice_ends + timedelta(days=1), tick=False):
        transition_perform(actor=world.ann, obj=file, name="approve")
    file.refresh_from_db()
    return file


def filed_file(world: World, **kwargs: Any) -> HardshipFile:
    return file_filed(world, open_file(world, **kwargs))


def program(world: World, kind: str = Program.Kind.WARMTH, *, year: int | None = None, **fields: Any) -> Program:
    fields.setdefault("budget", Decimal("100000"))
    fields.setdefault("default_amount", Decimal("1000"))
    year = year or timezone.localdate().year
    fields.setdefault("name", f"{year} {kind}")
    return services.program_create(actor=world.ann, union=world.county, year=year, kind=kind, **fields)


def batch(
    world: World, prog: Program, files: list[HardshipFile], *, maker: Any = None, union: Union | None = None
) -> Disbursement:
    maker = maker or world.carol
    made = services.disbursement_create(actor=maker, program=prog, union=union or maker.union)
    for file in files:
        services.grant_add(actor=maker, batch=made, file=file)
    return made


def approve(world: World, made: Disbursement, *, maker: Any = None, checker: Any = None) -> Disbursement:
    maker = maker or made.made_by
    transition_perform(actor=maker, obj=made, name="submit")
    transition_perform(actor=checker or world.bob, obj=made, name="check")
    transition_perform(actor=world.ann, obj=made, name="approve")
    made.refresh_from_db()
    return made
