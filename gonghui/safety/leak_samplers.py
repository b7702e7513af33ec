"""Leak-walker samplers: township A's hazard (major, with a photo and its report to the township), inspector."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer
from gonghui.safety import services
from gonghui.safety.models import Hazard, HazardPhoto, Inspector, MajorHazardReport

# A valid ID number for the sample inspector (GB 11643 check digit included).
INSPECTOR_ID_NUMBER = "110102198502020029"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _employer(world: World) -> Employer:
    # unscoped: township A's sample employer, the same row the organisations sampler names
    employer = Employer.unscoped.filter(own_union=world.union_c).first()
    if employer is None:
        employer = Employer.unscoped.create(  # unscoped: township A's sample rows for the leak walker
            union=world.union_c,
            own_union=world.union_c,
            name=f"丙公司{MARKER}",
            headcount=240,
            union_status=Employer.UnionStatus.OWN,
        )
    return employer


def _inspector(world: World) -> Inspector:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        inspector = Inspector.unscoped.filter(union=world.union_c, certificate=f"监{MARKER}").first()
        if inspector is None:
            # unscoped: township A's sample rows for the leak walker
            worker = Worker.unscoped.filter(id_number__matches=INSPECTOR_ID_NUMBER).first()
            if worker is None:
                from gonghui.members.services import worker_create

                worker = worker_create(
                    actor=None, union=world.union_c, name=f"检查员{MARKER}", id_number=INSPECTOR_ID_NUMBER
                )
            inspector = services.inspector_appoint(
                actor=None, union=world.union_c, worker=worker, appointed_on=date(2024, 3, 1), certificate=f"监{MARKER}"
            )
    return inspector


def _hazard(world: World) -> Hazard:
    inspector = _inspector(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        hazard = Hazard.unscoped.filter(union=world.union_c, description__startswith=f"样例隐患{MARKER}").first()
        if hazard is None:
            hazard = services.hazard_record(
                actor=None,
                employer=_employer(world),
                found_on=date(2025, 5, 6),
                category=Hazard.Category.FIRE,
                level=Hazard.Level.MAJOR,
                description=f"样例隐患{MARKER}：消防通道堵塞",
                responsible_person=f"责任人{MARKER}",
                location=f"一号车间{MARKER}",
                inspector=inspector,
            )
            photo = HazardPhoto(union=hazard.union, hazard=hazard, name=f"现场{MARKER}.png")
            photo.image.save("sample.png", ContentFile(PNG), save=False)
            photo.save()
    return hazard


@leakwalker.sampler("hazard_id")
def _hazard_id(world: World) -> int:
    return _hazard(world).pk


@leakwalker.sampler("hazard_photo_id")
def _photo_id(world: World) -> int:
    hazard = _hazard(world)
    with system_scope("leak-walker sample data"):
        # unscoped: the sample hazard's photo for the leak walker
        return HazardPhoto.unscoped.filter(hazard=hazard).values_list("pk", flat=True).get()


@leakwalker.sampler("major_report_id")
def _report_id(world: World) -> int:
    hazard = _hazard(world)
    with system_scope("leak-walker sample data"):
        # unscoped: the sample major hazard's report to township A
        return MajorHazardReport.unscoped.get(hazard=hazard, union=world.township_a).pk


@leakwalker.sampler("inspector_id")
def _inspector_id(world: World) -> int:
    return _inspector(world).pk
