"""The import engine: header mapping, cleaning, validation, the all-or-nothing write.

Two passes over the file, each streaming rows and keeping only errors, counts and the first
rows for the preview (never the rows themselves, so memory stays flat as the file grows):

1. ``validate_file``: read, clean, validate every row, report everything. Given a plan path,
   it also keeps the valid rows as they will be written, and what they depend on (``plans.py``).
2. ``write_file``: writes the checked plan when nothing it depends on has changed (check once);
   otherwise reads, cleans and validates again (the database may have changed since the
   preview), writing valid rows in batches inside ONE transaction. Any error, in any row,
   rolls everything back: nothing is written.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.services import Action, Outcome, audit_record
from gonghui.core.privacy.masking import mask
from gonghui.core.sheets import plans, reading
from gonghui.core.sheets.specs import Column, SheetSpec

# The engine's own column in error workbooks; ignored when the workbook comes back.
ERROR_COLUMN = "错误说明"
PREVIEW_ROWS = 20
BATCH_ROWS = 1000  # rows handed to a spec's write_batch at a time (it inserts ~200 per statement)
PROGRESS_EVERY = 1000
STORED_ERRORS = 5000  # errors kept in a stored report (the error workbook has them all)

Progress = Callable[[int, int | None, str], None]


@dataclass
class Row:
    """One data row of the file while it is checked: raw cells, cleaned values, problems."""

    number: int
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    warnings: list[tuple[str | None, str]] = field(default_factory=list)
    bad_fields: set[str] = field(default_factory=set)
    action: str | None = None  # "create" or "update", set by the spec
    key: Any = None  # the natural key, set by the spec: duplicates in the file are reported
    payload: Any = None  # whatever the spec needs to write the row

    def error(self, field_name: str | None, message: str) -> None:
        self.errors.append((field_name, str(message)))
        if field_name:
            self.bad_fields.add(field_name)

    def warn(self, field_name: str | None, message: str) -> None:
        self.warnings.append((field_name, str(message)))

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    """What an import pass found. JSON-serialisable (``as_dict`` / ``from_dict``) for the preview page."""

    kind: str
    filename: str
    refused: str = ""  # the reader's message when the file is refused before or while parsing
    refused_code: str = ""
    file_errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's columns, as the preview shows them
    total: int = 0
    valid: int = 0
    invalid: int = 0
    to_create: int = 0
    to_update: int = 0
    warnings: int = 0
    error_count: int = 0
    # {"row": 12, "column": "工会名称", "message": "…"}; column "" for a whole-row error.
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Repairs made while reading (spaces trimmed, full-width digits …): shown, never blocking.
    warning_list: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False
    created: int = 0
    updated: int = 0
    # What a check's plan depends on (``plans.py``), kept with the stored report for the confirm
    # step; empty when the check kept no plan. Never shown.
    plan: dict[str, Any] = field(default_factory=dict)
    # The write wrote the checked plan, without checking the rows a second time.
    checked_once: bool = False
    # Why the write checked every row again although the check had kept a plan (empty: it did not).
    rechecked: str = ""

    @property
    def ok(self) -> bool:
        """True when the file can be (or was) written: no refusal, no file error, no row error."""
        return not self.refused and not self.file_errors and self.error_count == 0 and self.total > 0

    @property
    def exit_code(self) -> int:
        """The command line's exit code: 0 ok, 1 data errors, 2 file refused."""
        if self.refused:
            return 2
        return 0 if self.ok else 1

    def messages(self) -> list[str]:
        """Every problem as one line, rows by number (the command line prints these)."""
        lines = [self.refused] if self.refused else []
        return lines + self.file_errors + self.row_errors()

    def row_errors(self) -> list[str]:
        """The errors of rows and cells as lines: 「第 12 行「证件号码」：…」."""
        return [_cell_line(error) for error in self.errors]

    def repairs(self, limit: int | None = None) -> list[str]:
        """The repairs made while reading as lines (the first ``limit``), as the preview lists them.

        Like the preview's list, they carry no personal data in clear: a repair's message says
        what was changed (full-width digits, spaces, a lower-case x …), never the value of a
        personal column.
        """
        return [_cell_line(warning) for warning in self.warning_list[:limit]]

    def as_dict(self, *, max_errors: int = STORED_ERRORS) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = self.errors[:max_errors]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _cell_line(entry: dict[str, Any]) -> str:
    """One error or repair of a cell (or row): 「第 12 行「证件号码」：…」."""
    column = f"「{entry['column']}」" if entry["column"] else ""
    return _("Row %(row)s%(column)s: %(message)s") % {**entry, "column": column}


