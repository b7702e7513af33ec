"""The member registry's demo step: workers, memberships and history that keep every rule of the registry."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import date
from typing import Any

import pytest

from gonghui.core.demo import names
from gonghui.core.demo.registry import SIZES, DemoContext, DemoCounty, steps
from gonghui.core.identifiers import parse_id_number
from gonghui.core.testing.world import PASSWORD, World
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members.models import Membership, MembershipEvent, Worker, follow_up_cutoff, last_seen
from gonghui.organisations.models import Employer, UnionProfile

TODAY = date(2026, 11, 24)
STEPS = ("organisations", "founding history and survey campaign", "member registry")


@pytest.fixture
def registry(world: World, reference: None) -> dict[str, Any]:
    """The employers, founding and member registry steps, run at small size on the test world."""
    lines: list[str] = []
    ctx = DemoContext(random.Random(5), SIZES["small"], TODAY, PASSWORD, lines.append)
    ctx.put(
        DemoCounty(
            county=world.county,
            townships=[world.township_a, world.township_b],
            grassroots=[world.union_c, world.union_d],
            joint=[world.joint_a],
        )
    )
    registered = {name: function for _order, name, function in steps()}
    with system_scope("demo"):
        for name in STEPS[:2]:
            registered[name](ctx)
        started = time.perf_counter()
        registered["member registry"](ctx)
        seconds = time.perf_counter() - started
    return {"ctx": ctx, "lines": lines, "seconds": seconds}


def test_workers_are_real_people_with_valid_unique_ids(world: World, registry: dict[str, Any]) -> None:
    with system_scope("test"):
        workers = list(Worker.unscoped.all())
    # then a few hundred workers are on file, quickly (the small size runs in every test build)
    assert 300 <= len(workers) <= 3000
    assert registry["seconds"] < 10
    numbers = [w.id_number for w in workers]
    assert len(set(numbers)) == len(numbers)
    for worker in workers:
        # every ID number is a valid GB 11643 number of the demo county, its sex and birth date on the record
        parsed = parse_id_number(worker.id_number, today=TODAY)
        assert parsed.area_code == names.COUNTY_DIVISION
        # the demo keeps to sequence numbers 500–999 (test sheets can keep clear of them)
        assert int(worker.id_number[14:17]) >= 500
        assert (parsed.sex, parsed.birth_date) == (worker.sex, worker.birth_date)
        assert 18 <= worker.age_on(TODAY) <= 60
        assert worker.pinyin
        assert worker.name_grams
        assert worker.employer_id is not None
    # the blind index finds a worker by ID number
    with system_scope("test"):
        assert Worker.unscoped.filter(id_number__matches=workers[0].id_number).get() == workers[0]
    # the categories are all there; ethnic groups, education, status plausible
    categories = Counter(w.category for w in workers)
    assert set(categories) == set(Worker.Category.values)
    assert categories["regular"] > len(workers) / 2
    assert Counter(w.ethnic_group_id for w in workers).most_common(1)[0][0] == "01"
    assert Counter(w.employment_status_id for w in workers).most_common(1)[0][0] == "01"
    assert all(w.education_id and w.political_status_id and w.household_type_id for w in workers)
    # the step reports its totals
    assert "workers" in registry["lines"][-1]
    assert "members" in registry["lines"][-1]


def test_memberships_follow_the_registry_rules(world: World, registry: dict[str, Any]) -> None:
    with system_scope("test"):
        workers = {w.pk: w for w in Worker.unscoped.all()}
        memberships = list(Membership.unscoped.all())
        events = list(MembershipEvent.unscoped.all())
        employer_union = dict(Employer.unscoped.values_list("id", "union_id"))
        covered = set(Employer.unscoped.filter(union_status__in=["own", "joint"]).values_list("id", flat=True))
    by_worker: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_worker.setdefault(membership.worker_id, []).append(membership)
    statuses: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for worker in workers.values():
        mine = by_worker.get(worker.pk, [])
        current = [m for m in mine if m.is_current]
        # at most one current membership; the keeping union is its union, else the employer's
        assert len(current) <= 1
        if current:
            assert worker.union_id == current[0].union_id
            assert worker.member_status == {"active": "active", "kept": "kept"}[current[0].status]
        else:
            assert worker.union_id == employer_union[worker.employer_id]
            assert worker.member_status == ("former" if mine else "none")
        # the card follows the person: issued on first joining
        assert (worker.card_number is not None) == bool(mine)
        if worker.employer_id in covered:
            statuses[worker.member_status] += 1
        else:
            others[worker.member_status] += 1
        if worker.employer_id not in covered:
            # employers without a union have no members of their own
            assert all(m.employer_id != worker.employer_id for m in current)
        if current and current[0].status == "kept":
            assert worker.employment_status_id in ("02", "03", "01")
    cards = [w.card_number for w in workers.values() if w.card_number]
    assert len(cards) == len(set(cards))
    # most workers of covered employers are members (some former, some never joined)
    assert statuses["active"] > 5 * statuses["none"] > 0
    # workers of employers without a union are mostly not members; a few are kept by a former union
    assert others["none"] > 5 * (others["kept"] + others["former"])
    assert statuses["former"] > 0
    assert statuses["kept"] > 0

    events_of: dict[int, list[MembershipEvent]] = {}
    for event in events:
        events_of.setdefault(event.membership_id, []).append(event)
    for membership in memberships:
        # dates in order, none in the future; last seen is the latest of joining, dues and activity
        assert membership.joined_on <= TODAY
        assert membership.last_seen_on == last_seen(
            membership.joined_on, membership.last_dues_on, membership.last_activity_on
        )
        assert membership.last_seen_on <= TODAY
        mine = sorted(events_of[membership.pk], key=lambda e: (e.on, e.id))
        assert mine[0].kind in ("join", "transfer_in")
        assert mine[0].on == membership.joined_on
        assert all(membership.joined_on <= e.on <= TODAY for e in mine)
        assert all(e.union_id == membership.union_id and e.worker_id == membership.worker_id for e in mine)
        if membership.is_current:
            assert membership.ended_on is None
        else:
            assert membership.joined_on <= membership.ended_on <= TODAY
            assert mine[-1].on == membership.ended_on
            assert mine[-1].reason == membership.end_reason
        if membership.status == "removed":
            assert mine[-1].kind == "removal"
            assert mine[-1].note
        if membership.status == "kept":
            assert mine[-1].kind == "keep"
            assert membership.end_reason in ("laid_off", "unemployed", "labour_relation")


def test_transfers_have_both_sides(world: World, registry: dict[str, Any]) -> None:
    with system_scope("test"):
        arrived = list(Membership.unscoped.exclude(transferred_from=None).select_related("transferred_from"))
        sent = Membership.unscoped.filter(status="transferred_out")
        assert arrived
        assert sent.count() == len(arrived)
        for new in arrived:
            old = new.transferred_from
            assert old.worker_id == new.worker_id
            assert old.union_id != new.union_id
            assert (old.status, old.ended_on, old.end_reason) == ("transferred_out", new.joined_on, "labour_relation")
            out = MembershipEvent.unscoped.get(membership=old, kind="transfer_out")
            into = MembershipEvent.unscoped.get(membership=new, kind="transfer_in")
            assert (out.on, out.counterpart_union_id) == (new.joined_on, new.union_id)
            assert (into.on, into.counterpart_union_id) == (new.joined_on, old.union_id)


def test_profiles_count_the_registry_and_officers_see_their_members(world: World, registry: dict[str, Any]) -> None:
    with system_scope("test"):
        current = Counter(
            Membership.unscoped.filter(status__in=Membership.CURRENT).values_list("union__path", flat=True)
        )
        for profile in UnionProfile.unscoped.select_related("union"):
            union = profile.union
            if union.is_federation:  # a federation counts its whole subtree
                expected = sum(n for path, n in current.items() if path.startswith(union.path))
            else:
                expected = current.get(union.path, 0)
            assert profile.member_count == expected
        cutoff = follow_up_cutoff(TODAY)
        flagged = Membership.unscoped.filter(status="active", last_seen_on__lt=cutoff)
        # some members are due the six-month follow-up, but few
        assert 0 < flagged.count() < Membership.unscoped.filter(status="active").count() / 10
    # the grassroots officer sees members of their union; the other township's officer sees none of them
    carol, dan = world.carol, world.dan
    with acting_as(carol):
        mine = Worker.objects.filter(member_status="active")
        assert mine.exists()
        assert all(w.union_id == world.union_c.pk for w in mine)
    with acting_as(dan):
        assert not Worker.objects.filter(union=world.union_c).exists()
    # the township officer sees the township's workers: its unions' members and the unorganised employers' workers
    with acting_as(world.bob):
        seen = set(Worker.objects.values_list("union_id", flat=True))
        assert {world.union_c.pk, world.township_a.pk} <= seen
        assert world.union_d.pk not in seen
        assert world.township_b.pk not in seen
