"""Writes of employers, profiles and committees: rules, scope, permissions and audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.core.audit.models import AuditEvent
from gonghui.core.reference import selectors as reference_selectors
from gonghui.core.reference.services import reference_load
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.organisations import services
from gonghui.organisations.models import CommitteeMember, Employer, UnionProfile

CHAIR, ORGANIZER, MEMBER = (
    CommitteeMember.Position.CHAIR,
    CommitteeMember.Position.ORGANIZER,
    CommitteeMember.Position.MEMBER,
)


def valid_code(body: str = "91339901MA2A0B1C2") -> str:
    from gonghui.core.identifiers import credit_code_check_char

    return body + credit_code_check_char(body)


@pytest.fixture
def reference(db: Any) -> Iterator[None]:
    reference_selectors.clear_cache()
    reference_load(actor=None)
    yield
    reference_selectors.clear_cache()


TOWNSHIP = "339901101000"  # 城关镇


def audit_rows(obj: Any) -> list[AuditEvent]:
    with system_scope("test"):
        return list(AuditEvent.unscoped.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id"))


def profile(world: World, union: Any, members: int) -> UnionProfile:
    return services.union_profile_update(actor=None, union=union, member_count=members)


# --- Employers -----------------------------------------------------------------------------------


def test_create_resolves_references_by_name_and_is_audited(world: World, reference: None) -> None:
    # when township staff record an employer, giving reference data as names and codes
    employer = services.employer_create(
        actor=world.bob,
        union=world.township_a,
        name=" 青山县宏达机械制造有限公司 ",
        credit_code=valid_code().lower(),
        division="城关镇",
        village="杏花村",
        ownership="私营",
        nature="10",
        industry="通用设备制造业",
        headcount=120,
        women=40,
        contact_phone="138 0013 8000",
    )
    # then the codes are stored, the name trimmed, the credit code upper-cased, the band computed
    assert employer.division_id == "339901101000"
    assert employer.village_id == "339901101201"
    assert (employer.ownership_id, employer.nature_id, employer.industry_id) == ("3", "10", "34")
    assert employer.name == "青山县宏达机械制造有限公司"
    assert employer.credit_code == valid_code()
    assert employer.size_band == "100_999"
    # and one audit row records it, the phone masked
    (row,) = audit_rows(employer)
    assert row.action == AuditEvent.Action.CREATE
    assert row.union == world.township_a
    assert "13800138000" not in str(row.changes)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"credit_code": "91339901MA2A0B1C2Y"}, "credit_code"),  # wrong check character
        ({"credit_code": "9133990"}, "credit_code"),
        ({"division": "339901101201"}, "division"),  # a village is not a township
        ({"division": "城关镇", "village": "振兴社区"}, "village"),  # a village of another township
        ({"industry": "C"}, "industry"),  # a section, not a division
        ({"ownership": "国企民企"}, "ownership"),
        ({"headcount": 10, "women": 11}, "women"),
        ({"union_status": "not_eligible"}, "not_eligible_reason"),
        ({"union_status": "own"}, "own_union"),
        ({"union_status": "joint"}, "joint_union"),
    ],
)
def test_create_refuses_invalid_data(world: World, reference: None, fields: dict, error_field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.employer_create(
            actor=world.bob, union=world.township_a, name="某公司", **{"division": TOWNSHIP, **fields}
        )
    assert error_field in caught.value.message_dict


def test_credit_codes_are_unique_across_scopes(world: World, reference: None) -> None:
    # given an employer with a code in township B
    services.employer_create(
        actor=world.bea, union=world.township_b, name="乙厂", division=TOWNSHIP, credit_code=valid_code()
    )
    # then township A cannot record another employer with the same code, though it cannot see the first
    with pytest.raises(ValidationError) as caught:
        services.employer_create(
            actor=world.bob, union=world.township_a, name="甲厂", division=TOWNSHIP, credit_code=valid_code()
        )
    assert "credit_code" in caught.value.message_dict


def test_own_union_makes_it_the_keeper_and_losing_it_returns_to_the_federation(world: World, reference: None) -> None:
    # given an employer of township A without a union
    employer = services.employer_create(
        actor=world.bob, union=world.township_a, name="丙公司", division=TOWNSHIP, headcount=80
    )
    assert (employer.union, employer.founded_on) == (world.township_a, None)
    # when its union C is recorded as its own
    services.employer_update(actor=world.bob, employer=employer, union_status="own", own_union=world.union_c)
    # then union C keeps the record, and it is covered since C's founding (or today)
    assert employer.union == world.union_c
    assert employer.founded_on == (world.union_c.founding_date or timezone.localdate())
    # when the union is dissolved
    services.employer_update(actor=world.bob, employer=employer, union_status="none")
    # then the township federation keeps it again, with no links and no date
    assert (employer.union, employer.own_union, employer.founded_on) == (world.township_a, None, None)
    assert [r.action for r in audit_rows(employer)] == ["create", "update", "update"]


def test_joint_coverage_needs_a_joint_union(world: World, reference: None) -> None:
    employer = services.employer_create(
        actor=world.bob, union=world.township_a, name="小店", division=TOWNSHIP, headcount=6
    )
    with pytest.raises(ValidationError):
        services.employer_update(actor=world.bob, employer=employer, union_status="joint", joint_union=world.union_c)
    services.employer_update(
        actor=world.bob, employer=employer, union_status="joint", joint_union=world.joint_a, founded_on=date(2024, 5, 1)
    )
    assert (employer.union, employer.founded_on) == (world.joint_a, date(2024, 5, 1))


def test_a_union_is_the_own_union_of_one_employer_only(world: World, reference: None) -> None:
    services.employer_create(
        actor=world.bob,
        union=world.township_a,
        name="一厂",
        division=TOWNSHIP,
        union_status="own",
        own_union=world.union_c,
    )
    with pytest.raises(ValidationError) as caught:
        services.employer_create(
            actor=world.bob,
            union=world.township_a,
            name="二厂",
            division=TOWNSHIP,
            union_status="own",
            own_union=world.union_c,
        )
    assert "own_union" in caught.value.message_dict


def test_scope_and_permission_are_checked(world: World, reference: None) -> None:
    # a township B user cannot record an employer under township A, nor link A's union
    with pytest.raises(Http404):
        services.employer_create(actor=world.bea, union=world.township_a, name="越界", division=TOWNSHIP)
    with pytest.raises(Http404):
        services.employer_create(
            actor=world.bea,
            union=world.township_b,
            name="越界",
            division=TOWNSHIP,
            union_status="own",
            own_union=world.union_c,
        )
    # a worker may not record employers at all
    with pytest.raises(PermissionDenied):
        services.employer_create(actor=world.wendy, union=world.union_c, name="无权", division=TOWNSHIP)
    with system_scope("test"):
        assert not Employer.unscoped.filter(name__in=["越界", "无权"]).exists()


def test_update_outside_scope_is_refused(world: World, reference: None) -> None:
    employer = services.employer_create(actor=world.bob, union=world.township_a, name="甲厂", division=TOWNSHIP)
    with pytest.raises(Http404):
        services.employer_update(actor=world.bea, employer=employer, headcount=5)


# --- Union profiles ------------------------------------------------------------------------------


@pytest.mark.parametrize(("term", "years"), [(3, 3), (5, 5)])
def test_profile_update_derives_the_re_election_date(world: World, term: int, years: int) -> None:
    elected = date(2024, 3, 15)
    result = services.union_profile_update(
        actor=world.carol, union=world.union_c, member_count=30, term_years=term, elected_on=elected
    )
    assert result.re_election_due == date(2024 + years, 3, 15)
    assert result.union_type == UnionProfile.Type.INDEPENDENT
    (row,) = audit_rows(result)
    assert row.changes["re_election_due"] == [None, f"{2024 + years}-03-15"]


def test_profile_refuses_more_members_than_workers_and_future_elections(world: World, reference: None) -> None:
    services.employer_create(
        actor=world.bob,
        union=world.township_a,
        name="丙",
        division=TOWNSHIP,
        headcount=40,
        union_status="own",
        own_union=world.union_c,
    )
    with pytest.raises(ValidationError) as caught:
        services.union_profile_update(actor=world.carol, union=world.union_c, member_count=41)
    assert "member_count" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.union_profile_update(
            actor=world.carol, union=world.union_c, elected_on=timezone.localdate() + timedelta(days=1)
        )
    assert "elected_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.union_profile_update(actor=world.carol, union=world.union_c, union_type="federation")


def test_profile_is_scoped(world: World) -> None:
    with pytest.raises(Http404):
        services.union_profile_update(actor=world.dan, union=world.union_c, member_count=3)
    with pytest.raises(PermissionDenied):
        services.union_profile_update(actor=world.wendy, union=world.union_c, member_count=3)


# --- Committee vs organizer at 25 members (工会法 art. 11) ------------------------------------


def test_24_members_elect_an_organizer_not_a_committee(world: World) -> None:
    profile(world, world.union_c, 24)
    with pytest.raises(ValidationError):
        services.committee_member_add(actor=world.carol, union=world.union_c, name="张三", position=CHAIR)
    organizer = services.committee_member_add(actor=world.carol, union=world.union_c, name="张三", position=ORGANIZER)
    assert organizer.position_order == 40
    # only one organizer
    with pytest.raises(ValidationError):
        services.committee_member_add(actor=world.carol, union=world.union_c, name="李四", position=ORGANIZER)
    # growing to 25 with an organizer on record needs a re-election first
    with pytest.raises(ValidationError) as caught:
        profile(world, world.union_c, 25)
    assert "member_count" in caught.value.message_dict


def test_25_members_elect_a_committee_with_one_chair(world: World) -> None:
    profile(world, world.union_c, 25)
    with pytest.raises(ValidationError):
        services.committee_member_add(actor=world.carol, union=world.union_c, name="张三", position=ORGANIZER)
    services.committee_member_add(
        actor=world.carol, union=world.union_c, name="张三", position=CHAIR, phone="13800138000", full_time=True
    )
    services.committee_member_add(actor=world.carol, union=world.union_c, name="李四", position=MEMBER)
    with pytest.raises(ValidationError):
        services.committee_member_add(actor=world.carol, union=world.union_c, name="王五", position=CHAIR)
    # the women's committee has its own chair
    services.committee_member_add(
        actor=world.carol, union=world.union_c, name="赵六", body=CommitteeMember.Body.WOMEN, position=CHAIR
    )
    # shrinking below 25 with a committee on record is refused
    with pytest.raises(ValidationError):
        profile(world, world.union_c, 24)


def test_a_joint_union_always_has_a_committee(world: World) -> None:
    profile(world, world.joint_a, 12)
    services.committee_member_add(actor=world.bob, union=world.joint_a, name="联主席", position=CHAIR)


def test_remove_is_audited_and_scoped(world: World) -> None:
    profile(world, world.union_c, 30)
    member = services.committee_member_add(actor=world.carol, union=world.union_c, name="张三", position=CHAIR)
    with pytest.raises(Http404):
        services.committee_member_remove(actor=world.dan, member=member)
    member_pk = member.pk
    services.committee_member_remove(actor=world.carol, member=member)
    with system_scope("test"):
        assert not CommitteeMember.unscoped.filter(pk=member_pk).exists()
        actions = list(
            AuditEvent.unscoped.filter(object_type="organisations.committeemember", object_id=str(member_pk))
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert actions == ["create", "delete"]


def test_an_officer_cannot_hand_the_record_to_a_federation_they_cannot_see(world: World, reference: None) -> None:
    # given union C's own employer, kept by union C
    employer = services.employer_create(
        actor=world.bob,
        union=world.township_a,
        name="丙",
        division=TOWNSHIP,
        union_status="own",
        own_union=world.union_c,
    )
    # when Carol (union C) records that the union is gone
    with pytest.raises(ValidationError) as caught:
        services.employer_update(actor=world.carol, employer=employer, union_status="none")
    # then she is told why, and the record stays with union C
    assert "union_status" in caught.value.message_dict
    employer.refresh_from_db()
    assert employer.union == world.union_c