@dataclass
class ImportRun:
    """One pass of one import: who, under which union, and the spec's lookups (``state``)."""

    spec: SheetSpec
    actor: Any
    root: Any  # the union the import is under (the actor's union, or --union)
    filename: str
    job_id: str = ""
    writing: bool = False
    now: datetime = field(default_factory=timezone.now)
    state: dict[str, Any] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    # About how many rows the pass will see (the checked rows, or the reader's estimate; 0: unknown).
    expected_rows: int = 0
    # What the spec opened for the pass (a helper process, say), closed when the pass ends, however it ends.
    closing: ExitStack = field(default_factory=ExitStack)
    # Natural keys seen so far in the file → the row that had it first (duplicates are errors).
    keys: dict[Any, int] = field(default_factory=dict)


class _Rollback(Exception):
    """Raised inside the write transaction to undo everything when a row turned out bad."""


# --- header mapping ----------------------------------------------------------------------------


def header_hint(spec: SheetSpec) -> tuple[str, ...]:
    """Every header and synonym: the reader finds the header row (and sheet) by them."""
    return tuple(text for c in spec.columns for text in c.names())


@dataclass
class HeaderMap:
    columns: list[Column | None]  # per file column: the spec column it feeds, or None (ignored)
    missing: list[str]  # required template headers not found
    extra: list[str]  # file headers that match no column
    duplicated: list[str]  # template headers that two file columns map to


def map_headers(spec: SheetSpec, headers: list[str]) -> HeaderMap:
    """Map the file's headers to the spec's columns through headers and synonyms."""
    lookup: dict[str, Column] = {}
    for spec_column in spec.columns:
        for text in (spec_column.header, *spec_column.synonyms):
            lookup[reading.normalise_header(text)] = spec_column
    for spec_column in spec.columns:
        for text in spec_column.names():  # its name in each language (an export in English imports back)
            lookup.setdefault(reading.normalise_header(text), spec_column)
    ignored = {reading.normalise_header(ERROR_COLUMN), reading.normalise_header("序号")}
    mapped: list[Column | None] = []
    seen: dict[str, int] = {}
    extra: list[str] = []
    duplicated: list[str] = []
    for header in headers:
        key = reading.normalise_header(str(header or ""))
        column = lookup.get(key)
        if column is None:
            if key and key not in ignored:
                extra.append(str(header))
            mapped.append(None)
            continue
        if column.field in seen:
            duplicated.append(column.header)
            mapped.append(None)
            continue
        seen[column.field] = len(mapped)
        mapped.append(column)
    missing = [c.header for c in spec.columns if c.required and c.field not in seen]
    return HeaderMap(mapped, missing, extra, duplicated)


# --- cleaning ------------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Text made only of these characters is what the reader's clean_text returns unchanged, with no
# issue: CJK ideographs, printable ASCII without spaces, and common Chinese punctuation (none of
# them invisible, full-width alphanumeric or a space). Skipping the reader for it is the single
# largest saving of a 100,000-row import; test_cleaning checks the equivalence.
_PLAIN_TEXT = re.compile(
    "[\u4e00-\u9fff!-~\u3001\u3002\uff08\uff09\u00b7\u2014\u2018\u2019\u201c\u201d\u300a\u300b\u3010\u3011]+"
)


