"""The statistics form's reads: a union's filled form, a federation's unions and their summary.

Every read answers for the user it is given (``core/selectors.py``): a union outside the user's
subtree is a 404, and the live values are the measures counted over the user's own rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.figures import measures
from gonghui.core.figures.periods import Period, statistics_year, statistics_year_of
from gonghui.core.selectors import selector
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import current_user, subtree_q
from gonghui.core.web.converters import parse_year
from gonghui.organisations.selectors import employers_for_user
from gonghui.statistics import form
from gonghui.statistics.filled import CoverEntry, FilledForm, FormState, assemble
from gonghui.statistics.models import StatisticsCode, StatisticsReport, TypedValue
from gonghui.statistics.workflows import ReportState

if TYPE_CHECKING:
    from gonghui.core.accounts.models import User

FORM_KINDS = (Union.Kind.GRASSROOTS, Union.Kind.JOINT)
YEARS_OFFERED = 10


# --- Years -----------------------------------------------------------------------------------------


def default_year() -> int:
    """The statistics year a form is filled for by default: the last one that has ended (to 30 September)."""
    return statistics_year_of(timezone.localdate()) - 1


def years_offered() -> list[int]:
    """The statistics years a form is kept for, newest first: the last ended and the nine before it."""
    last = default_year()
    return list(range(last, last - YEARS_OFFERED, -1))


def clean_year(value: Any) -> int:
    """A statistics year from a query string: one offered, else the default."""
    year = parse_year(value) if value not in (None, "") else None
    return year if year is not None and year in years_offered() else default_year()


def is_form_union(union: Union) -> bool:
    """A grassroots or joint union fills in the form; a federation sees its unions' forms and their summary."""
    return union.kind in FORM_KINDS


# --- Live values -------------------------------------------------------------------------------------


def _live_values(user: Any, period: Period, under: Union | None = None) -> dict[Any, dict[str, Any]]:
    """Every live field's value per union id (one grouped query per measure), for ``user``'s rows
    (those of ``under``'s subtree only, when given)."""
    by_union: dict[Any, dict[str, Any]] = defaultdict(dict)
    counted: dict[str, measures.Counted] = {}
    for field in form.live_fields():
        measure = field.live_measure()
        assert measure is not None
        if measure.key not in counted:
            counted[measure.key] = measures.count(measure, user, [period], by="union", under=under)
        for union_id, values in counted[measure.key].townships.items():
            by_union[union_id][field.code] = values[0]
    return by_union


def _live_urls(user: Any, period: Period, union: Union) -> dict[str, str]:
    """The list behind each live field narrowed to ``union``'s subtree, for the lists ``user`` may open."""
    urls = {}
    for field in form.live_fields():
        measure = field.live_measure()
        if measure is not None and user is not None and user.has_perm(measure.permission):
            urls[field.code] = measure.url(period, union.pk)
    return urls


# --- The cover ---------------------------------------------------------------------------------------


def _divisions(user: Any, union_ids: Iterable[int]) -> dict[int, str]:
    """The division code (903) of each union's employer: its own employer's, else a covered one's."""
    ids = list(union_ids)
    if not ids:
        return {}
    rows = (
        employers_for_user(user)
        .filter(Q(own_union_id__in=ids) | Q(joint_union_id__in=ids), division__isnull=False)
        .order_by("name", "pk")
        .values_list("own_union_id", "joint_union_id", "division_id")
    )
    own: dict[int, str] = {}
    covered: dict[int, str] = {}
    for own_union, joint_union, division in rows:
        if own_union is not None:
            own.setdefault(own_union, division)
        if joint_union is not None:
            covered.setdefault(joint_union, division)
    return {
        union_id: own.get(union_id) or covered[union_id] for union_id in ids if union_id in own or union_id in covered
    }


def _cover(
    union: Union, report: StatisticsReport | None, kept: StatisticsCode | None, derived: str, *, submitted: bool
) -> tuple[CoverEntry, ...]:
    """The cover: 901 as typed (kept for the union, copied into each year's form), 902 the union's
    name, 903 the division of its employer (typed where the registers hold none), 904 its kind;
    a ``submitted`` form's codes as it filed them."""
    kept_code, kept_division = (kept.code, kept.division) if kept is not None else ("", "")
    if submitted and report is not None:
        code, division = report.code, report.division
    else:
        code = kept_code or (report.code if report is not None else "")
        division = derived or kept_division or (report.division if report is not None else "")
    kind = form.KIND_CODES.get(union.kind, "")
    return (
        CoverEntry(form.CODE, form.COVER[0].label, code, typed=True),
        CoverEntry(form.NAME, form.COVER[1].label, union.name, typed=False),
        CoverEntry(form.DIVISION, form.COVER[2].label, division, typed=not derived),
        CoverEntry(form.KIND, form.COVER[3].label, kind, typed=False, text=str(form.KIND_LABELS.get(kind, ""))),
    )


# --- One union's form ------------------------------------------------------------------------------


