"""The form's consistency checks (逻辑检查), declared as data and judged by pure functions.

The official tool's audit formulas (审核公式) are not public; these are the checks proposed in
domain-more.md §1, each named as the tool names a rule ("女会员数不大于会员数"). A check reads some
fields of the form's values (an empty typed field counts as 0, as in the official tool) and passes
or fails; a table reads "逻辑正确" when every check shown beside it passes, else lists each failing
rule with the numbers it read.

* every "of which" is at most its parent: generated from the declaration (``Field.parent``);
* the named checks below (``CHECKS``), each beside the table of the first field it reads.

A check marked ``per_union`` holds for one union's form only (a yes/no field summed over a
federation's unions is a number of unions), so a federation's summary leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.statistics import form
from gonghui.statistics.form import CODE, COVER_TABLE, DIVISION, FIELDS, Value

Values = Mapping[str, Any]

# 逻辑正确: what the official tool shows for a table whose checks all pass.
LOGIC_CORRECT = pgettext_lazy("statistics check", "Logic correct")

# 职代会: delegates at least 5 % of the workers, and never fewer than 30 (企业民主管理规定).
DELEGATES_FLOOR = 30
DELEGATES_PERCENT = 5


def delegates_minimum(workers: int) -> int:
    """max(30, ⌈5 % × workers⌉): rounded up, never to the nearest (301 workers need 16 → 30; 700 need 35)."""
    share = -(-int(workers) * DELEGATES_PERCENT // 100)
    return max(DELEGATES_FLOOR, share)


@dataclass(frozen=True)
class Bound:
    """A number a failing check shows beside the fields it read (the minimum it asks for)."""

    label: Any
    value: Callable[[Values], Value]


@dataclass(frozen=True)
class Check:
    """One rule: its name, the fields it reads, and whether the values pass it."""

    key: str
    name: Any  # the rule, as the form's user reads it (Chinese: 女会员数不大于会员数)
    reads: tuple[str, ...]  # field codes (or cover codes); the first places it beside its table
    passes: Callable[[Values], bool]
    per_union: bool = False
    bounds: tuple[Bound, ...] = ()

    @property
    def table(self) -> int:
        first = self.reads[0]
        return int(first[:2]) if first in FIELDS else COVER_TABLE


@dataclass(frozen=True)
class Number:
    label: Any
    value: Any


@dataclass(frozen=True)
class Failure:
    """A failing check and the numbers it read, as the page and the workbook show it."""

    check: Check
    numbers: tuple[Number, ...]

    @property
    def name(self) -> Any:
        return self.check.name

    def __str__(self) -> str:
        shown = "；".join(f"{number.label} = {number.value}" for number in self.numbers)
        return f"{self.check.name}（{shown}）"


@dataclass(frozen=True)
class TableState:
    """The check state of one table: 逻辑正确, or the failing rules."""

    table: int
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def correct(self) -> bool:
        return not self.failures

    @property
    def text(self) -> str:
        if self.correct:
            return str(LOGIC_CORRECT)
        return "\n".join(str(failure) for failure in self.failures)


def _number(values: Values, code: str) -> Value:
    value = values.get(code)
    return value if value is not None else 0


def _not_above(part: str, whole: str) -> Callable[[Values], bool]:
    return lambda values: _number(values, part) <= _number(values, whole)


def _only_where(counted: Sequence[str], flag: str) -> Callable[[Values], bool]:
    """A count above 0 in any of ``counted`` needs the yes/no field ``flag`` to say yes."""
    return lambda values: all(_number(values, code) <= 0 for code in counted) or _number(values, flag) == 1


def _delegates_enough(values: Values) -> bool:
    if _number(values, "0404") != 1:
        return True  # no congress system: nothing to count
    return _number(values, "0406") >= delegates_minimum(int(_number(values, "0101")))


def _filled(code: str) -> Callable[[Values], bool]:
    return lambda values: bool(str(values.get(code) or "").strip())


def _of_which_name(part: str, whole: str) -> str:
    return gettext("%(part)s not above %(whole)s") % {"part": FIELDS[part].label, "whole": FIELDS[whole].label}


_of_which_name_lazy = lazy(_of_which_name, str)


def _of_which_checks() -> tuple[Check, ...]:
    return tuple(
        Check(
            key=f"part-{child.code}",
            name=_of_which_name_lazy(child.code, child.parent),
            reads=(child.code, child.parent),
            passes=_not_above(child.code, child.parent),
        )
        for table in form.TABLES
        for child in table.fields
        if child.parent
    )


NAMED_CHECKS: tuple[Check, ...] = (
    Check("cover-code", _("Union statistics code filled in"), (CODE,), _filled(CODE), per_union=True),
    Check("cover-division", _("Division code filled in"), (DIVISION,), _filled(DIVISION), per_union=True),
    Check("members-workers", _("Members not above workers"), ("0104", "0101"), _not_above("0104", "0101")),
    Check(
        "women-members-women-workers",
        _("Women members not above women workers"),
        ("0105", "0102"),
        _not_above("0105", "0102"),
    ),
    Check(
        "migrant-members-migrant-workers",
        _("Migrant worker members not above migrant workers"),
        ("0106", "0103"),
        _not_above("0106", "0103"),
    ),
    Check(
        "union-staff",
        _("Full-time and part-time union staff at least 1 person together"),
        ("0201", "0202"),
        lambda values: _number(values, "0201") + _number(values, "0202") >= 1,
        per_union=True,
    ),
    Check(
        "contracts-workers",
        _("Workers with a labour contract not above workers"),
        ("0401", "0101"),
        _not_above("0401", "0101"),
    ),
    Check(
        "congress-system",
        _("Congress delegates only where a congress system is in place"),
        ("0406", "0404"),
        _only_where(("0406",), "0404"),
        per_union=True,
    ),
    Check(
        "congress-delegates",
        _("Congress delegates at least max(30, 5 per cent of workers rounded up) where a congress system is in place"),
        ("0406", "0404", "0101"),
        _delegates_enough,
        per_union=True,
        bounds=(Bound(_("delegates required"), lambda values: delegates_minimum(int(_number(values, "0101")))),),
    ),
    Check(
        "worker-directors",
        _("Worker directors only where a board of directors is set up"),
        ("0410", "0409"),
        _only_where(("0410",), "0409"),
        per_union=True,
    ),
    Check(
        "worker-supervisors",
        _("Worker supervisors only where a board of supervisors is set up"),
        ("0413", "0412"),
        _only_where(("0413",), "0412"),
        per_union=True,
    ),
)

CHECKS: tuple[Check, ...] = NAMED_CHECKS + _of_which_checks()


def _label(code: str) -> Any:
    if code in FIELDS:
        return FIELDS[code].label
    return next(cover.label for cover in form.COVER if cover.code == code)


def failures(values: Values, *, summary: bool = False) -> list[Failure]:
    """Every check ``values`` fail (a summary's: only those that hold for sums)."""
    failed = []
    for check in CHECKS:
        if summary and check.per_union:
            continue
        if check.passes(values):
            continue
        numbers = [
            Number(_label(code), values.get(code) if values.get(code) is not None else 0) for code in check.reads
        ]
        numbers += [Number(bound.label, bound.value(values)) for bound in check.bounds]
        failed.append(Failure(check, tuple(numbers)))
    return failed


def table_states(values: Values, *, summary: bool = False) -> dict[int, TableState]:
    """The check state of the cover (0) and of every table, in the form's order."""
    failed = failures(values, summary=summary)
    numbers = [COVER_TABLE, *(table.number for table in form.TABLES)]
    return {
        number: TableState(number, tuple(failure for failure in failed if failure.check.table == number))
        for number in numbers
    }