CellOutcome = tuple[Any, tuple[str, ...], tuple[str, ...]]  # value, errors, warnings

_SLOW = object()  # a fast path's answer when the cell needs the full cleaner
_CANONICAL_CODE = re.compile("[0-9A-Za-z]+")
_CANONICAL_UPPER_CODE = re.compile("[0-9A-Z]+")


def fast_path(column: Column) -> Callable[[Any], Any] | None:
    """A column's cleaner for the cells that need no cleaning (None: the column has none).

    It gives the value ``clean_value`` would give, without errors or warnings, or ``_SLOW`` when
    the cell needs the full cleaner: an empty cell of an optional column, plain text (ideographs,
    printable ASCII, common punctuation: what ``clean_text`` returns unchanged) within the
    length, a code of letters and digits as typed (capitals where the column wants them), a date
    cell. Choice columns have none (their few values are remembered instead); a value the
    column's validators refuse goes the slow way, which words the message. ``test_cleaning``
    compares both ways on every kind of cell.
    """
    if column.choices or column.type not in ("text", "code", "date"):
        return None
    validators, limit, required = column.validators, column.max_length, column.required

    def valid(value: Any) -> bool:
        for validator in validators:
            try:
                validator(value)
            except ValidationError:
                return False
        return True

    if column.type == "date":

        def date_cell(value: Any) -> Any:
            if type(value) is datetime:
                value = value.date()
            elif type(value) is not date:
                return None if value is None and not required else _SLOW
            return value if not validators or valid(value) else _SLOW

        return date_cell
    if column.type == "code":
        code = (_CANONICAL_UPPER_CODE if column.upper else _CANONICAL_CODE).fullmatch
        scientific = reading.cells._SCIENTIFIC.match

        def code_cell(value: Any) -> Any:
            if type(value) is not str or not code(value) or scientific(value):
                return None if value is None and not required else _SLOW
            if limit is not None and len(value) > limit:
                return _SLOW
            return value if not validators or valid(value) else _SLOW

        return code_cell
    plain = _PLAIN_TEXT.fullmatch

    def text_cell(value: Any) -> Any:
        if type(value) is not str or not plain(value):
            return None if value is None and not required else _SLOW
        if limit is not None and len(value) > limit:
            return _SLOW
        return value if not validators or valid(value) else _SLOW

    return text_cell


def _clean_text(value: Any, *, personal: bool = False) -> Any:
    if isinstance(value, str) and _PLAIN_TEXT.fullmatch(value):
        return reading.Cleaned(value)
    return reading.clean_text(value, personal=personal)


def clean_value(column: Column, value: Any) -> CellOutcome:
    """One cell's cleaned value, its errors and its warnings (messages in the current language).

    The messages about a personal column (``Column.personal``) never carry its value: they are
    stored with the report and shown in the preview and on the command line, where personal
    data appears only masked. The row and column say where the cell is.
    """
    personal = bool(column.personal)
    if column.type == "code":
        cleaned = reading.clean_code(
            value, digits=column.digits, column=column.header, upper=column.upper, personal=personal
        )
    elif column.type == "date":
        cleaned = reading.clean_date(value)
    elif column.type == "decimal":
        cleaned = reading.clean_decimal(value)
    else:
        cleaned = _clean_text(value, personal=personal)
    issues = tuple(str(issue.message) for issue in cleaned.issues)
    if cleaned.fatal:
        return None, issues or (_("This cell cannot be read."),), ()
    result = cleaned.value
    if _is_empty(result):
        result = None
    if result is None:
        return None, ((_("This column is required."),) if column.required else ()), issues
    if column.choices:
        labels = dict(column.choices)
        text = str(result).strip()
        if text in labels:
            result = labels[text]
        elif text not in labels.values():
            message = _("“%(value)s” is not one of: %(allowed)s.") % {
                "value": mask(column.personal, text) if column.personal else text,
                "allowed": "、".join(label for label, _v in column.choices),
            }
            return None, (message,), issues
        else:
            result = text
    if column.max_length is not None and isinstance(result, str) and len(result) > column.max_length:
        return None, (_("At most %(count)d characters.") % {"count": column.max_length},), issues
    for validator in column.validators:
        try:
            validator(result)
        except ValidationError as exc:
            return None, tuple(exc.messages), issues
    return result, (), issues


