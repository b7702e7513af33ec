"""Programmes and the minimum living standard (低保标准) they are measured against."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.assistance.models import EducationRate, FundingSource, PovertyLine, Program
from gonghui.core.audit.services import Action, audit_record, diff, snapshot
from gonghui.core.services import Actor, check_scope, service
from gonghui.core.tree.models import Union

# --- Minimum living standard and programmes ------------------------------------------------------


@service(perm="assistance.change_povertyline")
def poverty_line_set(
    *, actor: Actor, year: int, monthly_amount: Decimal, division: Any = None, note: str = ""
) -> PovertyLine:
    if monthly_amount <= 0:
        raise ValidationError({"monthly_amount": _("The standard must be more than zero.")})
    line, created = PovertyLine.objects.update_or_create(
        year=year, division=division, defaults={"monthly_amount": monthly_amount, "note": note}
    )
    audit_record(
        Action.CREATE if created else Action.UPDATE,
        obj=line,
        changes={"monthly_amount": [None, str(monthly_amount)]},
    )
    return line


PROGRAM_FIELDS = ("year", "kind", "name", "budget", "default_amount", "starts_on", "ends_on", "description")


@service(perm="assistance.add_program")
def program_create(
    *,
    actor: Actor,
    union: Union,
    sources: Iterable[dict[str, Any]] = (),
    rates: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Program:
    check_scope(actor, union)
    program = Program(union=union, **{k: v for k, v in fields.items() if k in PROGRAM_FIELDS})
    _clean_program(program)
    program.save()
    _set_children(program, sources, rates)
    audit_record(Action.CREATE, obj=program, changes=diff({}, snapshot(program, list(PROGRAM_FIELDS))))
    return program


@service(perm="assistance.change_program")
def program_update(
    *,
    actor: Actor,
    program: Program,
    sources: Iterable[dict[str, Any]] | None = None,
    rates: Iterable[dict[str, Any]] | None = None,
    **fields: Any,
) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    check_scope(actor, program.union)
    before = snapshot(program, list(PROGRAM_FIELDS))
    for name, value in fields.items():
        if name in PROGRAM_FIELDS and name not in ("year", "kind"):
            setattr(program, name, value)
    _clean_program(program)
    program.save()
    if sources is not None or rates is not None:
        _set_children(program, sources, rates)
    audit_record(Action.UPDATE, obj=program, changes=diff(before, snapshot(program, list(PROGRAM_FIELDS))))
    return program


def _clean_program(program: Program) -> None:
    if program.budget < 0 or program.default_amount < 0:
        raise ValidationError(_("Amounts cannot be negative."))
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        raise ValidationError({"ends_on": _("The end lies before the start.")})
    program.full_clean(exclude=["union"])


def _set_children(
    program: Program, sources: Iterable[dict[str, Any]] | None, rates: Iterable[dict[str, Any]] | None
) -> None:
    if sources is not None:
        FundingSource.objects.filter(program=program).delete()
        for row in sources:
            if row.get("amount") is None or not row.get("kind"):
                continue
            FundingSource.objects.create(program=program, union=program.union, **row)
    if rates is not None:
        EducationRate.objects.filter(program=program).delete()
        for row in rates:
            if not row.get("level"):
                continue
            EducationRate.objects.create(program=program, union=program.union, **row)
