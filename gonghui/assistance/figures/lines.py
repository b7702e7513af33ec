"""The figures' lines: caseload and year lines, programmes and their money, the speech's reach test."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.figures.common import (
    CATEGORIES,
    CATEGORY_COLOURS,
    CATEGORY_LABELS,
    DEEP,
    FILED,
    KIND_LABELS,
    ZERO,
    file_list_url,
)
from gonghui.core.figures import Figure, Rate, percent, rate
from gonghui.core.figures.charts import Axis, Chart, Series

# --- The lines ------------------------------------------------------------------------------------


@dataclass
class CaseLine:
    """One line of the caseload (filed files): a category, a cause, a township or the whole."""

    key: str
    label: str
    filed: int = 0
    deep: int = 0
    reached: int = 0  # deep-hardship files with a counted grant of the year
    categories: dict[str, int] = field(default_factory=dict)
    filters: dict[str, str] | None = field(default_factory=dict)  # None: no file-list filter names the line
    breakdown: str = "total"
    links: bool = True  # False: the user may not open the file list

    @property
    def unreached(self) -> int:
        return self.deep - self.reached

    @property
    def reach(self) -> Rate:
        return Rate(self.reached, self.deep)

    @property
    def reached_rate(self) -> Decimal | None:
        return self.reach.value

    @property
    def reached_percent(self) -> float | None:
        return self.reach.percent

    def url(self, **extra: str) -> str:
        if self.filters is None:
            return ""
        return file_list_url(state=FILED, **{**self.filters, **extra})

    def _figure(self, name: str, value: int, **extra: str) -> Figure:
        prefix = "total." if self.breakdown == "total" else f"{self.breakdown}.{self.key or '-'}."
        url = self.url(**extra) if self.links else ""
        return Figure(value, url, prefix + name, f"{self.label}: {name}")

    @property
    def counts(self) -> dict[str, Figure]:
        """Filed, deep and each category's filed files, each with the file list naming them."""
        # A category line's figures of another category are none (and no list names them).
        own = (self.filters or {}).get("category")
        figures = {"filed": self._figure("filed", self.filed)}
        for name, code, value in (("deep", DEEP, self.deep), *((c, c, self.categories.get(c, 0)) for c in CATEGORIES)):
            if own is None or own == code:
                figures[name] = self._figure(name, value, category=code)
        return figures

    @property
    def filed_url(self) -> str:
        return self.url()

    @property
    def deep_url(self) -> str:
        return self.url(category=DEEP)

    @property
    def cells(self) -> list[Figure]:
        """Per category, the filed files with their list (for the township table)."""
        counts = self.counts
        return [counts.get(code) or Figure(0) for code in CATEGORIES]


@dataclass
class YearLine:
    """Files opened, filed and exited in one year, and the filed ones still filed today."""

    year: int | None  # None: before the table's first year (or no date recorded)
    label: str
    opened: int = 0
    filed: int = 0
    exited: int = 0
    still_filed: int = 0
    selected: bool = False
    links: bool = True

    @property
    def filed_url(self) -> str:
        return file_list_url(year=self.year) if self.year else ""

    @property
    def still_filed_url(self) -> str:
        return file_list_url(state=FILED, year=self.year) if self.year else ""

    @property
    def counts(self) -> dict[str, Figure]:
        """Filed that year and still filed, with their lists (none for the "earlier" line)."""
        key = f"year.{self.year or 'earlier'}."
        return {
            "filed": Figure(self.filed, self.filed_url if self.links else "", key + "filed", self.label),
            "still_filed": Figure(
                self.still_filed, self.still_filed_url if self.links else "", key + "still_filed", self.label
            ),
        }


@dataclass
class SourceLine:
    kind: str
    label: str
    amount: Decimal = ZERO
    share: Decimal | None = None  # of the budget it funds

    @property
    def percent(self) -> float | None:
        return percent(self.share)