class CellCleaner:
    """Cleans cells, remembering the outcome for values that repeat (a parent's name, a kind, a date).

    A column whose values rarely repeat (names, codes) stops being remembered after a trial, so
    memory stays flat.
    """

    TRIAL = 2000
    MAX_ENTRIES = 5000

    def __init__(self) -> None:
        # Per column field: [memo or None once switched off, lookups, hits, fast path]. One list per column,
        # so that a cell costs one dict lookup before its own (2,000,000 cells in a 100,000-row sheet).
        self.state: dict[str, list[Any]] = {}

    def remembered(self, field_name: str) -> int | None:
        """How many outcomes are remembered for the column (None: remembering is off for it)."""
        state = self.state.get(field_name)
        return None if state is None or state[0] is None else len(state[0])

    def clean(self, column: Column, value: Any, row: Row) -> None:
        name = column.field
        state = self.state.get(name)
        if state is None:
            state = self.state[name] = [{}, 0, 0, fast_path(column)]
        fast = state[3]
        if fast is not None:
            result = fast(value)
            if result is not _SLOW:
                row.values[name] = result
                return
        memo = state[0]
        if memo is None or isinstance(value, list | dict):
            outcome = clean_value(column, value)
        else:
            key = (type(value), value)
            found = memo.get(key)
            state[1] += 1
            if found is not None:
                state[2] += 1
                outcome = found
            else:
                outcome = clean_value(column, value)
                if len(memo) < self.MAX_ENTRIES:
                    memo[key] = outcome
            if state[1] == self.TRIAL and state[2] < self.TRIAL // 2:
                state[0] = None  # values rarely repeat here: stop remembering them
        value, errors, warnings = outcome
        row.values[name] = value
        if errors:
            for message in errors:
                row.error(name, message)
        if warnings:
            for message in warnings:
                row.warn(name, message)


def clean_cell(column: Column, value: Any, row: Row) -> None:
    """Clean one cell into ``row.values[column.field]``, adding the cell's errors and warnings."""
    CellCleaner().clean(column, value, row)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# --- the passes ----------------------------------------------------------------------------------


def _open(spec: SheetSpec, path: Path | str, filename: str, report: ImportReport) -> tuple[Any, HeaderMap] | None:
    try:
        # open_sheet refuses dangerous files (check_file) before any parser sees them.
        sheet = reading.open_sheet(Path(path), filename, header_hint=header_hint(spec))
    except reading.RefusedFile as exc:
        report.refused, report.refused_code = str(exc.message), str(exc.code)
        return None
    report.headers = [str(h or "") for h in sheet.headers]
    report.notices += [str(n.message) for n in sheet.notices]
    header_map = map_headers(spec, list(sheet.headers))
    if header_map.missing:
        report.file_errors.append(
            _("Required columns are missing: %(columns)s.") % {"columns": "、".join(header_map.missing)}
        )
    if header_map.duplicated:
        report.file_errors.append(
            _("These columns appear twice: %(columns)s.") % {"columns": "、".join(header_map.duplicated)}
        )
    if header_map.extra:
        report.notices.append(
            _("These columns are not part of the template and are ignored: %(columns)s.")
            % {"columns": "、".join(header_map.extra)}
        )
    return sheet, header_map