def last_year_values(union: Union, year: int) -> dict[str, Decimal]:
    """The values typed into ``union``'s form of the year before ``year`` (read in the caller's scope)."""
    rows = TypedValue.objects.filter(report__union=union, report__year=year - 1)
    return {row.code: row.value for row in rows}


def _fill_many(
    user: Any,
    unions: list[Union],
    year: int,
    *,
    live: dict[Any, dict[str, Any]] | None = None,
    counting: bool = False,
) -> dict[int, FilledForm]:
    """The forms of ``unions`` for ``year``, read in bulk: a handful of queries whatever their number,
    and one grouped query per measure (``live``, when the caller counted them already).

    A submitted form shows what it filed, unless ``counting`` (the submission itself counts the registers)."""
    period = statistics_year(year)
    ids = [union.pk for union in unions]
    reports = {row.union_id: row for row in StatisticsReport.objects.filter(union_id__in=ids, year=year)}
    missing = [union_id for union_id in ids if union_id not in reports]
    last = {row.union_id: row for row in StatisticsReport.objects.filter(union_id__in=missing, year=year - 1)}
    typed: dict[int, dict[str, tuple[Any, bool]]] = defaultdict(dict)
    report_ids = [row.pk for row in (*reports.values(), *last.values())]
    for row in TypedValue.objects.filter(report_id__in=report_ids):
        typed[row.report_id][row.code] = (row.value, row.from_last_year)
    kept = {row.union_id: row for row in StatisticsCode.objects.filter(union_id__in=ids)}
    divisions = _divisions(user, ids)
    needs_live = counting or bool(missing) or any(row.state != ReportState.SUBMITTED for row in reports.values())
    if live is None and needs_live:
        live = _live_values(user, period, unions[0] if len(unions) == 1 else None)
    filled = {}
    for union in unions:
        report = reports.get(union.pk)
        if report is not None:
            report.union = union
            values = typed[report.pk]
        else:
            previous = last.get(union.pk)
            # Offered from last year's form until this year's is saved: marked "from last year".
            values = {code: (value, True) for code, (value, _carried) in typed[previous.pk].items()} if previous else {}
        submitted = not counting and report is not None and report.state == ReportState.SUBMITTED
        filled[union.pk] = assemble(
            union=union,
            year=year,
            period=period,
            cover=_cover(union, report, kept.get(union.pk), divisions.get(union.pk, ""), submitted=submitted),
            live=dict(report.filed) if submitted and report is not None else (live or {}).get(union.pk, {}),
            typed=values,
            urls=_live_urls(user, period, union),
            report=report,
            filed=submitted,
        )
    return filled


def _fill(user: Any, union: Union, year: int, *, counting: bool = False) -> FilledForm:
    return _fill_many(user, [union], year, counting=counting)[union.pk]


@selector(sample=lambda s: {"union": s.world.union_c})
def form_for_user(user: User, union: Union, *, year: int | None = None, counting: bool = False) -> FilledForm:
    """``union``'s statistics form for the statistics ``year`` (default: the last ended), filled; 404
    outside ``user``'s subtree or for a federation (whose page is its unions and their summary).

    ``counting``: the registers' values now even where the form was submitted (the submission's own count)."""
    union = get_object_or_404(Union.objects.all(), pk=union.pk)
    if not is_form_union(union):
        raise Http404("a federation fills in no form of its own")
    return _fill(user, union, year or default_year(), counting=counting)


@selector(sample=lambda s: {"report": s.get(StatisticsReport, "statistics_report_id")})
def report_checks_pass(user: User, report: StatisticsReport) -> bool:
    """Whether every table of ``report``'s form reads 逻辑正确 (the submit step's guard)."""
    cached = getattr(report, "checks_pass", None)
    if cached is not None:
        return bool(cached)
    union = get_object_or_404(Union.objects.all(), pk=report.union_id)
    return _fill(user, union, report.year).passes


@selector(sample=lambda s: {"statistics_report_id": s.id("statistics_report_id")})
def get_report_for_user(user: User, statistics_report_id: int) -> StatisticsReport:
    """One statistics form of ``user``'s subtree; 404 outside it."""
    return get_object_or_404(StatisticsReport.objects.select_related("union"), pk=statistics_report_id)


@selector
def reports_for_user(user: User, *, year: str = "", state: str = "") -> QuerySet[StatisticsReport]:
    """The forms kept in ``user``'s subtree, newest year first; ``year`` a statistics year, ``state``
    ``draft`` or ``submitted`` (anything else matches nothing)."""
    reports = StatisticsReport.objects.select_related("union")
    if year:
        chosen = parse_year(year)
        reports = reports.filter(year=chosen) if chosen is not None else reports.none()
    if state:
        reports = reports.filter(state=state) if state in ReportState.values else reports.none()
    return reports.order_by("-year", "union__path", "pk")


# --- A federation's unions ---------------------------------------------------------------------------


