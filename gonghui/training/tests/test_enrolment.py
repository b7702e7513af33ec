"""Enrolment: capacity refused with its numbers, no second enrolment, withdrawal frees the place, closed states."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.scoping import system_scope
from gonghui.training import services
from gonghui.training.models import Enrolment
from gonghui.training.tests.helpers import course, worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The services' messages are read in English here (the pages' Chinese is checked on the pages)."""
    with translation.override("en"):
        yield


def test_a_full_course_is_refused_with_its_numbers_and_a_withdrawal_frees_a_place(world: World) -> None:
    made = course(world.union_c, capacity=2, state="open")
    first = services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, "甲", 1))
    services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, "乙", 2))
    third = worker(world.union_c, "丙", 3)
    with pytest.raises(ValidationError) as refused:
        services.enrolment_add(actor=world.carol, course=made, worker=third)
    assert "2 places, 2 enrolled" in " ".join(refused.value.messages)
    services.enrolment_withdraw(actor=world.carol, enrolment=first)
    taken = services.enrolment_add(actor=world.carol, course=made, worker=third)
    assert taken.state == Enrolment.State.ENROLLED
    with system_scope("the test counts the course's trainees"):
        states = sorted(
            Enrolment.unscoped.filter(course=made).values_list("state", flat=True)
        )  # unscoped: the test reads the table
    assert states == ["enrolled", "enrolled", "withdrawn"]


def test_the_last_place_is_taken_and_capacity_cannot_drop_below_those_enrolled(world: World) -> None:
    made = course(world.union_c, capacity=1, state="open")
    services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, "甲", 1))
    with pytest.raises(ValidationError) as refused:
        services.course_update(actor=world.carol, course=made, capacity=0)
    assert refused.value.message_dict.get("capacity")


def test_a_worker_is_enrolled_once_and_enrolled_again_after_withdrawing(world: World) -> None:
    made = course(world.union_c, state="open")
    person = worker(world.union_c, "甲", 1)
    enrolment = services.enrolment_add(actor=world.carol, course=made, worker=person)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrolment_add(actor=world.carol, course=made, worker=person)
    services.enrolment_withdraw(actor=world.carol, enrolment=enrolment)
    again = services.enrolment_add(actor=world.carol, course=made, worker=person)
    assert again.pk == enrolment.pk
    assert again.state == Enrolment.State.ENROLLED


def test_enrolment_closes_when_the_course_runs_and_withdrawal_when_it_is_over(world: World) -> None:
    made = course(world.union_c, state="open", sessions=1)
    enrolment = services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, "甲", 1))
    services.course_start(actor=world.carol, course=made)
    with pytest.raises(ValidationError, match="Enrolment is closed"):
        services.enrolment_add(actor=world.carol, course=made, worker=worker(world.union_c, "乙", 2))
    services.course_finish(actor=world.carol, course=made)
    with pytest.raises(ValidationError, match="over"):
        services.enrolment_withdraw(actor=world.carol, enrolment=enrolment)


def test_staff_enrol_only_workers_and_courses_of_their_subtree(world: World) -> None:
    theirs = course(world.union_d, title="丁公司培训班", state="open")
    mine = course(world.union_c, state="open")
    with pytest.raises(Http404):
        services.enrolment_add(actor=world.carol, course=theirs, worker=worker(world.union_c, "甲", 1))
    with pytest.raises(Http404):
        services.enrolment_add(actor=world.carol, course=mine, worker=worker(world.union_d, "丁", 4))


def test_a_course_must_make_sense(world: World) -> None:
    from datetime import date

    with pytest.raises(ValidationError) as ends:
        course(world.union_c, starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1))
    assert ends.value.message_dict.get("ends_on")
    with pytest.raises(ValidationError) as subsidy:
        course(world.union_c, funding="subsidised", subsidy=0)
    assert subsidy.value.message_dict.get("subsidy")
    subsidised = course(world.union_c, title=f"补贴班{MARKER}", funding="subsidised", subsidy="800.005")
    assert str(subsidised.subsidy) == "800.01"
    free = course(world.union_c, title=f"免费班{MARKER}", funding="free", subsidy=500)
    assert free.subsidy == 0