def _rows(spec: SheetSpec, sheet: Any, header_map: HeaderMap, run: ImportRun, report: ImportReport) -> Iterator[Row]:
    """Cleaned and validated rows, with the file's duplicate natural keys reported."""
    seen_keys = run.keys
    columns = header_map.columns
    width = len(columns)
    absent = [c for c in spec.columns if c not in columns]
    cleaner = CellCleaner()
    source: Iterator[tuple[int, list[Any]]] = sheet.rows()
    if spec.prescan_rows > 0:
        source = _prescanned(spec, run, source, header_map)
    for number, raw in source:
        raw = list(raw)
        if all(_is_empty(v) for v in raw):
            continue
        if len(raw) < width:
            raw += [None] * (width - len(raw))
        row = Row(number=number, raw=raw)
        for column, value in zip(columns, raw, strict=False):
            if column is not None:
                cleaner.clean(column, value, row)
        for column in absent:
            row.values[column.field] = None
        spec.validate_row(run, row)
        if row.key is not None:
            first = seen_keys.get(row.key)
            if first is not None:
                row.error(None, _("Duplicates row %(row)d of this file.") % {"row": first})
            else:
                seen_keys[row.key] = number
        yield row


def _prescanned(
    spec: SheetSpec, run: ImportRun, rows: Iterator[tuple[int, list[Any]]], header_map: HeaderMap
) -> Iterator[tuple[int, list[Any]]]:
    """The rows, each window of ``spec.prescan_rows`` shown to ``spec.prescan`` before it is checked."""
    while True:
        window = list(islice(rows, spec.prescan_rows))
        if not window:
            return
        spec.prescan(run, window, header_map)
        yield from window


def _record(report: ImportReport, row: Row, header_map: HeaderMap, spec: SheetSpec) -> None:
    report.total += 1
    report.warnings += len(row.warnings)
    for field_name, message in row.warnings:
        if len(report.warning_list) >= STORED_ERRORS:
            break
        header = spec.column(field_name).header if field_name else ""
        report.warning_list.append({"row": row.number, "column": header, "message": message})
    if row.errors:
        report.invalid += 1
        for field_name, message in row.errors:
            header = spec.column(field_name).header if field_name else ""
            report.error_count += 1
            report.errors.append({"row": row.number, "column": header, "message": message})
    else:
        report.valid += 1
        if row.action == "create":
            report.to_create += 1
        elif row.action == "update":
            report.to_update += 1
    if len(report.preview) < PREVIEW_ROWS:
        bad = sorted(i for i, c in enumerate(header_map.columns) if c is not None and c.field in row.bad_fields)
        cells = [_display(v) for v in row.raw]
        for i, column in enumerate(header_map.columns[: len(cells)]):
            if column is not None and column.personal:
                # The report is stored with the run: personal data never goes into it unmasked.
                cells[i] = mask(column.personal, cells[i])
        report.preview.append({"row": row.number, "cells": cells, "bad": bad, "ok": row.ok})


def _pass(
    spec: SheetSpec,
    path: Path | str,
    filename: str,
    *,
    actor: Any,
    root: Any,
    writing: bool,
    progress: Progress | None,
    job_id: str,
    plan: plans.PlanWriter | None = None,
) -> tuple[ImportReport, ImportRun | None]:
    """One pass over the file: check every row; with ``writing``, write them; with ``plan``, keep them."""
    report = ImportReport(kind=spec.kind, filename=filename)
    opened = _open(spec, path, filename, report)
    if opened is None:
        return report, None
    sheet, header_map = opened
    if report.file_errors:
        return report, None
    expected = getattr(sheet, "estimated_rows", None) or 0
    run = ImportRun(spec, actor, root, filename, job_id, writing, expected_rows=expected)
    with run.closing:
        spec.prepare(run)
        if not _rows_pass(spec, sheet, header_map, run, report, writing=writing, progress=progress, plan=plan):
            return report, None
    if report.total == 0 and not report.refused:
        report.file_errors.append(_("The file holds no data rows."))
    return report, run


