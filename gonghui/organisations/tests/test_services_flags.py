"""What the union page flags: committee form (art. 11), full-time chair (art. 14), re-election (art. 16)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gonghui.core.testing.world import World
from gonghui.organisations.models import CommitteeMember, UnionProfile
from gonghui.organisations.selectors import union_flags


def texts(world: World, profile: UnionProfile | None, seats: list, headcount: int | None) -> list[str]:
    return [str(flag.text) for flag in union_flags(world.union_c, profile, seats, headcount)]


def test_full_time_chair_is_expected_from_200_workers(world: World) -> None:
    profile = UnionProfile(union=world.union_c, member_count=150)
    chair = CommitteeMember(union=world.union_c, body="committee", position="chair", name="张")
    # 199 workers: no flag; 200 workers and no full-time chair: the art. 14 flag
    assert not any("200" in t for t in texts(world, profile, [chair], 199))
    assert any("200" in t for t in texts(world, profile, [chair], 200))
    # a full-time chair on record (on the profile or the seat) clears it
    chair.full_time = True
    assert not any("200" in t for t in texts(world, profile, [chair], 200))


def test_committee_or_organizer_is_flagged_when_missing(world: World) -> None:
    small = UnionProfile(union=world.union_c, member_count=24)
    large = UnionProfile(union=world.union_c, member_count=25)
    organizer = CommitteeMember(union=world.union_c, body="committee", position="organizer", name="李")
    assert any("25" in t for t in texts(world, small, [], None))
    assert not any("25" in t for t in texts(world, small, [organizer], None))
    assert any("25" in t for t in texts(world, large, [organizer], None))


def test_re_election_overdue_and_due_soon(world: World) -> None:
    today = timezone.localdate()
    overdue = UnionProfile(union=world.union_c, member_count=0, re_election_due=today - timedelta(days=1))
    soon = UnionProfile(union=world.union_c, member_count=0, re_election_due=today + timedelta(days=90))
    later = UnionProfile(union=world.union_c, member_count=0, re_election_due=today + timedelta(days=91))
    assert [f.level for f in union_flags(world.union_c, overdue, [], None) if "换届" in str(f.text)] == ["danger"]
    assert [f.level for f in union_flags(world.union_c, soon, [], None) if "换届" in str(f.text)] == ["warning"]
    assert not [f for f in union_flags(world.union_c, later, [], None) if "换届" in str(f.text)]
