"""The founding pipeline's steps through the workflow: art. 11, each step's effect, scope, rollback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.identifiers import credit_code_check_char
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope
from gonghui.core.workflow.models import TimelineEntry
from gonghui.core.workflow.services import transition_perform
from gonghui.organisations.coverage import founding_rate_for_user
from gonghui.organisations.forms.founding import CoverByJointForm, FoundForm, StartPreparingForm
from gonghui.organisations.models import CommitteeMember, Employer, FoundingCase, UnionProfile, add_years
from gonghui.organisations.services.founding import founding_case_open

pytestmark = pytest.mark.django_db
TOWNSHIP = "339901101000"  # 城关镇 (a township of the reference divisions)


@pytest.fixture(autouse=True)
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


def make_employer(union: Union, name: str = "甲镇新厂", headcount: int = 40, **fields: Any) -> Employer:
    with system_scope("test data"):
        fields.setdefault("division_id", TOWNSHIP)
        return Employer.unscoped.create(union=union, name=name, headcount=headcount, **fields)


def credit_code(serial: str) -> str:
    first17 = f"81339901MA{serial:0>7}"
    return first17 + credit_code_check_char(first17)


def preparing_data(**changes: Any) -> dict[str, Any]:
    data = {
        "organizer_name": "周筹建",
        "organizer_phone": "13912345678",
        "steps": "走访、发展会员、召开会员大会",
        "target_date": timezone.localdate() + timedelta(days=60),
    }
    data.update(changes)
    return data


def found_data(members: int = 30, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "founding_meeting_on": timezone.localdate(),
        "union_name": "甲镇新厂工会委员会",
        "credit_code": "",
        "members_enrolled": members,
        "term_years": 5,
        "chair_name": "",
        "chair_phone": "",
        "chair_full_time": False,
        "vice_chairs": "",
        "committee_members": "",
        "organizer_name": "",
        "organizer_phone": "",
    }
    if members >= 25:
        data.update(
            chair_name="张主席", chair_phone="13812345670", vice_chairs="李副主席", committee_members="王委员\n赵委员"
        )
    else:
        data.update(organizer_name="钱组织员")
    data.update(changes)
    return data


def in_db(case: FoundingCase) -> FoundingCase:
    return FoundingCase.unscoped.select_related("employer").get(pk=case.pk)


def steps_of(case: FoundingCase) -> list[str]:
    entries = TimelineEntry.unscoped.filter(workflow="founding", object_id=case.pk).order_by("at", "id")
    return [e.transition for e in entries]


@pytest.fixture
def case(world: World) -> FoundingCase:
    """An open case of township A for an employer of 40 workers without a union."""
    return founding_case_open(actor=world.bob, employer=make_employer(world.township_a))


@pytest.fixture
def preparing(world: World, case: FoundingCase) -> FoundingCase:
    transition_perform(actor=world.bob, obj=case, name="start_preparing", data=preparing_data())
    return in_db(case)


# --- Opening ----------------------------------------------------------------------------------


def test_opening_twice_returns_the_same_case(world: World) -> None:
    employer = make_employer(world.township_a)
    first = founding_case_open(actor=world.bob, employer=employer)
    second = founding_case_open(actor=world.alice, employer=employer)
    assert first.pk == second.pk
    assert FoundingCase.unscoped.filter(employer=employer).count() == 1
    assert first.union == world.township_a
    assert steps_of(first) == ["start"]


# --- start_preparing -------------------------------------------------------------------------------


def test_start_preparing_stores_the_plan(world: World, case: FoundingCase) -> None:
    result = transition_perform(
        actor=world.bob, obj=case, name="start_preparing", note="开始筹建", data=preparing_data()
    )
    stored = in_db(case)
    assert stored.state == "preparing"
    assert stored.organizer_name == "周筹建"
    assert stored.organizer_phone == "13912345678"
    assert stored.steps == "走访、发展会员、召开会员大会"
    assert stored.target_date == timezone.localdate() + timedelta(days=60)
    assert stored.preparing_since == timezone.localdate()
    assert steps_of(case) == ["start", "start_preparing"]
    assert result.deadline is not None
    assert result.deadline.state == "preparing"
    # the phone is masked in the audit log
    event = AuditEvent.unscoped.filter(action=AuditEvent.Action.UPDATE, object_id=str(case.pk)).latest("id")
    assert "13912345678" not in str(event.changes)
    assert event.changes["organizer_name"] == ["", "周筹建"]


def test_the_preparing_form_refuses_a_past_target_and_a_bad_phone(world: World, case: FoundingCase) -> None:
    data = {"organizer_name": "周", "organizer_phone": "12345", "target_date": "2020-01-01"}
    form = StartPreparingForm(data, obj=case, actor=world.bob)
    assert not form.is_valid()
    assert set(form.errors) == {"organizer_phone", "target_date"}
    form = StartPreparingForm({"target_date": "2999-01-01"}, obj=case, actor=world.bob)
    assert not form.is_valid()
    assert "organizer_name" in form.errors


def test_a_past_target_is_refused_by_the_service_too(world: World, case: FoundingCase) -> None:
    past = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.bob, obj=case, name="start_preparing", data=preparing_data(target_date=past))
    assert "target_date" in caught.value.message_dict
    assert in_db(case).state == "unorganised"
    assert in_db(case).organizer_name == ""


# --- found: 工会法 art. 11 ----------------------------------------------------------------------------


def form_for(world: World, case: FoundingCase, data: dict[str, Any]) -> FoundForm:
    posted = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    return FoundForm(posted, obj=case, actor=world.bob)


def test_art_11_at_25_members_needs_a_committee(world: World, preparing: FoundingCase) -> None:
    # 25 members with a committee of three: valid
    assert form_for(world, preparing, found_data(25)).is_valid()
    # 25 members with an organizer only: refused, a chair is asked for
    form = form_for(
        world, preparing, found_data(25, chair_name="", vice_chairs="", committee_members="", organizer_name="钱")
    )
    assert not form.is_valid()
    assert "chair_name" in form.errors
    assert "organizer_name" in form.errors
    # 25 members with a chair alone: fewer than three seats
    form = form_for(world, preparing, found_data(25, vice_chairs="", committee_members=""))
    assert not form.is_valid()
    assert "committee_members" in form.errors


def test_art_11_below_25_members_takes_one_organizer_and_points_to_a_joint_union(
    world: World, preparing: FoundingCase
) -> None:
    # 24 members with an organizer: valid
    assert form_for(world, preparing, found_data(24)).is_valid()
    # 24 members with a committee: refused, the message names the joint union way
    form = form_for(world, preparing, found_data(24, chair_name="张主席", organizer_name=""))
    assert not form.is_valid()
    message = " ".join(form.errors["chair_name"])
    assert "joint union" in message or "联合" in message
    assert "organizer_name" in form.errors
    # vice-chairs alone are a committee too
    form = form_for(world, preparing, found_data(24, vice_chairs="李"))
    assert not form.is_valid()
    assert "chair_name" in form.errors


def test_the_found_form_checks_dates_headcount_and_credit_code(world: World, preparing: FoundingCase) -> None:
    today = timezone.localdate()
    form = form_for(
        world,
        preparing,
        found_data(
            41,  # the employer has 40 workers
            founding_meeting_on=today + timedelta(days=1),
            credit_code="81339901MA0000001P",  # township A's
        ),
    )
    assert not form.is_valid()
    assert {"members_enrolled", "founding_meeting_on", "credit_code"} <= set(form.errors)
    # before preparing began
    form = form_for(world, preparing, found_data(30, founding_meeting_on=today - timedelta(days=3)))
    assert not form.is_valid()
    assert "founding_meeting_on" in form.errors
    # a bad check character
    form = form_for(world, preparing, found_data(30, credit_code="91339901MA0000002X"))
    assert not form.is_valid()
    assert "credit_code" in form.errors
    # prefilled union name
    assert FoundForm(obj=preparing, actor=world.bob)["union_name"].initial == "甲镇新厂工会委员会"


# --- found: the effect ---------------------------------------------------------------------------


def test_found_with_a_committee_creates_union_profile_seats_and_moves_the_employer(
    world: World, preparing: FoundingCase
) -> None:
    today = timezone.localdate()
    code = credit_code("0000777")
    result = transition_perform(
        actor=world.bob, obj=preparing, name="found", note="会员大会", data=found_data(30, credit_code=code)
    )
    union = result.effect
    # the union sits in the tree under the township, founded on the meeting date
    with system_scope("test"):
        union = Union.unscoped.get(pk=union.pk)
        assert Union.unscoped.get_parent(union) == world.township_a
    assert union.kind == Union.Kind.GRASSROOTS
    assert union.name == "甲镇新厂工会委员会"
    assert union.credit_code == code
    assert union.founding_date == today
    # its profile
    profile = UnionProfile.unscoped.get(union=union)
    assert profile.union_type == UnionProfile.Type.INDEPENDENT
    assert (profile.member_count, profile.elected_on, profile.term_years) == (30, today, 5)
    assert profile.re_election_due == add_years(today, 5)
    # its committee
    seats = list(CommitteeMember.unscoped.filter(union=union).order_by("position_order", "id"))
    assert [(s.position, s.name) for s in seats] == [
        ("chair", "张主席"),
        ("vice_chair", "李副主席"),
        ("member", "王委员"),
        ("member", "赵委员"),
    ]
    assert seats[0].phone == "13812345670"
    # the employer now has its own union
    employer = Employer.unscoped.get(pk=preparing.employer_id)
    assert employer.union_status == Employer.UnionStatus.OWN
    assert employer.own_union == union
    assert employer.union == union
    assert employer.founded_on == today
    # and the case remembers it all
    stored = in_db(preparing)
    assert stored.state == "founded"
    assert (stored.founded_union, stored.founding_meeting_on, stored.members_enrolled) == (union, today, 30)
    assert steps_of(preparing) == ["start", "start_preparing", "found"]


def test_found_with_fewer_than_25_members_elects_one_organizer(world: World, preparing: FoundingCase) -> None:
    result = transition_perform(actor=world.bob, obj=preparing, name="found", data=found_data(12))
    seats = list(CommitteeMember.unscoped.filter(union=result.effect))
    assert [(s.position, s.name) for s in seats] == [("organizer", "钱组织员")]
    assert UnionProfile.unscoped.get(union=result.effect).member_count == 12


def test_a_full_time_chair_is_recorded_for_a_large_employer(world: World) -> None:
    employer = make_employer(world.township_a, name="甲镇大厂", headcount=250)
    case = founding_case_open(actor=world.bob, employer=employer)
    transition_perform(actor=world.bob, obj=case, name="start_preparing", data=preparing_data())
    case = in_db(case)
    assert FoundForm(obj=case, actor=world.bob)["chair_full_time"].initial is True
    data = found_data(200, union_name="甲镇大厂工会委员会", chair_full_time=True)
    union = transition_perform(actor=world.bob, obj=case, name="found", data=data).effect
    assert UnionProfile.unscoped.get(union=union).full_time_chair
    assert CommitteeMember.unscoped.get(union=union, position="chair").full_time


def test_a_failed_found_leaves_nothing(world: World, preparing: FoundingCase) -> None:
    # given founding data whose last seat is refused (a name longer than a seat takes),
    # after the union, the employer, the profile and the first seats were written
    events = AuditEvent.unscoped.count()
    data = found_data(30, committee_members="王委员\n" + "赵" * 60)
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.bob, obj=preparing, name="found", data=data)
    assert "chair_name" in caught.value.message_dict
    # then nothing of the step remains
    assert not Union.unscoped.filter(name="甲镇新厂工会委员会").exists()
    assert not CommitteeMember.unscoped.filter(name="张主席").exists()
    employer = Employer.unscoped.get(pk=preparing.employer_id)
    assert (employer.union_status, employer.own_union_id, employer.union_id) == ("none", None, world.township_a.pk)
    stored = in_db(preparing)
    assert (stored.state, stored.founded_union_id, stored.members_enrolled) == ("preparing", None, None)
    assert steps_of(preparing) == ["start", "start_preparing"]
    assert AuditEvent.unscoped.count() == events


def test_found_is_refused_if_the_employer_got_a_union_meanwhile(world: World, preparing: FoundingCase) -> None:
    with system_scope("test"):
        Employer.unscoped.filter(pk=preparing.employer_id).update(
            union_status="joint", joint_union=world.joint_a, union=world.joint_a
        )
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.bob, obj=preparing, name="found", data=found_data(30))
    assert caught.value.error_list[0].code == "organised"
    assert in_db(preparing).state == "preparing"


def test_the_founding_rate_goes_up_after_found(world: World, preparing: FoundingCase) -> None:
    # given township A with the employer being prepared and one already covered
    make_employer(world.joint_a, name="甲镇小店", headcount=8, union_status="joint", joint_union=world.joint_a)
    before = founding_rate_for_user(world.bob)
    assert (before.covered, before.eligible) == (1, 2)
    # when the union is founded
    transition_perform(actor=world.bob, obj=preparing, name="found", data=found_data(30))
    # then the township's founding rate counts it
    after = founding_rate_for_user(world.bob)
    assert (after.own, after.covered, after.eligible) == (1, 2, 2)
    assert after.founding_rate > before.founding_rate
    # and township B's is unchanged
    assert founding_rate_for_user(world.bea).covered == 0


# --- cover_by_joint and close --------------------------------------------------------------------


def test_cover_by_joint_moves_the_employer_to_the_joint_union(world: World, case: FoundingCase) -> None:
    day = timezone.localdate() - timedelta(days=2)
    form = CoverByJointForm({"joint_union": world.joint_a.pk, "covered_on": day.isoformat()}, obj=case, actor=world.bob)
    assert form.is_valid(), form.errors
    transition_perform(actor=world.bob, obj=case, name="cover_by_joint", data=form.cleaned_data)
    employer = Employer.unscoped.get(pk=case.employer_id)
    assert (employer.union_status, employer.joint_union, employer.union, employer.founded_on) == (
        "joint",
        world.joint_a,
        world.joint_a,
        day,
    )
    stored = in_db(case)
    assert (stored.state, stored.joint_union) == ("joint", world.joint_a)


def test_the_joint_union_choices_stay_in_scope(world: World, case: FoundingCase) -> None:
    form = CoverByJointForm(obj=case, actor=world.bob)
    choices = list(form.fields["joint_union"].queryset)
    assert choices == [world.joint_a]
    # a grassroots union is refused by the form
    form = CoverByJointForm({"joint_union": world.union_c.pk, "covered_on": "2024-01-01"}, obj=case, actor=world.bob)
    assert not form.is_valid()


def test_close_as_closed_down(world: World, case: FoundingCase) -> None:
    transition_perform(actor=world.bob, obj=case, name="close", note="企业已注销", data={"reason": "closed_down"})
    employer = Employer.unscoped.get(pk=case.employer_id)
    assert employer.status == Employer.Status.CLOSED
    stored = in_db(case)
    assert (stored.state, stored.closed_on) == ("closed", timezone.localdate())


def test_close_as_not_eligible_records_the_reason(world: World, case: FoundingCase) -> None:
    transition_perform(actor=world.bob, obj=case, name="close", note="无雇工的个体户", data={"reason": "not_eligible"})
    employer = Employer.unscoped.get(pk=case.employer_id)
    assert (employer.union_status, employer.not_eligible_reason) == ("not_eligible", "无雇工的个体户")
    assert employer.status == Employer.Status.OPERATING


def test_close_for_another_reason_leaves_the_employer(world: World, case: FoundingCase) -> None:
    transition_perform(actor=world.bob, obj=case, name="close", note="已并入母公司", data={"reason": "other"})
    employer = Employer.unscoped.get(pk=case.employer_id)
    assert (employer.status, employer.union_status) == ("operating", "none")
    assert in_db(case).state == "closed"
    # and a new case may be opened later
    assert founding_case_open(actor=world.bob, employer=employer).pk != case.pk


def test_close_needs_a_note(world: World, case: FoundingCase) -> None:
    with pytest.raises(ValidationError) as caught:
        transition_perform(actor=world.bob, obj=case, name="close", data={"reason": "other"})
    assert "note" in caught.value.message_dict
    assert in_db(case).state == "unorganised"


# --- Who may ----------------------------------------------------------------------------------------


def test_township_b_cannot_touch_the_case(world: World, case: FoundingCase) -> None:
    for intruder in (world.bea, world.dan):
        with pytest.raises(Http404):
            transition_perform(actor=intruder, obj=case, name="start_preparing", data=preparing_data())
    with pytest.raises(Http404):
        founding_case_open(actor=world.bea, employer=case.employer)
    assert in_db(case).state == "unorganised"


def test_a_role_without_the_step_is_refused(world: World, case: FoundingCase) -> None:
    # the leader sees the county but takes no step; the grassroots officer opens no case
    with pytest.raises(PermissionDenied):
        transition_perform(actor=world.leo, obj=case, name="start_preparing", data=preparing_data())
    with pytest.raises(PermissionDenied):
        founding_case_open(actor=world.carol, employer=make_employer(world.union_c, name="丙镇小店"))
    assert in_db(case).state == "unorganised"