def _rows_pass(
    spec: SheetSpec,
    sheet: Any,
    header_map: HeaderMap,
    run: ImportRun,
    report: ImportReport,
    *,
    writing: bool,
    progress: Progress | None,
    plan: plans.PlanWriter | None,
) -> bool:
    """The rows of one pass, recorded, and written or kept; False when the reader refused the file."""
    estimate = run.expected_rows or None
    stage = _("Writing") if writing else _("Checking")
    batch: list[Row] = []
    try:
        for row in _rows(spec, sheet, header_map, run, report):
            _record(report, row, header_map, spec)
            if report.error_count == 0 and (writing or plan is not None):
                row.raw = []  # neither the write nor the plan needs the cells as read
                batch.append(row)
                if len(batch) >= BATCH_ROWS:
                    if writing:
                        spec.write_batch(run, batch)
                    else:
                        plan.add(batch, values=spec.plan_values)  # type: ignore[union-attr]
                    batch = []
            elif batch:
                batch = []  # an error: nothing will be written, and no plan kept
            if progress is not None and report.total % PROGRESS_EVERY == 0:
                progress(report.total, estimate, stage)
    except reading.RefusedFile as exc:
        report.refused, report.refused_code = str(exc.message), str(exc.code)
        return False
    if writing and report.ok:
        if batch:
            spec.write_batch(run, batch)
        spec.finish(run)
    elif plan is not None and report.ok and batch:
        plan.add(batch, values=spec.plan_values)
    if progress is not None:
        progress(report.total, report.total, stage)
    return True


def validate_file(
    spec: SheetSpec,
    path: Path | str,
    filename: str,
    *,
    actor: Any,
    root: Any,
    progress: Progress | None = None,
    job_id: str = "",
    plan_path: Path | None = None,
) -> ImportReport:
    """Read and check every row; write nothing. The report is what the preview shows.

    With ``plan_path`` (and a spec that takes plans: ``SheetSpec.plan_state``), the valid rows
    are kept there as they will be written, and ``report.plan`` says what they depend on: the
    confirm step writes them without a second check while that is unchanged (``plans.py``).
    """
    if plan_path is None or spec.plan_state is None:
        report, _run = _pass(
            spec, path, filename, actor=actor, root=root, writing=False, progress=progress, job_id=job_id
        )
        return report
    writer = plans.PlanWriter(plan_path)
    try:
        before = plans.all_stamps()  # before the check reads anything: a change made meanwhile shows
        with plans.watching() as reads:
            report, run = _pass(
                spec,
                path,
                filename,
                actor=actor,
                root=root,
                writing=False,
                progress=progress,
                job_id=job_id,
                plan=writer,
            )
        depends = reads.dependencies()
        if not report.ok or run is None or not depends <= before.keys():
            # Errors (nothing to write), or the check read records that carry no stamp: no plan.
            writer.abandon()
            return report
        state_at = writer.tell()
        digest = writer.close({name: run.state[name] for name in spec.plan_state})
    except BaseException:
        writer.abandon()
        raise
    report.plan = {
        "format": plans.PLAN_FORMAT,
        "kind": spec.kind,
        "code": plans.code_version(spec),
        "actor": plans.actor_key(actor),
        "root": [root.pk, root.path],
        "today": timezone.localdate().isoformat(),
        "file": plans.file_digest(path),
        "digest": digest,
        "state_at": state_at,
        "rows": writer.rows,
        "stamps": {table: before[table] for table in sorted(depends)},
    }
    return report


