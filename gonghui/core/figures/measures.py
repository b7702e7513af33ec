"""Measures: a module's key figures, counted over any period, for the dashboard, the forms and the report.

A module declares each measure once, over one of its lists::

    NEW_MEMBERS = Measure(
        key="members.new_members",
        label=_("New members"),
        list=lists.MEMBERSHIPS, url_name="members:membership_list",
        permission="members.view_membership",
        within=lambda period: Q(joined_on__range=(period.start, period.end)),
    )
    MEASURES = (MEMBERS, NEW_MEMBERS)          # manifest: measures=("gonghui.members.measures.MEASURES",)

``within(period)`` is the one definition of the rows counted: events inside the period, or for a
``stock`` measure the state at the period's end (members on that day). The core counts it — one
``GROUP BY`` township with a conditional ``COUNT`` (or ``SUM`` of ``total``) per period asked, over
the list's own rows for the user (its selector, so its scope) — and links every number to the list
narrowed by the same ``Q``: ``?measure=<key>&period=<start..end>[&measure_in=<township id>]``. The
list layer (``core.web.lists``) applies that narrowing to any list a measure names, so every number
equals its list by construction; ``core/figures/tests/test_measures.py`` checks each one anyway for
the leader, the county and a township.

A measure that is a share of another (``share_of``: members of workers, covered employers of
eligible ones) makes a rate (``figures.rate``); ``target`` is what that rate is held against.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse

from gonghui.core.figures import kept, stamps
from gonghui.core.figures.periods import Period
from gonghui.core.figures.townships import township_path

if TYPE_CHECKING:
    from gonghui.core.web.lists import ListDef

# The query parameters narrowing a list to a measure's rows (declared on every FilterForm).
MEASURE = "measure"
PERIOD = "period"
MEASURE_IN = "measure_in"
NARROWING = (MEASURE, PERIOD, MEASURE_IN)


@dataclass(frozen=True)
class Measure:
    key: str  # "<module>.<what>", unique
    label: Any  # what it counts (lazy translation)
    list: ListDef  # the list whose rows it counts (its selector: the user's scope)
    url_name: str  # that list's page
    permission: str  # who may read it: the list's view permission
    within: Callable[[Period], Q]  # the rows counted for a period
    stock: bool = False  # the state at the period's end (else: what happened within it)
    township: str = "union__path"  # the union path column a township groups by
    union: str = "union"  # the union a row belongs to (a foreign key path): the statistics form's grouping
    # the foreign keys (``Model.fk``) of other rows, pointing at the list's rows, that ``within`` looks into
    # (``Exists`` over the rows belonging to each row): a change to one of those rows is stamped as a change
    # of the row it belongs to, so only its township is counted again (``stamps.Via``); without it, any
    # change there counts every township again
    follows: tuple[Any, ...] = ()
    total: str = ""  # a column summed (yuan, or people such as a workforce); the rows are still counted
    unit: Literal["count", "yuan", "people"] = "count"
    share_of: str = ""  # the key of the measure this one is a part of (a rate)
    target: Callable[[], Decimal | None] | None = None  # the rate it is held against
    higher_is_better: bool = True  # a change up is good news (hazards overdue: False)
    order: int = 100  # on the dashboard, within its module
    note: Any = ""  # one sentence on what it counts, shown under the number
    # how a count of it is said in a sentence (the work report): ``_("%(n)s employers")``,
    # translated "%(n)s家"; empty: the number alone (a people or yuan unit says its own)
    counter: Any = ""

    @property
    def module(self) -> str:
        return self.key.split(".", 1)[0]

    def rows(self, user: Any) -> QuerySet[Any]:
        """The list's rows for ``user`` with no filter set (its selector: the user's scope)."""
        return self.list.rows(user, **self.list.form({}, user).values)

    def url(self, period: Period, township_id: int | None = None) -> str:
        """The list narrowed to this measure's rows for ``period`` (and a township's, by union id)."""
        query = f"{MEASURE}={quote(self.key)}&{PERIOD}={quote(period.token)}"
        if township_id:
            query += f"&{MEASURE_IN}={int(township_id)}"
        return f"{_list_path(self.url_name)}?{query}"


@functools.lru_cache(maxsize=256)
def _list_path(url_name: str) -> str:
    return reverse(url_name)


_measures: dict[str, Measure] = {}


def register(measures: Iterable[Measure]) -> None:
    """Publish a module's measures (the manifest's ``measures=``); a key registered again replaces it."""
    for measure in measures:
        if not isinstance(measure, Measure):
            raise TypeError(f"{measure!r} is not a Measure")
        _measures[measure.key] = measure
    stamps.vias.cache_clear()  # what the measures follow may have changed


def all_measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda m: (m.module, m.order, m.key))


def measures_for(user: Any) -> list[Measure]:
    return [m for m in all_measures() if user.has_perm(m.permission)]


def get(key: str) -> Measure | None:
    return _measures.get(key)


# --- Counting ---------------------------------------------------------------------------------------


@dataclass
class Counted:
    """One measure over several periods: the whole and each township, per period (same order)."""

    measure: Measure
    periods: Sequence[Period]
    totals: list[Decimal | int]
    rows: list[int]  # rows counted per period (equal to totals unless the measure sums yuan)
    townships: dict[str, list[Decimal | int]] = field(default_factory=dict)  # township path -> per period


def _base(measure: Measure, user: Any) -> QuerySet[Any]:
    rows = measure.rows(user)
    if rows.query.distinct or rows.query.combinator or rows.query.group_by is not None:
        # A list with DISTINCT, a UNION or an aggregate of its own (a count of participants
        # joined in): counted as the rows it names, by id, not as the rows of its joins
        rows = rows.model._default_manager.filter(pk__in=rows.values("pk"))
    return rows.order_by()


def count(
    measure: Measure,
    user: Any,
    periods: Sequence[Period],
    *,
    by: Literal["township", "union"] = "township",
    under: Any = None,
) -> Counted:
    """``measure`` over ``periods`` for ``user``: one query, grouped by township (``townships`` keyed
    by township path) or by the row's own union (keyed by union id, for the statistics form).
    ``under`` (a union): only the rows of its subtree (one union's form need not count the county)."""
    return count_many([measure], user, periods, by=by, under=under)[measure.key]


def count_many(
    many: Sequence[Measure],
    user: Any,
    periods: Sequence[Period],
    *,
    by: Literal["township", "union"] = "township",
    under: Any = None,
) -> dict[str, Counted]:
    """Several measures over ``periods``: the measures of one list are counted in one query (its rows
    read once, a conditional ``COUNT``/``SUM`` per measure and period), so a module's four measures
    cost about what one does."""
    shared: dict[tuple[int, str, str], list[Measure]] = {}
    for measure in many:
        shared.setdefault((id(measure.list), measure.township, measure.union), []).append(measure)
    counted: dict[str, Counted] = {}
    for group in shared.values():
        counted.update(_count_together(group, user, periods, by=by, under=under))
    return counted


def _count_together(
    group: Sequence[Measure], user: Any, periods: Sequence[Period], *, by: str, under: Any
) -> dict[str, Counted]:
    first = group[0]
    aggregates: dict[str, Any] = {}
    for number, measure in enumerate(group):
        for index, period in enumerate(periods):
            condition = measure.within(period)
            aggregates[f"n{number}_{index}"] = Count("pk", filter=condition)
            if measure.total:
                aggregates[f"s{number}_{index}"] = Sum(measure.total, filter=condition)
    base = _base(first, user)
    if under is not None:
        base = base.filter(**{f"{first.township}__startswith": under.path})
    if by == "union":
        grouped = base.annotate(_township=F(f"{first.union}_id"))
    else:
        grouped = base.annotate(_township=township_path(first.township))
    # Counted once while none of the tables it reads changes (stamps.py): the same rows as counting again;
    # grouped by township, only the townships whose rows changed are counted again.
    counting = grouped.values("_township").annotate(**aggregates)
    if by == "township" and first.township == "union__path":
        lines = kept.cached_township_rows(counting, "_township")
    else:
        lines = kept.cached_rows(counting)
    results = {}
    for number, measure in enumerate(group):
        result = Counted(measure, periods, [0] * len(periods), [0] * len(periods))
        for line in lines:
            values: list[Decimal | int] = []
            for index in range(len(periods)):
                rows = line[f"n{number}_{index}"] or 0
                value: Decimal | int = rows
                if measure.total:
                    summed = line[f"s{number}_{index}"] or Decimal("0")
                    # yuan stay Decimal; a sum of people (a workforce column) is a whole number
                    value = summed if measure.unit == "yuan" else int(summed)
                result.rows[index] += rows
                result.totals[index] += value
                values.append(value)
            key = line["_township"] or ""
            if key in result.townships:
                result.townships[key] = [a + b for a, b in zip(result.townships[key], values, strict=True)]
            else:
                result.townships[key] = values
        results[measure.key] = result
    return results


# --- Narrowing a list --------------------------------------------------------------------------------


def narrow(list_def: ListDef, user: Any, rows: Any, values: dict[str, Any]) -> Any:
    """``rows`` of ``list_def`` narrowed to a measure's rows when the address names one.

    A measure of another list, one the user may not read, or a township the user cannot see
    matches nothing; a period that does not read is this year so far (what the dashboard showed).
    """
    key = values.get(MEASURE) or ""
    if not key:
        return rows
    measure = get(key)
    if measure is None or measure.list is not list_def or not user.has_perm(measure.permission):
        return rows.none()
    from django.utils import timezone

    from gonghui.core.figures.periods import default_period

    period = Period.parse(values.get(PERIOD)) or default_period(timezone.localdate())
    rows = rows.filter(measure.within(period))
    township = values.get(MEASURE_IN) or ""
    if township:
        from gonghui.core.tree.models import Union
        from gonghui.core.tree.scoping import acting_as
        from gonghui.core.web.converters import parse_id

        union_id = parse_id(str(township))
        with acting_as(user):
            union = Union.objects.filter(pk=union_id).only("path").first() if union_id else None
        if union is None:
            return rows.none()
        rows = rows.filter(**{f"{measure.township}__startswith": union.path})
    return rows


def chip_text(name: str, value: str, user: Any) -> str | None:
    """What a list's chip says for a measure's narrowing."""
    if name == MEASURE:
        measure = get(value)
        return str(measure.label) if measure is not None else value
    if name == PERIOD:
        period = Period.parse(value)
        return str(period) if period is not None else None
    if name == MEASURE_IN:
        from gonghui.core.tree.models import Union
        from gonghui.core.tree.scoping import acting_as
        from gonghui.core.web.converters import parse_id

        union_id = parse_id(value)
        with acting_as(user):
            union = Union.objects.filter(pk=union_id).only("name").first() if union_id else None
        return union.name if union is not None else None
    return value
