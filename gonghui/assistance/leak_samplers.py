"""Leak-walker samplers: a hardship file of union C (township A) and everything hanging off it.

Names carry the marker, so a page shown to someone of township B that lists any of it leaks.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from gonghui.assistance.models import (
    Disbursement,
    FileAttachment,
    FileReview,
    Grant,
    HardshipFile,
    HouseholdMember,
    Pairing,
    Program,
    ReviewRound,
)
from gonghui.assistance.workflows import BatchState, FileState
from gonghui.core.testing import leakwalker
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.members.models import Worker

MEMBER_ID_NUMBER = "110102201001010011"  # a child of the sample household (valid check digit)


def _file(world: World) -> HardshipFile:
    # The members module's sample worker (its sampler of `worker_id` creates them and their membership).
    worker_id = leakwalker.SAMPLERS["worker_id"](world)
    with system_scope("leak-walker sample data"):
        worker = Worker.unscoped.get(pk=worker_id)  # unscoped: township A's sample rows for the leak walker
        # unscoped: township A's sample rows for the leak walker
        file = HardshipFile.unscoped.filter(worker=worker).first()
        if file is None:
            file = HardshipFile.unscoped.create(  # unscoped: township A's sample rows for the leak walker
                union=world.union_c,
                worker=worker,
                number=f"KN2020{worker.pk:06d}",
                year=2020,
                state=FileState.FILED,
                category="deep",
                main_cause=HardshipFile.Cause.ILLNESS,
                applicant_monthly_income=Decimal("500"),
                bank_name=f"银行{MARKER}",
                filed_on=timezone.localdate(),
            )
    return file


@leakwalker.sampler("file_id")
def _file_id(world: World) -> int:
    return _file(world).pk


@leakwalker.sampler("household_member_id")
def _household_member(world: World) -> int:
    file = _file(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        member = HouseholdMember.unscoped.filter(file=file).first()
        if member is None:
            member = HouseholdMember.unscoped.create(  # unscoped: township A's sample rows for the leak walker
                file=file,
                union=file.union,
                name=f"家属{MARKER}",
                relation=HouseholdMember.Relation.CHILD,
                id_number=MEMBER_ID_NUMBER,
                birth_date=timezone.localdate().replace(year=2010, month=1, day=1),
                schooling=HouseholdMember.Schooling.JUNIOR,
            )
    return member.pk


@leakwalker.sampler("file_attachment_id")
def _attachment(world: World) -> int:
    file = _file(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        attachment = FileAttachment.unscoped.filter(file=file).first()
        if attachment is None:
            attachment = FileAttachment(file=file, union=file.union, kind="id_card", name=f"身份证{MARKER}.pdf")
            attachment.document.save("id.pdf", ContentFile(f"%PDF-1.4 {MARKER}".encode()), save=False)
            attachment.save()
    return attachment.pk


@leakwalker.sampler("pairing_id")
def _pairing(world: World) -> int:
    file = _file(world)
    with system_scope("leak-walker sample data"):
        pairing = Pairing.unscoped.filter(file=file).first()  # unscoped: township A's sample rows for the leak walker
        if pairing is None:
            pairing = Pairing.unscoped.create(  # unscoped: township A's sample rows for the leak walker
                file=file, union=file.union, cadre_name=f"干部{MARKER}", starts_on=timezone.localdate()
            )
    return pairing.pk


def _program(world: World) -> Program:
    with system_scope("leak-walker sample data"):
        program, _ = Program.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=world.township_a,
            year=2020,
            kind=Program.Kind.WARMTH,
            name=f"甲镇送温暖{MARKER}",
            defaults={"budget": Decimal("10000"), "default_amount": Decimal("500")},
        )
    return program


@leakwalker.sampler("program_id")
def _program_id(world: World) -> int:
    return _program(world).pk


def _batch(world: World) -> Disbursement:
    program = _program(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        batch = Disbursement.unscoped.filter(program=program).first()
        if batch is None:
            # Approved, so that the signature sheet and the bank file exist for it.
            batch = Disbursement.unscoped.create(  # unscoped: township A's sample rows for the leak walker
                program=program,
                union=world.union_c,
                number="FF202099999",
                title=f"批次{MARKER}",
                state=BatchState.APPROVED,
            )
            Grant.unscoped.create(  # unscoped: township A's sample rows for the leak walker
                disbursement=batch,
                union=world.union_c,
                file=_file(world),
                kind=program.kind,
                year=program.year,
                amount=Decimal("500"),
                counted=True,
            )
    return batch


@leakwalker.sampler("disbursement_id")
def _disbursement(world: World) -> int:
    return _batch(world).pk


@leakwalker.sampler("grant_id")
def _grant(world: World) -> int:
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        return Grant.unscoped.filter(disbursement=_batch(world)).values_list("pk", flat=True).get()


def _round(world: World) -> ReviewRound:
    with system_scope("leak-walker sample data"):
        review, _ = ReviewRound.unscoped.get_or_create(  # unscoped: township A's sample rows for the leak walker
            union=world.township_a, year=2020, defaults={"spot_check_share": Decimal("0.30")}
        )
    return review


@leakwalker.sampler("review_round_id")
def _review_round(world: World) -> int:
    return _round(world).pk


@leakwalker.sampler("file_review_id")
def _file_review(world: World) -> int:
    review = _round(world)
    file = _file(world)
    with system_scope("leak-walker sample data"):
        # unscoped: township A's sample rows for the leak walker
        row, _ = FileReview.unscoped.get_or_create(round=review, file=file, defaults={"union": file.union})
    return row.pk
