"""Disbursement batches: four eyes, one grant of a kind a year across unions, closed files, consent, budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.models import Grant, HardshipFile, HouseholdMember, Program
from gonghui.assistance.tests import factories as f
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.services import transition_perform

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def line(db: Any) -> None:
    f.standard()


def test_made_checked_approved_paid(world: World) -> None:
    file = f.filed_file(world)
    made = f.batch(world, f.program(world), [file])
    assert made.state == "draft"
    assert made.number.startswith("FF")
    made = f.approve(world, made)
    assert made.state == "approved"
    assert (made.made_by, made.checked_by, made.approved_by) == (world.carol, world.bob, world.ann)
    with system_scope("test"):
        assert Grant.unscoped.get(disbursement=made).counted
    transition_perform(actor=world.ann, obj=made, name="pay", data={"paid_on": timezone.localdate()})
    made.refresh_from_db()
    assert made.state == "paid"
    assert made.paid_on == timezone.localdate()


def test_the_maker_cannot_check_or_approve_their_own_batch(world: World) -> None:
    file = f.filed_file(world)
    made = f.batch(world, f.program(world), [file], maker=world.ann, union=world.county)
    transition_perform(actor=world.ann, obj=made, name="submit")
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.ann, obj=made, name="check")
    assert refused.value.code == "guard"
    transition_perform(actor=world.alice, obj=made, name="check")
    with pytest.raises(ValidationError):
        transition_perform(actor=world.ann, obj=made, name="approve")
    made.refresh_from_db()
    assert made.state == "checked"


def test_a_grassroots_officer_cannot_approve(world: World) -> None:
    made = f.batch(world, f.program(world), [f.filed_file(world)])
    transition_perform(actor=world.carol, obj=made, name="submit")
    transition_perform(actor=world.bob, obj=made, name="check")
    with pytest.raises(PermissionDenied):
        transition_perform(actor=world.carol, obj=made, name="approve")


def test_a_second_grant_of_the_same_kind_and_year_is_refused_naming_the_first(world: World) -> None:
    file = f.filed_file(world)
    prog = f.program(world)
    first = f.approve(world, f.batch(world, prog, [file]))
    # The township proposes the same household again, in its own batch of the same programme.
    second = services.disbursement_create(actor=world.bob, program=prog, union=world.township_a)
    with pytest.raises(ValidationError) as at_once:
        services.grant_add(actor=world.bob, batch=second, file=file)
    assert first.number in str(at_once.value)


def test_pending_duplicates_are_refused_at_approval_naming_the_earlier_grant(world: World) -> None:
    """Two unions propose the same household; the first approved wins, the second is refused before approval."""
    file = f.filed_file(world)
    prog = f.program(world)
    by_union = f.batch(world, prog, [file])
    by_centre = services.disbursement_create(actor=world.ann, program=prog, union=world.county)
    services.grant_add(actor=world.ann, batch=by_centre, file=file)  # only a warning while both are pending
    problems = services.disbursement_problems(by_centre)
    assert [p.blocking for p in problems] == [False]
    assert by_union.number in problems[0].message
    transition_perform(actor=world.ann, obj=by_centre, name="submit")
    f.approve(world, by_union)
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.alice, obj=by_centre, name="check")
    assert by_union.number in " ".join(refused.value.messages)
    by_centre.refresh_from_db()
    assert by_centre.state == "submitted"
    # Checked before the other was approved, it is still refused at approval.
    again = services.disbursement_create(
        actor=world.ann, program=f.program(world, Program.Kind.LIVING), union=world.county
    )
    services.grant_add(actor=world.ann, batch=again, file=file)
    living = f.batch(world, again.program, [file])
    transition_perform(actor=world.ann, obj=again, name="submit")
    transition_perform(actor=world.alice, obj=again, name="check")
    f.approve(world, living)
    with pytest.raises(ValidationError) as at_approval:
        transition_perform(actor=world.alice, obj=again, name="approve")
    assert living.number in " ".join(at_approval.value.messages)
    again.refresh_from_db()
    assert again.state == "checked"


def test_the_same_household_may_receive_another_kind_or_another_year(world: World) -> None:
    file = f.filed_file(world)
    year = timezone.localdate().year
    f.approve(world, f.batch(world, f.program(world), [file]))
    f.approve(world, f.batch(world, f.program(world, Program.Kind.LIVING), [file]))
    f.approve(world, f.batch(world, f.program(world, year=year + 1), [file]))
    with system_scope("test"):
        assert Grant.unscoped.filter(file=file, counted=True).count() == 3


def test_the_database_refuses_a_second_counted_grant(world: World) -> None:
    file = f.filed_file(world)
    prog = f.program(world)
    first = f.batch(world, prog, [file])
    other = services.disbursement_create(actor=world.ann, program=prog, union=world.county)
    services.grant_add(actor=world.ann, batch=other, file=file)
    with system_scope("test"):
        Grant.unscoped.filter(disbursement=first).update(counted=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Grant.unscoped.filter(disbursement=other).update(counted=True)


@pytest.mark.parametrize("state", ["exited", "refused", "application"])
def test_a_closed_or_unfiled_file_receives_nothing(world: World, state: str) -> None:
    file = f.filed_file(world)
    prog = f.program(world)
    with system_scope("test"):
        HardshipFile.unscoped.filter(pk=file.pk).update(state=state)
    made = services.disbursement_create(actor=world.carol, program=prog, union=world.union_c)
    with pytest.raises(ValidationError):
        services.grant_add(actor=world.carol, batch=made, file=file)


def test_a_file_closed_after_it_was_proposed_stops_the_batch(world: World) -> None:
    file = f.filed_file(world)
    made = f.batch(world, f.program(world), [file])
    transition_perform(
        actor=world.ann, obj=file, name="exit", data={"reason": "died", "exited_on": timezone.localdate()}
    )
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.carol, obj=made, name="submit")
    assert file.number in " ".join(refused.value.messages)


def test_an_excluded_file_receives_nothing(world: World) -> None:
    file = f.filed_file(world)
    made = f.batch(world, f.program(world), [file])
    services.file_update(actor=world.carol, file=file, owns_business=True)
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.carol, obj=made, name="submit")
    assert "excluded" in " ".join(refused.value.messages) or "排除" in " ".join(refused.value.messages)


def education_program(world: World) -> Program:
    return f.program(
        world,
        Program.Kind.EDUCATION,
        default_amount=Decimal("0"),
        rates=[
            {"level": "primary", "filed_amount": Decimal("1000"), "unfiled_amount": Decimal("800")},
            {"level": "bachelor", "filed_amount": Decimal("5000"), "unfiled_amount": Decimal("4000")},
        ],
    )


def add_child(world: World, file: HardshipFile, born: date, schooling: str) -> HouseholdMember:
    return services.household_member_add(
        actor=world.carol, file=file, name="张小学", relation="child", id_number=f.id_number(born), schooling=schooling
    )


def test_a_student_under_14_needs_the_guardians_consent(world: World) -> None:
    file = f.filed_file(world)
    today = timezone.localdate()
    child = add_child(world, file, today.replace(year=today.year - 10), "primary")
    prog = education_program(world)
    made = services.disbursement_create(actor=world.carol, program=prog, union=world.union_c)
    with pytest.raises(ValidationError) as refused:
        services.grant_add(actor=world.carol, batch=made, file=file, student=child)
    assert "14" in str(refused.value)
    services.guardian_consent_record(
        actor=world.carol, member=child, guardian_name="张困难", guardian_relation="父亲", given_on=today
    )
    grant = services.grant_add(actor=world.carol, batch=made, file=file, student=child)
    assert grant.amount == Decimal("1000")  # the filed household's primary-school rate


def test_a_student_of_14_needs_no_consent_and_an_unfiled_household_gets_its_rate(world: World) -> None:
    file = f.open_file(world)  # on its way, not filed yet
    today = timezone.localdate()
    student = add_child(world, file, today.replace(year=today.year - 14), "bachelor")
    made = services.disbursement_create(actor=world.carol, program=education_program(world), union=world.union_c)
    grant = services.grant_add(actor=world.carol, batch=made, file=file, student=student)
    assert grant.amount == Decimal("4000")


def test_the_budget_is_not_exceeded(world: World) -> None:
    prog = f.program(world, budget=Decimal("1500"))
    f.approve(world, f.batch(world, prog, [f.filed_file(world, name="甲")]))
    second = f.batch(world, prog, [f.filed_file(world, name="乙")])
    transition_perform(actor=world.carol, obj=second, name="submit")
    transition_perform(actor=world.bob, obj=second, name="check")
    with pytest.raises(ValidationError) as refused:
        transition_perform(actor=world.ann, obj=second, name="approve")
    assert "¥1,500.00" in str(refused.value)


def test_add_every_eligible_household(world: World) -> None:
    deep = f.filed_file(world, name="深")
    relative = f.filed_file(world, name="相", applicant_monthly_income=Decimal("1200"))
    other_township = f.filed_file(world, union=world.union_d, name="乙")
    prog = f.program(world)
    made = services.disbursement_create(actor=world.bob, program=prog, union=world.township_a)
    assert services.grants_add_eligible(actor=world.bob, batch=made, categories=["deep"]) == 1
    assert services.grants_add_eligible(actor=world.bob, batch=made, categories=["deep", "relative"]) == 1
    with system_scope("test"):
        files = set(Grant.unscoped.filter(disbursement=made).values_list("file_id", flat=True))
    assert files == {deep.pk, relative.pk}
    assert other_township.pk not in files


def test_a_batch_changes_only_while_being_made(world: World) -> None:
    file = f.filed_file(world)
    made = f.batch(world, f.program(world), [file])
    transition_perform(actor=world.carol, obj=made, name="submit")
    with pytest.raises(ValidationError):
        services.grant_add(actor=world.carol, batch=made, file=f.filed_file(world, name="后加"))
    transition_perform(actor=world.bob, obj=made, name="return", note="金额有误")
    made.refresh_from_db()
    assert made.state == "draft"
