"""Elections at a sitting (presidium, employee directors and supervisors) on the rule of every item.

A candidate is elected only with more than half of ALL delegates (``rules.item_passes``, through
``rules.seats_filled``), the seats filled in order of votes; more candidates than seats or as many.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import acting_as
from gonghui.democracy import rules, services
from gonghui.democracy.models import AgendaItem, Congress, Session
from gonghui.democracy.tests import factories


def test_a_candidate_needs_more_than_half_of_all_delegates() -> None:
    assert rules.seats_filled([("a", 15)], 1, 30) == []  # exactly half of all 30: not elected
    assert rules.seats_filled([("a", 16)], 1, 30) == ["a"]  # half plus one


def test_seats_are_filled_in_order_of_votes() -> None:
    votes = [("a", 17), ("b", 25), ("c", 20), ("d", 16)]
    assert rules.seats_filled(votes, 2, 30) == ["b", "c"]
    assert rules.seats_filled(votes, 3, 30) == ["b", "c", "a"]


def test_a_tie_for_the_last_seat_leaves_it_open() -> None:
    assert rules.seats_filled([("a", 25), ("b", 18), ("c", 18)], 2, 30) == ["a"]
    assert rules.seats_filled([("a", 18), ("b", 18)], 2, 30) == ["a", "b"]  # both seats: no tie to break


def _election(world: World, *, seats: int, candidates: int) -> tuple[Congress, Session, AgendaItem, list[Any]]:
    congress = factories.congress_with_delegates(world, delegates=30)
    session = factories.sitting(congress, present=28, held_on=date(2025, 9, 20))
    with acting_as(world.bob):
        item = services.item_add(
            actor=world.bob, session=session, title="选举职工董事", kind=AgendaItem.Kind.ELECTION, seats=seats
        )
        delegate_workers = [d.worker for d in congress.delegates.order_by("id")[: candidates - 1]]
        outsider_of_the_congress = factories.workers(congress.employer, 1)[0]  # a worker, not a delegate
        chosen = [*delegate_workers, outsider_of_the_congress][:candidates]
        added = [services.candidate_add(actor=world.bob, item=item, worker=w) for w in chosen]
    return congress, session, item, added


def test_two_seats_among_three_candidates_go_to_the_two_with_a_majority_of_all(world: World) -> None:
    _congress, _session, item, (a, b, c) = _election(world, seats=2, candidates=3)
    with acting_as(world.bob):
        services.election_record(actor=world.bob, item=item, ballots_cast=28, votes={a.pk: 16, b.pk: 22, c.pk: 15})
        item.refresh_from_db()
        assert item.passed
        assert {x.pk for x in item.candidates.filter(elected=True)} == {a.pk, b.pk}


def test_a_seat_without_a_majority_of_all_stays_open(world: World) -> None:
    _congress, _session, item, (a, b, c) = _election(world, seats=2, candidates=3)
    with acting_as(world.bob):
        services.election_record(actor=world.bob, item=item, ballots_cast=28, votes={a.pk: 15, b.pk: 27, c.pk: 14})
        item.refresh_from_db()
        assert not item.passed
        assert [x.pk for x in item.candidates.filter(elected=True)] == [b.pk]


def test_fewer_candidates_than_seats_cannot_be_voted(world: World) -> None:
    _congress, _session, item, (a,) = _election(world, seats=2, candidates=1)
    with acting_as(world.bob), pytest.raises(ValidationError) as refused:
        services.election_record(actor=world.bob, item=item, ballots_cast=28, votes={a.pk: 20})
    assert "2" in refused.value.messages[0]


def test_more_votes_than_ballot_papers_are_refused(world: World) -> None:
    _congress, _session, item, (a, b) = _election(world, seats=1, candidates=2)
    with acting_as(world.bob), pytest.raises(ValidationError):
        services.election_record(actor=world.bob, item=item, ballots_cast=20, votes={a.pk: 15, b.pk: 10})


def test_a_worker_of_another_employer_is_no_candidate(world: World) -> None:
    _congress, _session, item, _added = _election(world, seats=1, candidates=2)
    stranger = factories.workers(factories.employer(world), 1)[0]
    with acting_as(world.bob), pytest.raises(ValidationError) as refused:
        services.candidate_add(actor=world.bob, item=item, worker=stranger)
    assert "worker" in refused.value.message_dict


def test_the_sitting_page_shows_the_count_and_outsiders_get_404(world: World, client_for: Any) -> None:
    _congress, session, item, (a, b) = _election(world, seats=1, candidates=2)
    client = client_for(world.bob)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'data-testid="count-1"' in page
    assert 'data-testid="vote-1"' not in page
    response = client.post(
        f"/democracy/items/{item.pk}/count/", {"ballots_cast": 28, f"votes_{a.pk}": 16, f"votes_{b.pk}": 12}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(session.get_absolute_url()).content.decode()
    assert f'data-candidate="{a.pk}" data-elected="yes"' in page
    assert f'data-candidate="{b.pk}" data-elected="no"' in page
    outsider = client_for(world.bea)
    assert outsider.get(f"/democracy/items/{item.pk}/count/").status_code == 404
    assert outsider.get(f"/democracy/items/{item.pk}/candidates/add/").status_code == 404
