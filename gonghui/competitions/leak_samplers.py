"""Leak-walker samplers: township A's competition (with a stage, a scored participant and a prize batch),
an innovation and an innovation studio at an employer of union C (each marked)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gonghui.competitions import services
from gonghui.competitions.models import Competition, Innovation, InnovationStudio, PrizeBatch, Stage
from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker
from gonghui.organisations.models import Employer

# A valid ID number for the sample contestant (GB 11643 check digit included).
CONTESTANT_ID_NUMBER = "110102199003070018"


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


def _worker(world: World) -> Worker:
    # unscoped: township A's sample contestant for the leak walker
    worker = Worker.unscoped.filter(id_number__matches=CONTESTANT_ID_NUMBER).first()
    if worker is None:
        from gonghui.members.services import worker_create

        worker = worker_create(
            actor=None,
            union=world.union_c,
            name=f"选手{MARKER}",
            id_number=CONTESTANT_ID_NUMBER,
            employer=_employer(world),
        )
    return worker


def _competition(world: World) -> Competition:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        competition = Competition.unscoped.filter(union=world.township_a, name__startswith=f"样例竞赛{MARKER}").first()
        if competition is None:
            competition = services.competition_create(
                actor=None,
                union=world.township_a,
                name=f"样例竞赛{MARKER}：焊工技能比武",
                kind=Competition.Kind.SKILLS,
                trade=f"焊工{MARKER}",
                starts_on=date(2025, 4, 1),
                ends_on=date(2025, 5, 31),
            )
            participant = services.participant_add(actor=None, competition=competition, worker=_worker(world))
            stage = services.stage_add(actor=None, competition=competition, name=f"初赛{MARKER}")
            services.scores_record(actor=None, stage=stage, points={participant.pk: Decimal("91.5")})
            services.prize_add(
                actor=None, competition=competition, participant=participant, title="一等奖", amount=Decimal("2000")
            )
    return competition


@leakwalker.sampler("competition_id")
def _competition_id(world: World) -> int:
    return _competition(world).pk


@leakwalker.sampler("stage_id")
def _stage_id(world: World) -> int:
    competition = _competition(world)
    with system_scope("leak-walker sample data"):
        return Stage.unscoped.filter(competition=competition).values_list("pk", flat=True).first()  # type: ignore[return-value]  # unscoped: the sample stage


@leakwalker.sampler("prize_batch_id")
def _batch_id(world: World) -> int:
    competition = _competition(world)
    with system_scope("leak-walker sample data"):
        return PrizeBatch.unscoped.filter(competition=competition).values_list("pk", flat=True).first()  # type: ignore[return-value]  # unscoped: the sample batch


def _studio(world: World) -> InnovationStudio:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        studio = InnovationStudio.unscoped.filter(union=world.union_c, name__startswith=f"样例工作室{MARKER}").first()
        if studio is None:
            studio = services.studio_create(
                actor=None,
                employer=_employer(world),
                name=f"样例工作室{MARKER}",
                leader=_worker(world),
                level=InnovationStudio.Level.COUNTY,
                named_on=date(2024, 6, 1),
                field=f"数控加工{MARKER}",
            )
    return studio


@leakwalker.sampler("studio_id")
def _studio_id(world: World) -> int:
    return _studio(world).pk


@leakwalker.sampler("innovation_id")
def _innovation_id(world: World) -> int:
    studio = _studio(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        innovation = Innovation.unscoped.filter(union=world.union_c, title__startswith=f"样例成果{MARKER}").first()
        if innovation is None:
            innovation = services.innovation_record(
                actor=None,
                employer=_employer(world),
                kind=Innovation.Kind.TECHNICAL,
                title=f"样例成果{MARKER}：焊接夹具改进",
                submitted_on=date(2025, 3, 1),
                worker=_worker(world),
                studio=studio,
                description=f"改进说明{MARKER}",
            )
    return innovation.pk