@selector(sample=lambda s: {"within": s.world.township_a})
def union_forms_for_user(
    user: User, *, within: Union | None = None, year: str = "", q: str = "", state: str = ""
) -> QuerySet[Union]:
    """The grassroots and joint unions of ``user``'s subtree (below ``within``), each with its form of
    the statistics ``year``: ``report_id`` and ``report_state`` (None: not started), in tree order.

    ``state``: ``not_started``, ``draft`` (checks failing or not) or ``submitted``; ``q``: part of the name.
    """
    chosen = clean_year(year)
    reports = StatisticsReport.objects.filter(union=OuterRef("pk"), year=chosen)
    unions = Union.objects.filter(kind__in=FORM_KINDS).annotate(
        report_id=Subquery(reports.values("pk")[:1]),
        report_state=Subquery(reports.values("state")[:1]),
        statistics_year=Value(chosen),
    )
    if within is not None:
        unions = unions.filter(subtree_q("path", within.path))
    if q.strip():
        unions = unions.filter(name__icontains=q.strip())
    if state == FormState.NOT_STARTED:
        unions = unions.filter(~Exists(reports))
    elif state in (ReportState.DRAFT, ReportState.SUBMITTED):
        unions = unions.filter(Exists(reports.filter(state=state)))
    elif state:
        unions = unions.none()
    return unions.order_by("path")


def with_form_states(unions: list[Union]) -> list[Union]:
    """Set ``form_state`` on a page of the unions list: not started, draft, checks failing, submitted.

    Not a selector: the rows were read through ``union_forms_for_user`` for the request's user (the
    actor in context), whose measures are counted once for the page (one grouped query each).
    """
    user = current_user()
    if not unions:
        return unions
    years = {int(getattr(union, "statistics_year", 0) or 0) for union in unions} - {0}
    year = years.pop() if len(years) == 1 else default_year()
    started = [union for union in unions if getattr(union, "report_id", None) is not None]
    filled = _fill_many(user, started, year) if started else {}
    for union in unions:
        found = filled.get(union.pk)
        union.form_state = found.state if found is not None else FormState.NOT_STARTED  # type: ignore[attr-defined]
        union.failures = found.failures if found is not None else []  # type: ignore[attr-defined]
    return unions


@selector(sample=lambda s: {"union": s.world.township_a})
def form_counts_for_user(user: User, union: Union, *, year: int | None = None) -> dict[str, int]:
    """How many of the unions below ``union`` have not started, are filling in, have submitted."""
    union = get_object_or_404(Union.objects.all(), pk=union.pk)
    chosen = year or default_year()
    unions = Union.objects.filter(subtree_q("path", union.path), kind__in=FORM_KINDS)
    total = unions.count()
    states = dict(
        StatisticsReport.objects.filter(union__in=unions, year=chosen)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    started = sum(states.values())
    return {
        FormState.NOT_STARTED: total - started,
        ReportState.DRAFT: states.get(ReportState.DRAFT, 0),
        ReportState.SUBMITTED: states.get(ReportState.SUBMITTED, 0),
        "total": total,
    }


@selector(sample=lambda s: {"union": s.world.township_a})
def summary_for_user(user: User, union: Union, *, year: int | None = None) -> FilledForm:
    """The summary of the forms of the grassroots and joint unions below the federation ``union``.

    Each field is the sum over those unions: a submitted form counts with the values it filed, any
    other with the registers' values now and what it has typed in (a form not started adds its live
    values only). 404 outside ``user``'s subtree or for a union that fills in a form itself.
    """
    union = get_object_or_404(Union.objects.all(), pk=union.pk)
    if is_form_union(union):
        raise Http404("a grassroots union has a form, not a summary")
    chosen = year or default_year()
    period = statistics_year(chosen)
    below = Union.objects.filter(subtree_q("path", union.path), kind__in=FORM_KINDS)
    ids = set(below.values_list("pk", flat=True))
    reports = StatisticsReport.objects.filter(union_id__in=below.values("pk"), year=chosen)
    filed = {row.union_id: row.filed for row in reports.filter(state=ReportState.SUBMITTED).only("union_id", "filed")}
    live = _live_values(user, period, union)
    sums: dict[str, Any] = defaultdict(int)
    for union_id in ids:
        values = filed.get(union_id) if union_id in filed else live.get(union_id, {})
        for code, value in (values or {}).items():
            field = form.FIELDS.get(code)
            if field is not None:
                sums[code] += field.clean(value)
    typed = {
        row["code"]: (row["total"], False)
        for row in TypedValue.objects.filter(report__in=reports)
        .values("code")
        .annotate(total=Coalesce(Sum("value"), Decimal("0")))
        .order_by()
    }
    cover = (
        CoverEntry(form.CODE, form.COVER[0].label, "", typed=False),
        CoverEntry(form.NAME, form.COVER[1].label, union.name, typed=False),
        CoverEntry(form.DIVISION, form.COVER[2].label, "", typed=False),
        CoverEntry(form.KIND, form.COVER[3].label, "", typed=False),
    )
    filled = assemble(
        union=union,
        year=chosen,
        period=period,
        cover=cover,
        live=sums,
        typed=typed,
        urls=_live_urls(user, period, union),
        summary=True,
    )
    filled.unions = len(ids)
    filled.submitted = len(filed)
    return filled
