"""The grouped queries behind the figures page: eight whatever the number of files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.figures.common import (
    CATEGORIES,
    CATEGORY_LABELS,
    CAUSE_LABELS,
    DEEP,
    FILED,
    LIST_PERMISSION,
    PAID,
    SOURCE_LABELS,
    ZERO,
    reached_grants,
)
from gonghui.assistance.figures.lines import CaseLine, Figures, Money, ProgramLine, SourceLine, YearLine
from gonghui.assistance.models import FundingSource, Grant, HardshipFile
from gonghui.assistance.selectors import programs_for_user
from gonghui.core.figures import rate
from gonghui.core.figures.townships import group_by_township, township_names, township_path
from gonghui.core.figures.years import this_year, trend_years, year_of
from gonghui.core.tree.scoping import acting_as, system_scope

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
    # Whoever may not open the file list reads the figures without the lists behind them.
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
