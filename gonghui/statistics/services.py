"""The statistics form's writes: each a ``@service`` (``core/services.py``): permission, one transaction, audit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import audit_record
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union
from gonghui.core.workflow.services import workflow_start
from gonghui.statistics import form, selectors
from gonghui.statistics.form import CODE_MAX_LENGTH, Field, Value
from gonghui.statistics.models import StatisticsCode, StatisticsReport, TypedValue
from gonghui.statistics.workflows import ReportState

Action = AuditEvent.Action
CODE_PATTERN = re.compile(r"^[0-9A-Z]*$")
# Far above any union's count or yuan, far below the column's 16 digits.
LARGEST = Decimal("999999999999.99")


def clean_value(field: Field, value: Any) -> Value | None:
    """A typed value as the field keeps it, else ``ValidationError``: not negative, whole but yuan, 0/1 for yes/no."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("Enter a number."), code="number") from None
    if not number.is_finite() or number < 0:
        raise ValidationError(_("Enter a number of 0 or more."), code="negative")
    if number > LARGEST:
        raise ValidationError(_("The number is too large."), code="large")
    if field.is_flag and number not in (0, 1):
        raise ValidationError(_("Enter 1 for yes or 0 for no."), code="flag")
    if field.is_money:
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError(_("Yuan to the fen at most (two decimal places)."), code="fen")
        return number.quantize(Decimal("0.01"))
    if number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."), code="whole")
    return int(number)


def _check_union_and_year(union: Union, year: int) -> None:
    if not selectors.is_form_union(union):
        raise ValidationError(_("Only a grassroots or joint union fills in the statistics form."), code="kind")
    if year not in selectors.years_offered():
        raise ValidationError(_("No form is kept for the statistics year %(year)s.") % {"year": year}, code="year")


@service(perm="statistics.change_statisticsreport")
def report_save(
    *,
    actor: Actor,
    union: Union,
    year: int,
    values: Mapping[str, Any],
    code: str | None = None,
    division: str | None = None,
) -> StatisticsReport:
    """Save the typed values of ``union``'s form for the statistics ``year`` (starting it if needed).

    ``values``: field code → value (empty: not filled in) for the typed fields given; a live field's
    value is the registers', never typed. ``code``: the union's 901 code, kept for every later
    year; ``division``: 903 where the registers hold none. A submitted form is refused: the
    federation above reopens it first. A value equal to last year's and never changed stays
    marked "from last year".
    """
    check_scope(actor, union)
    _check_union_and_year(union, year)
    kept, _created = StatisticsCode.objects.get_or_create(union=union)
    report = StatisticsReport.objects.select_for_update().filter(union=union, year=year).first()
    started = report is None
    if report is None:
        report = StatisticsReport(union=union, year=year, code=kept.code, division=kept.division)
        report.full_clean()
        report.save()
        workflow_start(actor=actor, obj=report)
    elif report.state == ReportState.SUBMITTED:
        raise ValidationError(
            _("The form has been submitted: the federation above reopens it before anything is changed."),
            code="submitted",
        )
    errors: dict[str, list[ValidationError]] = {}
    changes: dict[str, list[Any]] = {}
    rows = {row.code: row for row in TypedValue.objects.filter(report=report)}
    last = selectors.last_year_values(union, year)
    for field in form.typed_fields():
        if field.code not in values:
            continue
        try:
            value = clean_value(field, values[field.code])
        except ValidationError as exc:
            errors[field.code] = [exc]
            continue
        row = rows.get(field.code)
        before = str(row.value) if row is not None else None
        if value is None:
            if row is not None:
                row.delete()
                changes[field.code] = [before, None]
            continue
        carried = field.code in last and last[field.code] == value and (row is None or row.from_last_year)
        if row is None:
            TypedValue.objects.create(union=union, report=report, code=field.code, value=value, from_last_year=carried)
        elif row.value != value or row.from_last_year != carried:
            row.value, row.from_last_year = Decimal(value), carried
            row.save(update_fields=["value", "from_last_year", "updated_at"])
        if before is None or Decimal(before) != value:
            changes[field.code] = [before, str(field.clean(value))]
    if code is not None:
        code = code.strip().upper()
        if len(code) > CODE_MAX_LENGTH or not CODE_PATTERN.match(code):
            errors[form.CODE] = [ValidationError(_("Letters and digits only, at most 24."), code="code")]
        elif code != report.code:
            changes[form.CODE] = [report.code, code]
            report.code = kept.code = code
    if division is not None:
        division = division.strip()
        if division and (not division.isdigit() or len(division) not in (6, 9, 12)):
            errors[form.DIVISION] = [ValidationError(_("6, 9 or 12 digits."), code="division")]
        elif division != report.division:
            changes[form.DIVISION] = [report.division, division]
            report.division = kept.division = division
    if errors:
        raise ValidationError(errors)
    kept.save()
    report.save()
    audit_record(Action.CREATE if started else Action.UPDATE, obj=report, changes=changes)
    return report


@service(perm=None)  # a workflow effect: the transition checked the role, the guard the checks
def report_submitted(*, actor: Actor, report: StatisticsReport) -> StatisticsReport:
    """File the form: its live values as they stand now, its cover's codes, who submitted it when.

    Refused, naming every failing rule, while a table does not read 逻辑正确.
    """
    filled = selectors.form_for_user(actor, report.union, year=report.year, counting=True)  # type: ignore[arg-type]
    if not filled.passes:
        raise ValidationError(
            _("The checks fail: %(rules)s.") % {"rules": "; ".join(str(f) for f in filled.failures)}, code="checks"
        )
    report.filed = {entry.field.code: str(entry.number) for entry in filled.entries.values() if not entry.is_typed}
    cover = {entry.code: entry.value for entry in filled.cover}
    report.code = cover[form.CODE]
    report.division = cover[form.DIVISION]
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["filed", "code", "division", "submitted_at", "submitted_by", "updated_at"])
    return report


@service(perm=None)  # a workflow effect: the transition checked the role and that the actor sits above
def report_reopened(*, actor: Actor, report: StatisticsReport) -> StatisticsReport:
    """Reopen a submitted form: the registers count live again, the typed values stay to be changed."""
    report.filed = {}
    report.submitted_at = None
    report.submitted_by = None
    report.save(update_fields=["filed", "submitted_at", "submitted_by", "updated_at"])
    return report


@service(perm=None)  # a record of what the actor took away: the page checked the permission to see it
def statistics_exported(*, actor: Actor, union: Union, year: int, what: str) -> None:
    """Record that a union's form (or a federation's summary) left the system as a file."""
    audit_record(Action.EXPORT, obj=union, note=f"{what} {year}")
