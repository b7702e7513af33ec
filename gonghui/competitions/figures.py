"""Competition and innovation figures: competitions and participants, innovations and the value they created.

Every count is a grouped ``COUNT`` over the user's scoped rows of the year (competitions by the
year they start, innovations by the year submitted), by township (the organiser's or the
employer union's township) and kind, and carries the list link naming exactly its rows:
``year``, ``township`` (a union id), ``kind`` and ``outcome=adopted``. The value created and
the rewards are sums of yuan shown beside the counts (a sum is no row count, so it links to the
adopted innovations it adds up). A line no list filter names (kept by the county federation
itself) has no link. Four queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.competitions import selectors
from gonghui.competitions.models import Competition, Innovation, Participant
from gonghui.core.figures import Figure, list_url
from gonghui.core.figures.townships import township_path, township_unions
from gonghui.core.figures.years import this_year
from gonghui.core.tree.scoping import acting_as

ADOPTED = Innovation.Outcome.ADOPTED
KINDS = [str(kind) for kind in Innovation.Kind.values]


@dataclass
class CompetitionLine:
    key: str
    label: str
    competitions: int
    participants: int
    filters: dict[str, Any] | None
    links: bool
    figures: dict[str, Figure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        linked = self.links and self.filters is not None
        self.figures["competitions"] = Figure(
            self.competitions,
            list_url("competitions:list", **self.filters) if linked and self.filters is not None else "",
            f"competitions.{self.key}.count",
            f"{self.label}: competitions",
        )
        self.figures["participants"] = Figure(
            self.participants,
            list_url("competitions:participant_list", **self.filters) if linked and self.filters is not None else "",
            f"competitions.{self.key}.participants",
            f"{self.label}: participants",
        )


@dataclass
class InnovationLine:
    key: str
    label: str
    counts: dict[str, int]
    value: Decimal
    reward: Decimal
    filters: dict[str, Any] | None
    links: bool
    figures: dict[str, Figure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        linked = self.links and self.filters is not None
        for measure in ("total", "adopted", *KINDS):
            extra: dict[str, str] = {}
            if measure == "adopted":
                extra = {"outcome": ADOPTED}
            elif measure in KINDS:
                extra = {"kind": measure}
            url = list_url("competitions:innovation_list", **(self.filters or {}), **extra) if linked else ""
            self.figures[measure] = Figure(
                self.counts.get(measure, 0), url, f"innovations.{self.key}.{measure}", f"{self.label}: {measure}"
            )


@dataclass
class CompetitionFigureSet:
    year: int
    competitions: list[CompetitionLine]
    innovations: list[InnovationLine]
    by_kind: list[CompetitionLine]

    def all(self) -> list[Figure]:
        lines: list[Any] = [*self.competitions, *self.by_kind, *self.innovations]
        return [figure for line in lines for figure in line.figures.values()]


def _innovation_counts() -> dict[str, Any]:
    counts: dict[str, Any] = {
        "total": Count("pk"),
        "adopted": Count("pk", filter=Q(outcome=ADOPTED)),
        "value": Sum("value_created", filter=Q(outcome=ADOPTED)),
        "reward": Sum("reward", filter=Q(outcome=ADOPTED)),
    }
    for kind in KINDS:
        counts[kind] = Count("pk", filter=Q(kind=kind))
    return counts


def competition_figures(user: Any, *, year: int | None = None) -> CompetitionFigureSet:
    """The figures of the competitions starting in ``year`` and the innovations submitted in it, in ``user``'s scope."""
    year = year or this_year()
    competition_links = user.has_perm("competitions.view_competition") and user.has_perm(
        "competitions.view_participant"
    )
    innovation_links = user.has_perm("competitions.view_innovation")
    with acting_as(user):
        competitions = list(
            Competition.objects.filter(starts_on__year=year)
            .annotate(township=township_path())
            .values("township")
            .annotate(count=Count("pk"))
        )
        participants = list(
            Participant.objects.filter(competition__starts_on__year=year)
            .annotate(township=township_path())
            .values("township")
            .annotate(count=Count("pk"))
        )
        kinds = list(
            Participant.objects.filter(competition__starts_on__year=year)
            .values("competition__kind")
            .annotate(count=Count("pk"), competitions=Count("competition", distinct=True))
        )
        innovations = list(
            Innovation.objects.filter(submitted_on__year=year)
            .annotate(township=township_path())
            .values("township")
            .annotate(**_innovation_counts())
        )
        competitions_by_kind = dict(
            Competition.objects.filter(starts_on__year=year).values_list("kind").annotate(count=Count("pk"))
        )
        visible = {union.path: union for union in selectors.townships_for_user(user)}
        names = township_unions([*(r["township"] for r in competitions), *(r["township"] for r in innovations)])

    def township(path: str) -> tuple[str, dict[str, Any] | None]:
        union = visible.get(path) or names.get(path)
        label = union.name if union is not None else _("kept by the county federation")
        filters = {"year": year, "township": union.pk} if union is not None and path in visible else None
        return label, filters

    competition_counts = {r["township"] or "": r["count"] for r in competitions}
    participant_counts = {r["township"] or "": r["count"] for r in participants}
    competition_lines = [
        CompetitionLine(
            "all",
            str(gettext_lazy("All")),
            sum(competition_counts.values()),
            sum(participant_counts.values()),
            {"year": year},
            competition_links,
        )
    ]
    for path in sorted(set(competition_counts) | set(participant_counts), key=lambda p: p or "~"):
        label, filters = township(path)
        competition_lines.append(
            CompetitionLine(
                path or "-",
                label,
                competition_counts.get(path, 0),
                participant_counts.get(path, 0),
                filters,
                competition_links,
            )
        )
    kind_labels = dict(Competition.Kind.choices)
    participants_by_kind = {r["competition__kind"]: r["count"] for r in kinds}
    by_kind = [
        CompetitionLine(
            f"kind-{kind}",
            str(kind_labels[kind]),
            competitions_by_kind.get(kind, 0),
            participants_by_kind.get(kind, 0),
            {"year": year, "kind": kind},
            competition_links,
        )
        for kind in Competition.Kind.values
    ]
    zero = Decimal("0")

    def measures(row: dict[str, Any]) -> dict[str, int]:
        return {m: row[m] for m in ("total", "adopted", *KINDS)}

    total_row: dict[str, Any] = {m: sum(r[m] for r in innovations) for m in ("total", "adopted", *KINDS)}
    innovation_lines = [
        InnovationLine(
            "all",
            str(gettext_lazy("All")),
            total_row,
            sum((r["value"] or zero for r in innovations), zero),
            sum((r["reward"] or zero for r in innovations), zero),
            {"year": year},
            innovation_links,
        )
    ]
    for row in sorted(innovations, key=lambda r: r["township"] or "~"):
        path = row["township"] or ""
        label, filters = township(path)
        innovation_lines.append(
            InnovationLine(
                path or "-",
                label,
                measures(row),
                row["value"] or zero,
                row["reward"] or zero,
                filters,
                innovation_links,
            )
        )
    return CompetitionFigureSet(
        year=year, competitions=competition_lines, innovations=innovation_lines, by_kind=by_kind
    )


class CompetitionFigures:
    """A FigureSource: dashboards and the annual report read the module through it."""

    name = "competitions.figures"
    title = gettext_lazy("Competitions and innovation")
    permission = "competitions.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return competition_figures(user, year=year).all()
