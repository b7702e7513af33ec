"""What the requests tests share: employers of township A, a public submission, the clock, the worker."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform
from gonghui.members.models import Worker
from gonghui.members.services import worker_create
from gonghui.organisations.models import Employer
from gonghui.requests import services
from gonghui.requests.models import Request

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13912345678"
WORKER_ID_NUMBER = "110102198803030028"


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


def employer_with_union(world: World) -> Employer:
    """An employer of township A with its own union (union C)."""
    with system_scope("test data"):
        # unscoped: the test finds its own employer again
        found = Employer.unscoped.filter(own_union=world.union_c).first()
        # unscoped: test data (the employer service asks for reference data the test world lacks)
        return found or Employer.unscoped.create(
            union=world.union_c,
            own_union=world.union_c,
            name=f"丙机械厂{MARKER}",
            headcount=240,
            union_status=Employer.UnionStatus.OWN,
        )


def employer_without_union(world: World) -> Employer:
    """An employer of township A without a union: the township federation keeps it."""
    with system_scope("test data"):
        # unscoped: the test finds its own employer again
        found = Employer.unscoped.filter(name=f"甲镇小作坊{MARKER}").first()
        # unscoped: test data
        return found or Employer.unscoped.create(union=world.township_a, name=f"甲镇小作坊{MARKER}", headcount=12)


def anon(**kwargs: Any) -> Client:
    """A signed-out visitor reading English (the messages the tests look for)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)


DIVISIONS = {"a": ("330100100001", "甲镇"), "b": ("330100100002", "乙镇")}


def township_code(world: World, which: str) -> str:
    """The division code of township A or B, with an employer of the register there (how the form routes)."""
    from gonghui.core.reference.models import Division

    code, name = DIVISIONS[which]
    union = world.union_c if which == "a" else world.union_d
    Division.objects.get_or_create(code=code, defaults={"name": name, "level": Division.Level.TOWNSHIP})
    with system_scope("test data"):
        # unscoped: test data, an employer of the township's division
        if not Employer.unscoped.filter(division_id=code).exists():
            # unscoped: test data
            Employer.unscoped.create(union=union, name=f"{name}某厂", headcount=30, division_id=code)
    return code


def form_data(**overrides: Any) -> dict[str, Any]:
    """A valid public submission (the challenge answered as the test settings accept it)."""
    data = {
        "category": Request.Category.WAGES,
        "employer": "",
        "employer_name": "某某服装厂",
        "township": "",
        "contact_name": "张三",
        "contact_phone": PHONE,
        "description": "三个月工资没有发，老板说等等再说。",
        "challenge_0": "test",
        "challenge_1": "PASSED",
    }
    data.update(overrides)
    return data


def submit(client: Client, **overrides: Any) -> Any:
    return client.post("/requests/submit/", form_data(**overrides))


def all_requests() -> list[Request]:
    with system_scope("the test reads what was written"):
        return list(Request.unscoped.order_by("id"))  # unscoped: the test checks the table


def record(world: World, *, on: date, category: str = Request.Category.WAGES, **extra: Any) -> Request:
    """A hotline call recorded by Carol (union C) on ``on``."""
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        return services.request_record(
            actor=extra.pop("actor", world.carol),
            channel=Request.Channel.HOTLINE,
            category=category,
            contact_name=extra.pop("contact_name", "李四"),
            contact_phone=extra.pop("contact_phone", PHONE),
            description=extra.pop("description", f"加班费没有发{MARKER}"),
            received_on=on,
            union=extra.pop("union", world.union_c),
            employer_name=extra.pop("employer_name", f"丙机械厂{MARKER}"),
            **extra,
        )


def step(world: World, obj: Request, name: str, *, on: date, actor: Any = None, note: str = "", **data: Any) -> Request:
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        transition_perform(actor=actor or world.carol, obj=obj, name=name, note=note, data=data)
    with system_scope("the test reads the request again"):
        obj.refresh_from_db()
    return obj


def wendys_record(world: World) -> Worker:
    """Wendy's registry record (union C, employed by union C's employer), linked to her account."""
    employer = employer_with_union(world)
    with system_scope("test data"):
        # unscoped: the test finds its own worker again
        worker = Worker.unscoped.filter(account=world.wendy).first()
        if worker is None:
            worker = worker_create(
                actor=None,
                union=world.union_c,
                name=f"温迪{MARKER}",
                id_number=WORKER_ID_NUMBER,
                employer=employer,
            )
            # unscoped: the account link the members module's account services make
            Worker.unscoped.filter(pk=worker.pk).update(account=world.wendy)
            worker.refresh_from_db()
    return worker