@dataclass
class ProgramLine:
    """One programme of the year: its budget and sources, and the money granted in the user's scope."""

    pk: int | None
    name: str
    kind: str
    union_name: str
    run_above: bool  # run by a union above the user's: the money is the user's households' part of it
    budget: Decimal = ZERO
    granted: Decimal = ZERO  # counted grants: approved or paid batches
    paid: Decimal = ZERO
    households: int = 0
    sources: list[SourceLine] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def share(self) -> Decimal | None:
        return rate(self.granted, self.budget)

    @property
    def share_percent(self) -> float | None:
        return percent(self.share)

    @property
    def over_budget(self) -> bool:
        return bool(self.budget) and self.granted > self.budget

    @property
    def unfunded(self) -> Decimal:
        """Budget not covered by a recorded funding source (never negative)."""
        return max(self.budget - sum((s.amount for s in self.sources), ZERO), ZERO)

    @property
    def url(self) -> str:
        return reverse("assistance:program_detail", args=[self.pk]) if self.pk else ""

    @property
    def batches_url(self) -> str:
        return f"{reverse('assistance:disbursement_list')}?{urlencode({'program': self.pk})}" if self.pk else ""


@dataclass
class Money:
    year: int
    programs: list[ProgramLine]
    total: ProgramLine
    sources: list[SourceLine]  # funding sources of every programme, by kind

    @property
    def any_run_above(self) -> bool:
        return any(p.run_above for p in self.programs)


@dataclass
class Reach:
    """The speech's test for one year: deep-hardship households reached, and not."""

    year: int
    deep: int
    reached: int

    @property
    def unreached(self) -> int:
        return self.deep - self.reached

    @property
    def rate(self) -> Decimal | None:
        return rate(self.reached, self.deep)

    @property
    def percent(self) -> float | None:
        return percent(self.rate)

    @property
    def full(self) -> bool:
        return self.deep > 0 and self.reached == self.deep

    def unreached_figure(self, *, links: bool = True) -> Figure:
        """The households not reached, with their list (the unreached page of the year)."""
        url = f"{reverse('assistance:unreached')}?{urlencode({'year': self.year})}" if links else ""
        return Figure(self.unreached, url, "reach.unreached", str(_("Not reached yet")))


@dataclass
class Figures:
    """Everything the figures page shows, for one user's scope and one year."""

    year: int
    total: CaseLine
    categories: list[CaseLine]
    causes: list[CaseLine]
    townships: list[CaseLine]
    years: list[YearLine]
    money: Money

    @property
    def reach(self) -> Reach:
        return Reach(self.year, self.total.deep, self.total.reached)

    @property
    def links(self) -> bool:
        return self.total.links

    @property
    def unreached(self) -> Figure:
        return self.reach.unreached_figure(links=self.links)

    def published(self) -> list[Figure]:
        """Every count on the page with its list, for the figures protocol (``AssistanceFigures``)."""
        figures = [self.unreached, *self.total.counts.values()]
        for line in [*self.categories, *self.causes, *self.townships]:
            figures.extend(line.counts.values())
        for year_line in self.years:
            figures.extend(year_line.counts.values())
        return figures

    def township_chart(self) -> Chart:
        """Filed households by township and category; a bar segment opens its list."""
        series = [
            Series(
                name=str(CATEGORY_LABELS[code]),
                data=[line.categories.get(code, 0) for line in self.townships],
                color=CATEGORY_COLOURS.get(code, ""),
                stack="files",
                urls=[line.counts[code].url for line in self.townships],
            )
            for code in CATEGORIES
            if any(line.categories.get(code) for line in self.townships)
        ]
        return Chart(categories=[line.label for line in self.townships], series=series)

    def programme_chart(self) -> Chart:
        """Budget, granted and paid per programme of the year."""
        programs = self.money.programs
        return Chart(
            categories=[p.name for p in programs],
            series=[
                Series(str(_("Budget")), [float(p.budget) for p in programs], color="#ced4da"),
                Series(str(_("Granted")), [float(p.granted) for p in programs], color="#198754"),
                Series(str(_("Paid")), [float(p.paid) for p in programs], color="#0d6efd"),
            ],
            axes=[Axis(unit="yuan")],
            horizontal=True,
        )
