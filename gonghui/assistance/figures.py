"""Assistance figures (issue 6: "sustain full coverage of assistance to workers in deep hardship").

Every figure is an aggregate query over the user's scoped rows (``GROUP BY`` on indexed columns,
conditional ``COUNT``/``SUM``): files and grants are never loaded into Python, only the grouped
lines are (a few hundred at most). Each figure carries the file-list filter naming the rows
behind it (``state``, ``category``, ``cause``, ``township``, ``year`` of filing).

The rules:

* **Caseload**: files in state ``filed`` today, by hardship category, by main cause, by township
  and by year of filing. The *township* of a file is the union at depth 2 of the tree above its
  union (the first ``2 × steplen`` characters of ``union.path``): a township or sector federation,
  or a grassroots union directly under the county. A file kept by the county federation itself
  has no township.
* **Years**: per year, the files opened (year of application), filed (``filed_on``) and exited
  (``exited_on``) that year, whatever their state now, and how many of those filed that year are
  still filed. A reopened file (返困) starts again: its earlier filing date is gone.
* **Money** of the year, per programme of that year the user may use (``programs_for_user``: the
  programmes run in their subtree *and* those run by the unions above them, e.g. the county's):
  the programme's whole budget and its funding sources, against the money **granted to files in
  the user's subtree** — counted grants (of approved or paid batches), the paid part, and the
  households that received them. For the county every programme's grants are in scope, so the
  figures are the programmes' own. A township sees the county's programmes too, but only its own
  households' share of their money: its *share used* is that share of the whole budget, and the
  programme is marked as run above (``ProgramLine.run_above``). Budgets and funding sources are
  the programme's, not divided between townships (the budget is not allotted to them).
* **The speech's test**: of the households in deep hardship (filed files of category ``deep``),
  those *reached* in the year received at least one counted grant of that year (any programme,
  whichever union proposed it); the others are *not reached* (``unreached_files``). The caseload
  is today's: for a past year the test reads "of today's deep-hardship households, who received
  something that year".

Speed: eight queries whatever the number of files (caseload, township names, three year
groupings, programmes, grants, funding sources); see ``figures_for_user``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.classification import Category, months_between
from gonghui.assistance.models import FundingSource, Grant, HardshipFile, Program
from gonghui.assistance.selectors import programs_for_user
from gonghui.core.figures import Figure, Rate, list_url, percent, rate
from gonghui.core.figures.charts import Axis, Chart, Series
from gonghui.core.figures.townships import group_by_township, township_names, township_path
from gonghui.core.figures.years import this_year, trend_years, year_of
from gonghui.core.tree.scoping import acting_as, system_scope

FILED = "filed"
EXITED = "exited"
PAID = "paid"
DEEP = Category.DEEP
CATEGORIES = [code for code, _label in Category.choices]
CATEGORY_LABELS = dict(Category.choices)
CATEGORY_COLOURS = {"deep": "#dc3545", "relative": "#fd7e14", "sudden": "#0dcaf0", "none": "#adb5bd"}
CAUSE_LABELS = dict(HardshipFile.Cause.choices)
KIND_LABELS = dict(Program.Kind.choices)
SOURCE_LABELS = dict(FundingSource.Kind.choices)
ZERO = Decimal("0")
FILE_LIST = "assistance:file_list"
# Who may open the lists behind the figures (a leader reads the figures without them).
LIST_PERMISSION = "assistance.view_hardshipfile"


def file_list_url(**filters: Any) -> str:
    """The hardship file list showing exactly ``filters`` (empty values left out)."""
    return list_url(FILE_LIST, **filters)


def reached_grants(year: int) -> QuerySet[Grant]:
    """A file's counted grants of ``year``, across unions: the inside of the "reached" ``Exists``.

    Unscoped on purpose: the files around it are scoped, and a grant proposed by a union above the
    file's (or before the file moved) still reaches the household.
    """
    # unscoped: the files around it are scoped; a grant proposed above the file's union still reaches it
    return Grant.unscoped.filter(file=OuterRef("pk"), counted=True, year=year)


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
    links: bool = True  # False: the user may not open the file list (a leader)

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


# --- The queries ----------------------------------------------------------------------------------


def _caseload_rows(year: int) -> list[dict[str, Any]]:
    """Filed files grouped by (township path, category, main cause), with the deep ones reached."""
    return list(
        HardshipFile.objects.filter(state=FILED)
        .annotate(township=township_path("union__path"))
        .values("township", "category", "main_cause")
        .annotate(
            filed=Count("pk"),
            reached=Count("pk", filter=Q(category=DEEP) & Q(Exists(reached_grants(year)))),
        )
        .order_by()
    )


def _line(
    key: str, label: str, rows: list[dict[str, Any]], filters: dict[str, str] | None, breakdown: str, links: bool
) -> CaseLine:
    line = CaseLine(key=key, label=label, filters=filters, breakdown=breakdown, links=links)
    for row in rows:
        line.filed += row["filed"]
        line.reached += row["reached"]
        if row["category"] == DEEP:
            line.deep += row["filed"]
        line.categories[row["category"]] = line.categories.get(row["category"], 0) + row["filed"]
    return line


def _caseload(
    rows: list[dict[str, Any]], links: bool = True
) -> tuple[CaseLine, list[CaseLine], list[CaseLine], list[CaseLine]]:
    total = _line("", str(_("All")), rows, {}, "total", links)
    by_category = group_by_township(rows, "category")
    categories = [
        _line(code, str(CATEGORY_LABELS[code]), by_category[code], {"category": code}, "category", links)
        for code in CATEGORIES
        if code in by_category
    ]
    by_cause = group_by_township(rows, "main_cause")
    causes = [
        _line(code, str(CAUSE_LABELS.get(code, code)), cause_rows, {"cause": code}, "cause", links)
        for code, cause_rows in by_cause.items()
    ]
    causes.sort(key=lambda line: (-line.filed, line.key))
    by_township = group_by_township(rows, "township")
    names = township_names(set(by_township))
    townships = []
    for path in sorted(by_township):
        if path in names:
            pk, name = names[path]
            filters: dict[str, str] | None = {"township": str(pk)}
        else:  # kept by a union above the townships (the county itself): no filter names these alone
            name, filters = str(_("Kept above the townships")), None
        townships.append(_line(path, name, by_township[path], filters, "township", links))
    return total, categories, causes, townships


def _years(year: int, total_filed: int, links: bool = True) -> list[YearLine]:
    """Opened, filed, exited per year (three grouped queries) for the table's years, newest first."""
    files = HardshipFile.objects.all()
    opened = dict(files.values("year").annotate(n=Count("pk")).order_by().values_list("year", "n"))
    filed = {
        row["y"]: (row["n"], row["still"])
        for row in files.filter(filed_on__isnull=False)
        .annotate(y=year_of("filed_on"))
        .values("y")
        .annotate(n=Count("pk"), still=Count("pk", filter=Q(state=FILED)))
        .order_by()
    }
    exited = dict(
        files.filter(exited_on__isnull=False)
        .annotate(y=year_of("exited_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("y", "n")
    )
    last = max(year, this_year())
    first = trend_years(year)[0]
    lines = []
    for y in range(last, first - 1, -1):
        n_filed, still = filed.get(y, (0, 0))
        line = YearLine(
            year=y,
            label=str(y),
            opened=opened.get(y, 0),
            filed=n_filed,
            exited=exited.get(y, 0),
            still_filed=still,
            selected=y == year,
            links=links,
        )
        if line.selected or line.opened or line.filed or line.exited or line.still_filed:
            lines.append(line)  # a year with nothing happening is left out, the chosen one kept
    earlier = YearLine(
        year=None,
        label=str(_("Earlier")),
        opened=sum(n for y, n in opened.items() if y is not None and y < first),
        filed=sum(n for y, (n, _still) in filed.items() if y is not None and y < first),
        exited=sum(n for y, n in exited.items() if y is not None and y < first),
        # Still filed but filed before the table's years, or with no filing date recorded.
        still_filed=total_filed - sum(line.still_filed for line in lines),
        links=links,
    )
    if earlier.opened or earlier.filed or earlier.exited or earlier.still_filed:
        lines.append(earlier)
    return lines


def money_for_user(user: Any, year: int | None = None) -> Money:
    """The money of the year's programmes against their budgets (three queries); see the module's notes."""
    year = year or this_year()
    scope_path = user.union.path if getattr(user, "union", None) is not None else None
    programs = list(
        programs_for_user(user, year=year)
        .order_by("kind", "union__path", "name", "pk")
        .values_list("pk", "name", "kind", "budget", "union__name", "union__path")
    )
    ids = [row[0] for row in programs]
    granted: dict[int, dict[str, Any]] = {}
    sources: dict[int, list[SourceLine]] = {}
    if ids:
        with acting_as(user):
            granted = {
                row["disbursement__program_id"]: row
                for row in Grant.objects.filter(disbursement__program_id__in=ids, counted=True)
                .values("disbursement__program_id")
                .annotate(
                    granted=Sum("amount"),
                    paid=Sum("amount", filter=Q(disbursement__state=PAID)),
                    households=Count("file", distinct=True),
                )
                .order_by()
            }
        with system_scope("the funding sources of the programmes the user may use, run above them too"):
            for program_id, kind, amount in (
                FundingSource.objects.filter(program_id__in=ids)
                .values("program_id", "kind")
                .annotate(amount=Sum("amount"))
                .order_by("program_id", "kind")
                .values_list("program_id", "kind", "amount")
            ):
                sources.setdefault(program_id, []).append(
                    SourceLine(kind=kind, label=str(SOURCE_LABELS.get(kind, kind)), amount=amount or ZERO)
                )
    lines = []
    for pk, name, kind, budget, union_name, union_path in programs:
        money = granted.get(pk, {})
        line = ProgramLine(
            pk=pk,
            name=name,
            kind=kind,
            union_name=union_name,
            run_above=scope_path is not None and not union_path.startswith(scope_path),
            budget=budget or ZERO,
            granted=money.get("granted") or ZERO,
            paid=money.get("paid") or ZERO,
            households=money.get("households") or 0,
            sources=sources.get(pk, []),
        )
        for source in line.sources:
            source.share = rate(source.amount, line.budget)
        lines.append(line)
    total = ProgramLine(
        pk=None,
        name=str(_("All programmes")),
        kind="",
        union_name="",
        run_above=False,
        budget=sum((p.budget for p in lines), ZERO),
        granted=sum((p.granted for p in lines), ZERO),
        paid=sum((p.paid for p in lines), ZERO),
        # A household helped by two programmes counts in each: the total is grants, not households.
        households=sum(p.households for p in lines),
    )
    by_kind: dict[str, Decimal] = {}
    for line in lines:
        for source in line.sources:
            by_kind[source.kind] = by_kind.get(source.kind, ZERO) + source.amount
    source_totals = [
        SourceLine(kind=kind, label=str(label), amount=by_kind[kind], share=rate(by_kind[kind], total.budget))
        for kind, label in FundingSource.Kind.choices
        if kind in by_kind
    ]
    return Money(year=year, programs=lines, total=total, sources=source_totals)


def figures_for_user(user: Any, *, year: int | None = None) -> Figures:
    """Every figure of the page for ``user``'s scope and ``year`` (this year by default).

    Eight queries whatever the number of files: the caseload grouped by (township, category, main
    cause) with the deep-hardship files reached (categories, causes, townships and the totals are
    sums of its lines), the township names, the three year groupings, then the programmes, their
    grants in scope and their funding sources.
    """
    year = year or this_year()
    # A leader reads the figures without the lists of households behind them.
    links = user.has_perm(LIST_PERMISSION)
    with acting_as(user):
        total, categories, causes, townships = _caseload(_caseload_rows(year), links)
        years = _years(year, total.filed, links)
    return Figures(
        year=year,
        total=total,
        categories=categories,
        causes=causes,
        townships=townships,
        years=years,
        money=money_for_user(user, year),
    )


# --- One figure alone (a home page tile, a report) -------------------------------------------------


def files_by_category(user: Any) -> list[CaseLine]:
    """Filed files by hardship category."""
    with acting_as(user):
        return _caseload(_caseload_rows(this_year()))[1]


def files_by_cause(user: Any) -> list[CaseLine]:
    """Filed files by main cause of hardship, the most frequent first."""
    with acting_as(user):
        return _caseload(_caseload_rows(this_year()))[2]


def files_by_township(user: Any, year: int | None = None) -> list[CaseLine]:
    """Filed files by township, with each township's deep-hardship files reached in ``year``."""
    with acting_as(user):
        return _caseload(_caseload_rows(year or this_year()))[3]


def files_by_year(user: Any, year: int | None = None) -> list[YearLine]:
    """Files opened, filed and exited per year up to ``year``, and those still filed."""
    year = year or this_year()
    with acting_as(user):
        filed = HardshipFile.objects.filter(state=FILED).count()
        return _years(year, filed)


def reach_for_user(user: Any, year: int | None = None) -> Reach:
    """The speech's test: deep-hardship households reached in ``year`` (one query)."""
    year = year or this_year()
    with acting_as(user):
        row = HardshipFile.objects.filter(state=FILED, category=DEEP).aggregate(
            deep=Count("pk"), reached=Count("pk", filter=Q(Exists(reached_grants(year))))
        )
    return Reach(year=year, deep=row["deep"] or 0, reached=row["reached"] or 0)


def unreached_files(user: Any, year: int | None = None) -> QuerySet[HardshipFile]:
    """The deep-hardship households not reached in ``year``: filed, deep, no counted grant that year.

    Scoped to ``user``'s subtree, longest filed first (then by id, so pages are stable).
    """
    year = year or this_year()
    with acting_as(user):
        return (
            HardshipFile.objects.filter(state=FILED, category=DEEP)
            .filter(~Exists(reached_grants(year)))
            .select_related("worker", "union")
            .order_by("filed_on", "id")
        )


def filed_months(filed_on: date | None, today: date) -> int | None:
    """Whole months from filing to ``today``."""
    return None if filed_on is None else months_between(filed_on, today)


class AssistanceFigures:
    """The caseload counts and the speech's test, published to dashboards and reports."""

    name = "assistance.figures"
    title = _("Assistance figures")
    permission = "assistance.view_figures"

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]:
        return figures_for_user(user, year=year).published()