def _replay(
    spec: SheetSpec,
    plan_path: Path,
    checked: ImportReport,
    *,
    actor: Any,
    root: Any,
    filename: str,
    progress: Progress | None,
    job_id: str,
) -> tuple[ImportReport, ImportRun]:
    """Write the plan a check kept: its rows, batch by batch, as the check left them."""
    report = ImportReport.from_dict({**checked.as_dict(), "plan": {}, "checked_once": True})
    run = ImportRun(spec, actor, root, filename, job_id, writing=True, expected_rows=report.valid)
    with run.closing:
        spec.prepare(run)
        run.state.update(plans.read_state(plan_path, checked.plan["state_at"]))
        stage = _("Writing")
        done = 0
        for rows in plans.read_rows(plan_path, checked.plan["state_at"]):
            batch = [Row(number=n, raw=[], values=v or {}, action=a, payload=p) for n, v, a, p in rows]
            spec.write_batch(run, batch)
            done += len(rows)
            if progress is not None:
                progress(done, report.total, stage)
        spec.finish(run)
    return report, run


def write_file(
    spec: SheetSpec,
    path: Path | str,
    filename: str,
    *,
    actor: Any,
    root: Any,
    progress: Progress | None = None,
    job_id: str = "",
    checked: ImportReport | None = None,
    plan_path: Path | None = None,
) -> ImportReport:
    """Write every row in one transaction, or nothing at all.

    Given the check's report (``checked``) and its plan, the plan is written when nothing it
    depends on has changed since (decided inside the write transaction); otherwise, and without
    them, every row is read and checked again first, and the report says why.

    One IMPORT row goes to the audit log with the counts, the file name and the job: not one
    row per object, which for 100,000 rows would double the write and bury the log. The rows
    written can be found by the import's time and union.
    """
    holder: dict[str, ImportReport] = {}
    gc.collect()
    gc.freeze()  # the lookups are long-lived: keep the collector from rescanning them
    try:
        with transaction.atomic():
            why = ""
            run: ImportRun | None = None
            if checked is not None and checked.plan and plan_path is not None:
                why = plans.unusable(
                    checked.plan, spec=spec, actor=actor, root=root, path=Path(path), plan_path=plan_path
                )
                if not why:
                    report, run = _replay(
                        spec,
                        plan_path,
                        checked,
                        actor=actor,
                        root=root,
                        filename=filename,
                        progress=progress,
                        job_id=job_id,
                    )
            if run is None:
                report, run = _pass(
                    spec, path, filename, actor=actor, root=root, writing=True, progress=progress, job_id=job_id
                )
                if why:
                    report.rechecked = why
                    report.notices.insert(0, _("Every row was checked again: %(reason)s.") % {"reason": why})
            holder["report"] = report
            if not report.ok or run is None:
                raise _Rollback
            report.created, report.updated, report.written = run.created, run.updated, True
            audit_record(
                Action.IMPORT,
                actor=actor,
                union=root,
                object_repr=f"{spec.kind}: {filename}"[:300],
                changes={
                    "kind": spec.kind,
                    "file": filename,
                    "rows": report.total,
                    "created": run.created,
                    "updated": run.updated,
                    "job": job_id,
                    "checked_once": report.checked_once,
                },
                note=_("Imported %(rows)d rows from %(file)s.") % {"rows": report.total, "file": filename},
            )
    except _Rollback:
        report = holder["report"]
    except (DatabaseError, ValidationError) as exc:
        report = holder.get("report") or ImportReport(kind=spec.kind, filename=filename)
        report.written = False
        report.created = report.updated = 0
        report.file_errors.append(
            _("The database refused the write; nothing was written (%(error)s).") % {"error": exc}
        )
    finally:
        gc.unfreeze()
    if not report.written:
        audit_record(
            Action.IMPORT,
            actor=actor,
            union=root,
            outcome=Outcome.FAILURE,
            object_repr=f"{spec.kind}: {filename}"[:300],
            changes={"kind": spec.kind, "file": filename, "rows": report.total, "errors": report.error_count},
            note=(report.refused or "; ".join(report.file_errors))[:500],
        )
    return report


def cell_text(value: Any) -> str:
    return _display(value)
