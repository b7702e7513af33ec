"""A filled form: each field's value and where it came from, each table's check state (no database here).

The selectors read the values (live counts, typed values, last year's offers, the filed snapshot)
and hand them to :func:`assemble`; the pages, the workbook and the JSON file read the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.figures.periods import Period
from gonghui.statistics import checks, form
from gonghui.statistics.form import Field, Table, Value


class Source(StrEnum):
    LIVE = "live"  # counted from the registers now
    FILED = "filed"  # counted from the registers, as they stood when the form was submitted
    TYPED = "typed"  # typed into this year's form
    LAST_YEAR = "last_year"  # offered from last year's form, left as it was
    EMPTY = "empty"  # a typed field left empty (counts as 0)


SOURCE_LABELS: dict[str, Any] = {
    Source.LIVE: _("from the registers"),
    Source.FILED: _("from the registers, as submitted"),
    Source.TYPED: _("typed in"),
    Source.LAST_YEAR: _("from last year"),
    Source.EMPTY: _("not filled in"),
}


class FormState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    FAILING = "failing"
    SUBMITTED = "submitted"


FORM_STATE_LABELS: dict[str, Any] = {
    FormState.NOT_STARTED: _("not started"),
    FormState.DRAFT: _("being filled in, logic correct"),
    FormState.FAILING: _("being filled in, checks failing"),
    FormState.SUBMITTED: _("submitted"),
}


@dataclass(frozen=True)
class Entry:
    """One field of a filled form."""

    field: Field
    value: Value | None  # None: a typed field left empty
    source: str
    url: str = ""  # the list behind a live value (for a user who may open it)

    @property
    def is_typed(self) -> bool:
        return self.source in {Source.TYPED, Source.LAST_YEAR, Source.EMPTY}

    @property
    def number(self) -> Value:
        """The value as the checks and the files count it (an empty field is 0)."""
        return self.field.clean(self.value)

    @property
    def source_label(self) -> Any:
        return SOURCE_LABELS[self.source]

    @property
    def display(self) -> Any:
        """The value as the page shows it: yes or no, yuan to the fen, a whole number, or a dash."""
        if self.value is None:
            return "—"
        if self.field.is_flag:
            return _("yes") if self.number else _("no")
        return f"{self.number:.2f}" if self.field.is_money else str(self.number)


@dataclass(frozen=True)
class CoverEntry:
    code: str
    label: Any
    value: str
    typed: bool  # typed in (901 always; 903 where the registers hold no division)
    text: str = ""  # what the code means (904)


@dataclass(frozen=True)
class FilledTable:
    table: Table
    entries: tuple[Entry, ...]
    state: checks.TableState


@dataclass
class FilledForm:
    """One union's form for a statistics year, or a federation's summary of its unions' forms."""

    union: Any
    year: int
    period: Period
    cover: tuple[CoverEntry, ...]
    tables: tuple[FilledTable, ...]
    cover_state: checks.TableState
    report: Any = None  # the union's StatisticsReport, None while not started (or for a summary)
    summary: bool = False
    unions: int = 0  # a summary: the unions added up
    submitted: int = 0  # a summary: of which submitted
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, Value]:
        return {entry.field.code: entry.number for table in self.tables for entry in table.entries}

    @property
    def entries(self) -> dict[str, Entry]:
        return {entry.field.code: entry for table in self.tables for entry in table.entries}

    @property
    def passes(self) -> bool:
        return self.cover_state.correct and all(table.state.correct for table in self.tables)

    @property
    def failures(self) -> list[checks.Failure]:
        return [*self.cover_state.failures, *(f for table in self.tables for f in table.state.failures)]

    @property
    def state(self) -> str:
        if self.report is None:
            return FormState.NOT_STARTED
        if self.report.state == "submitted":
            return FormState.SUBMITTED
        return FormState.DRAFT if self.passes else FormState.FAILING

    @property
    def state_label(self) -> Any:
        return FORM_STATE_LABELS[self.state]

    @property
    def code(self) -> str:
        return next((entry.value for entry in self.cover if entry.code == form.CODE), "")

    @property
    def typed_count(self) -> int:
        return sum(1 for table in self.tables for entry in table.entries if entry.is_typed)


def assemble(
    *,
    union: Any,
    year: int,
    period: Period,
    cover: tuple[CoverEntry, ...],
    live: Mapping[str, Value],
    typed: Mapping[str, tuple[Value, bool]],
    urls: Mapping[str, str],
    report: Any = None,
    filed: bool = False,
    summary: bool = False,
) -> FilledForm:
    """The form from its values: ``live`` by code for the live fields, ``typed`` (value, from last
    year) for the typed ones; ``filed``: the live values are the submitted snapshot."""
    tables = []
    values: dict[str, Any] = {entry.code: entry.value for entry in cover}
    for table in form.TABLES:
        entries = []
        for item in table.fields:
            if item.is_live:
                value: Value | None = item.clean(live.get(item.code, 0))
                source = Source.FILED if filed else Source.LIVE
            elif item.code in typed:
                value, carried = typed[item.code]
                value = item.clean(value)
                source = Source.LAST_YEAR if carried else Source.TYPED
            else:
                value, source = None, Source.EMPTY
            entries.append(Entry(item, value, source, urls.get(item.code, "")))
            values[item.code] = item.clean(value)
        tables.append(entries)
    states = checks.table_states(values, summary=summary)
    return FilledForm(
        union=union,
        year=year,
        period=period,
        cover=cover,
        tables=tuple(
            FilledTable(table, tuple(entries), states[table.number])
            for table, entries in zip(form.TABLES, tables, strict=True)
        ),
        cover_state=states[form.COVER_TABLE],
        report=report,
        summary=summary,
    )
