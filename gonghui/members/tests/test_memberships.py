"""Memberships: every transition, the transfer between unions, the 6-month flag, member counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import user_create
from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import PASSWORD
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members import selectors, services
from gonghui.members.models import Membership, MembershipEvent, Worker, follow_up_cutoff, months_before
from gonghui.members.tests.factories import make_worker
from gonghui.organisations.models import Employer, UnionProfile

Status = Membership.Status
Kind = MembershipEvent.Kind
Reason = Membership.Reason


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def member(world):
    worker = make_worker(world.carol, world.union_c)
    membership = services.membership_join(actor=world.carol, worker=worker, union=world.union_c, on=days_ago(100))
    return membership


@pytest.fixture
def profiles(world):
    with system_scope("test"):
        for union in (world.union_c, world.union_d, world.joint_a):
            UnionProfile.unscoped.get_or_create(union=union, defaults={"union_type": "independent", "member_count": 99})


def kinds(membership: Membership) -> list[str]:
    with system_scope("test"):
        return list(
            MembershipEvent.unscoped.filter(membership=membership).order_by("id").values_list("kind", flat=True)
        )


def test_join_makes_an_active_member_with_a_card_and_an_event(world, member):
    worker = member.worker
    worker.refresh_from_db()
    assert member.status == Status.ACTIVE
    assert worker.member_status == Worker.MemberStatus.ACTIVE
    assert worker.card_number
    assert worker.card_number.endswith(str(worker.pk))
    assert kinds(member) == [Kind.JOIN]
    with system_scope("test"):
        assert AuditEvent.unscoped.filter(object_type="members.membership", object_id=str(member.pk)).exists()


def test_join_with_a_given_card_number_and_from_outside_the_county(world):
    worker = make_worker(world.carol, world.union_c)
    membership = services.membership_join(
        actor=world.carol, worker=worker, union=world.union_c, on=days_ago(3), card_number="K-77", transfer_in=True
    )
    worker.refresh_from_db()
    assert worker.card_number == "K-77"
    assert kinds(membership) == [Kind.TRANSFER_IN]


def test_one_current_membership_per_worker(world, member):
    with pytest.raises(ValidationError):
        services.membership_join(actor=world.bob, worker=member.worker, union=world.joint_a, on=days_ago(1))


def test_join_refuses_federations_future_dates_and_children(world):
    worker = make_worker(world.carol, world.union_c)
    with pytest.raises(ValidationError) as exc:
        services.membership_join(actor=world.bob, worker=worker, union=world.township_a, on=days_ago(1))
    assert "union" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_join(actor=world.carol, worker=worker, union=world.union_c, on=days_ago(-2))
    assert "on" in exc.value.message_dict
    from gonghui.members.tests.factories import id_number

    child = make_worker(world.carol, world.union_c, name="小明", id_number=id_number(days_ago(365 * 10)))
    with pytest.raises(ValidationError) as exc:
        services.membership_join(actor=world.carol, worker=child, union=world.union_c, on=days_ago(1))
    assert "on" in exc.value.message_dict


def test_join_outside_scope_is_404(world):
    worker = make_worker(world.carol, world.union_c)
    with pytest.raises(Http404):
        services.membership_join(actor=world.carol, worker=worker, union=world.union_d, on=days_ago(1))


def test_keep_and_resume(world, member):
    services.membership_keep(actor=world.carol, membership=member, on=days_ago(50), reason=Reason.LAID_OFF)
    member.refresh_from_db()
    assert member.status == Status.KEPT
    assert Worker.unscoped.get(pk=member.worker_id).member_status == Worker.MemberStatus.KEPT
    with pytest.raises(ValidationError) as exc:
        services.membership_keep(actor=world.carol, membership=member, on=days_ago(40), reason=Reason.LAID_OFF)
    services.membership_resume(actor=world.carol, membership=member, on=days_ago(10))
    member.refresh_from_db()
    assert member.status == Status.ACTIVE
    assert kinds(member) == [Kind.JOIN, Kind.KEEP, Kind.RESUME]
    with pytest.raises(ValidationError) as exc:
        services.membership_keep(actor=world.carol, membership=member, on=days_ago(5), reason=Reason.EXPELLED)
    assert "reason" in exc.value.message_dict


def test_leave(world, member):
    services.membership_leave(actor=world.carol, membership=member, on=days_ago(1), reason=Reason.PERSONAL)
    member.refresh_from_db()
    assert (member.status, member.ended_on, member.end_reason) == (Status.LEFT, days_ago(1), Reason.PERSONAL)
    assert Worker.unscoped.get(pk=member.worker_id).member_status == Worker.MemberStatus.FORMER
    assert kinds(member) == [Kind.JOIN, Kind.LEAVE]
    with pytest.raises(ValidationError):
        services.membership_leave(actor=world.carol, membership=member, on=days_ago(0), reason=Reason.PERSONAL)


def test_removal_needs_the_reason_and_a_note(world, member):
    with pytest.raises(ValidationError) as exc:
        services.membership_remove(actor=world.carol, membership=member, on=days_ago(1), reason=Reason.EXPELLED)
    assert "note" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_remove(
            actor=world.carol, membership=member, on=days_ago(1), reason=Reason.PERSONAL, note="决定"
        )
    assert "reason" in exc.value.message_dict
    services.membership_remove(
        actor=world.carol, membership=member, on=days_ago(1), reason=Reason.EXPELLED, note="判决书（2026）1号"
    )
    member.refresh_from_db()
    assert member.status == Status.REMOVED
    assert kinds(member) == [Kind.JOIN, Kind.REMOVAL]


def test_a_change_cannot_predate_the_last_one(world, member):
    with pytest.raises(ValidationError) as exc:
        services.membership_leave(actor=world.carol, membership=member, on=days_ago(200), reason=Reason.PERSONAL)
    assert "on" in exc.value.message_dict


def test_the_transfer_is_one_operation_both_sides_see_and_a_third_union_sees_nothing(world, member, profiles):
    worker = member.worker
    new = services.membership_transfer(
        actor=world.carol, membership=member, to_union=world.union_d, on=days_ago(5), note="调动"
    )
    member.refresh_from_db()
    worker.refresh_from_db()
    assert member.status == Status.TRANSFERRED_OUT
    assert member.ended_on == days_ago(5)
    assert (new.union, new.status, new.transferred_from) == (world.union_d, Status.ACTIVE, member)
    assert worker.union == world.union_d
    assert worker.member_status == Worker.MemberStatus.ACTIVE
    # The card follows the person.
    assert worker.card_number

    # The sending side sees its "transferred out" event, naming the receiving union.
    out = list(selectors.transfers_for_user(world.carol))
    assert [(e.kind, e.counterpart_union) for e in out] == [(Kind.TRANSFER_OUT, world.union_d)]
    assert selectors.get_worker_for_user(world.carol, worker.pk) == worker
    assert [m.pk for m in selectors.memberships_of_worker(world.carol, worker)] == [member.pk]
    # The receiving side sees the "transferred in" event and the worker, now theirs.
    seen = list(selectors.transfers_for_user(world.dan, direction="in"))
    assert [(e.kind, e.counterpart_union) for e in seen] == [(Kind.TRANSFER_IN, world.union_c)]
    assert worker in list(selectors.workers_for_user(world.dan))
    assert [m.pk for m in selectors.memberships_of_worker(world.dan, worker)] == [new.pk]
    assert [e.kind for e in selectors.events_of_worker(world.dan, worker)] == [Kind.TRANSFER_IN]
    # The county sees the whole history.
    assert {e.kind for e in selectors.events_of_worker(world.alice, worker)} == {
        Kind.JOIN,
        Kind.TRANSFER_OUT,
        Kind.TRANSFER_IN,
    }
    # An officer of a third union sees none of it.
    with system_scope("test"):
        joe = user_create(
            actor=None,
            username="joe_members",
            full_name="乔",
            union=world.joint_a,
            role=Role.GRASSROOTS_OFFICER,
            password=PASSWORD,
            must_change_password=False,
        )
    assert list(selectors.transfers_for_user(joe)) == []
    assert list(selectors.workers_for_user(joe)) == []
    with pytest.raises(Http404):
        selectors.get_worker_for_user(joe, worker.pk)
    # Counts on both unions stay true.
    with system_scope("test"):
        counts = dict(UnionProfile.unscoped.values_list("union_id", "member_count"))
    assert counts[world.union_c.pk] == 0
    assert counts[world.union_d.pk] == 1


def test_transfer_refusals(world, member):
    with pytest.raises(ValidationError) as exc:
        services.membership_transfer(actor=world.carol, membership=member, to_union=world.union_c, on=days_ago(1))
    assert "to_union" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_transfer(actor=world.carol, membership=member, to_union=world.township_b, on=days_ago(1))
    assert "to_union" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_transfer(
            actor=world.carol, membership=member, to_union=world.union_d, on=days_ago(1), reason=Reason.PERSONAL
        )
    assert "reason" in exc.value.message_dict
    # The receiving officer cannot pull a member from a union they cannot see.
    with pytest.raises(Http404):
        services.membership_transfer(actor=world.dan, membership=member, to_union=world.union_d, on=days_ago(1))
    member.refresh_from_db()
    assert member.status == Status.ACTIVE


def test_transfer_with_the_new_employer(world, member):
    with system_scope("test"):
        employer = Employer.unscoped.create(
            union=world.union_d, own_union=world.union_d, name="丁公司", union_status="own"
        )
    new = services.membership_transfer(
        actor=world.carol, membership=member, to_union=world.union_d, on=days_ago(1), employer=employer
    )
    assert new.employer == employer
    assert Worker.unscoped.get(pk=member.worker_id).employer == employer
    other = make_worker(world.carol, world.union_c, name="钱七")
    other_membership = services.membership_join(actor=world.carol, worker=other, union=world.union_c, on=days_ago(9))
    with pytest.raises(ValidationError) as exc:
        services.membership_transfer(
            actor=world.carol, membership=other_membership, to_union=world.joint_a, on=days_ago(1), employer=employer
        )
    assert "employer" in exc.value.message_dict


def test_receiving_union_lookup_by_exact_name_or_code_only(world):
    assert services.receiving_union_lookup("丁公司工会委员会") == world.union_d
    assert services.receiving_union_lookup("丁公司") is None
    assert services.receiving_union_lookup("乙镇总工会") is None  # a federation has no members


def test_six_month_follow_up_flag(world, member):
    today = timezone.localdate()
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert follow_up_cutoff(date(2026, 11, 24)) == date(2026, 5, 24)
    with system_scope("test"):
        Membership.unscoped.filter(pk=member.pk).update(joined_on=today - timedelta(days=400))
        Membership.unscoped.filter(pk=member.pk).update(last_seen_on=today - timedelta(days=400))
    member.refresh_from_db()
    assert member.needs_follow_up(today)
    assert list(selectors.memberships_needing_follow_up(world.carol)) == [member]
    assert list(selectors.memberships_needing_follow_up(world.dan)) == []
    # Dues paid two months ago clear the flag; an activity alone would too.
    assert services.memberships_mark_seen(actor=world.carol, memberships=[member], on=days_ago(60), what="dues") == 1
    member.refresh_from_db()
    assert member.last_dues_on == days_ago(60)
    assert member.last_seen_on == days_ago(60)
    assert not member.needs_follow_up(today)
    assert list(selectors.memberships_needing_follow_up(world.carol)) == []
    # Exactly six months without either: flagged the day after.
    six = follow_up_cutoff(today)
    services.memberships_mark_seen(actor=world.carol, memberships=[member], on=six, what="activity")
    member.refresh_from_db()
    assert member.last_seen_on == days_ago(60)  # the latest of the two counts
    # Dan cannot mark Carol's members.
    assert services.memberships_mark_seen(actor=world.dan, memberships=[member], on=days_ago(1)) == 0


def test_kept_members_are_not_flagged(world, member):
    services.membership_keep(actor=world.carol, membership=member, on=days_ago(90), reason=Reason.UNEMPLOYED)
    member.refresh_from_db()
    assert not member.needs_follow_up(timezone.localdate() + timedelta(days=400))


def test_member_counts_refresh_counts_current_members_in_one_query(world, profiles, django_assert_max_num_queries):
    for index, name in enumerate(["甲一", "甲二", "甲三"]):
        worker = make_worker(world.carol, world.union_c, name=name)
        membership = services.membership_join(actor=world.carol, worker=worker, union=world.union_c, on=days_ago(30))
        if index == 0:
            services.membership_keep(actor=world.carol, membership=membership, on=days_ago(2), reason=Reason.LAID_OFF)
        if index == 1:
            services.membership_leave(actor=world.carol, membership=membership, on=days_ago(2), reason=Reason.PERSONAL)
    with system_scope("test"):
        UnionProfile.unscoped.update(member_count=42)
    with django_assert_max_num_queries(6):
        services.member_counts_refresh()
    with system_scope("test"):
        counts = dict(UnionProfile.unscoped.values_list("union_id", "member_count"))
    assert counts[world.union_c.pk] == 2  # active + kept
    assert counts[world.union_d.pk] == 0
    # a federation counts its subtree: township A and the county hold union C's two members
    assert counts.get(world.township_a.pk, 2) == 2
    assert counts.get(world.county.pk, 2) == 2
    assert counts.get(world.township_b.pk, 0) == 0


def test_a_partial_refresh_recounts_the_federations_above(world, profiles):
    worker = make_worker(world.carol, world.union_c, name="甲四")
    services.membership_join(actor=world.carol, worker=worker, union=world.union_c, on=days_ago(30))
    with system_scope("test"):
        for union in (world.county, world.township_a, world.union_c):
            UnionProfile.unscoped.update_or_create(
                union=union, defaults={"union_type": "federation", "member_count": 9}
            )
        UnionProfile.unscoped.filter(union=world.union_c).update(union_type="independent")
    services.member_counts_refresh([world.union_c.pk])
    with system_scope("test"):
        counts = dict(UnionProfile.unscoped.values_list("union_id", "member_count"))
    assert (counts[world.union_c.pk], counts[world.township_a.pk], counts[world.county.pk]) == (1, 1, 1)


def test_an_employer_count_selector(world, member):
    with system_scope("test"):
        employer = Employer.unscoped.create(
            union=world.union_c, own_union=world.union_c, name="丙公司", union_status="own"
        )
        Membership.unscoped.filter(pk=member.pk).update(employer=employer)
    assert selectors.member_counts_by_employer(world.carol, [employer.pk]) == {employer.pk: 1}
    assert selectors.member_counts_by_employer(world.dan, [employer.pk]) == {}


def test_events_are_scoped_by_their_union(world, member):
    with acting_as(world.dan):
        assert not MembershipEvent.objects.filter(membership=member).exists()
        assert not Membership.objects.filter(pk=member.pk).exists()
    with pytest.raises(Http404):
        selectors.get_membership_for_user(world.dan, member.pk)


def test_a_former_union_can_take_its_member_back(world, member):
    """Carol's member moved to Dan's union and left it; Carol sees them through her old membership and rejoins them."""
    services.membership_transfer(actor=world.carol, membership=member, to_union=world.union_d, on=days_ago(20))
    with acting_as(world.dan):
        current = Membership.objects.get(worker=member.worker, status=Status.ACTIVE)
    services.membership_leave(actor=world.dan, membership=current, on=days_ago(10), reason=Reason.LABOUR_RELATION)
    again = services.membership_join(actor=world.carol, worker=member.worker, union=world.union_c, on=days_ago(5))
    worker = Worker.unscoped.get(pk=member.worker_id)
    assert (again.status, worker.union, worker.member_status) == (Status.ACTIVE, world.union_c, "active")
    # A third union that never held them cannot.
    other = make_worker(world.dan, world.union_d, name="孙八")
    with pytest.raises(Http404):
        services.membership_join(actor=world.carol, worker=other, union=world.union_c, on=days_ago(1))
