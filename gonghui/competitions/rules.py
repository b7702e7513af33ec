"""The rules of a competition's results: rankings, who may be scored in a stage, the organisers.

**Ranking (名次).** Within a stage, participants are ranked by their score, highest first.
Equal scores share a place and the places after them are skipped ("standard competition
ranking", 1-2-2-4): two participants on 95.00 are both second and the next is fourth. A
competition's final ranking is the ranking of its last stage that has scores; a tie there is
not broken by an earlier stage (the organisers break it, if they must, by a play-off stage).
Participants with the same place are listed by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gonghui.core.tree.models import Union

ORGANISER_KINDS = frozenset({Union.Kind.COUNTY, Union.Kind.TOWNSHIP, Union.Kind.SECTOR})


@dataclass(frozen=True)
class Placed:
    """One line of a ranking: the place (shared on a tie), the participant and the score."""

    place: int
    participant: Any
    points: Decimal
    tied: bool


def rank(scores: Iterable[tuple[Any, Decimal]], *, name: Any = str) -> list[Placed]:
    """Rank ``(participant, points)`` pairs: highest first, equal scores share a place (1-2-2-4)."""
    ordered = sorted(scores, key=lambda pair: (-pair[1], name(pair[0])))
    counts: dict[Decimal, int] = {}
    for _participant, points in ordered:
        counts[points] = counts.get(points, 0) + 1
    placed: list[Placed] = []
    place = 0
    previous: Decimal | None = None
    for index, (participant, points) in enumerate(ordered, start=1):
        if points != previous:
            place = index
            previous = points
        placed.append(Placed(place, participant, points, counts[points] > 1))
    return placed


def advancing_ids(previous: list[Placed], advancing: int | None) -> set[int]:
    """The participants of the stage before who may be scored in the next: within the first ``advancing`` places.

    A tie on the last advancing place takes all who share it (the rule that keeps equal scores equal).
    """
    if advancing is None:
        return {line.participant.pk for line in previous}
    return {line.participant.pk for line in previous if line.place <= advancing}
