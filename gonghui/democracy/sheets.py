"""Imports of the county's existing registers through the core sheets pipeline.

* **Collective contract register** (集体合同备案台账): one row per signed contract at an employer
  the importing user may see (credit code, else exact name). The dates say how far it has gone,
  and it enters the workflow there with the history the workflow would have written
  (``core.workflow.history``): signed → filed (when a filing date is given) → in force (once the
  15-day objection window has ended) → expired (once the term is over). The filing deadline, the
  late flag and the objection window are computed by ``rules.py`` as the services compute them.
* **Congress register** (职代会建制台账): one row per congress term of an employer; the form
  (assembly or delegates) and the delegates required follow the workforce (``rules.delegate_minimum``).

Every row is checked before anything is written (the pipeline's rule), and every error is named by
row and column: the term (1–3 years for a contract, 3–5 for a congress), dates in order and not in
the future, the contract's minimum wage against the local minimum wage on the signing day (with
the numbers), the employer found, and the same record neither twice in the file nor already kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.workflow.history import Step, backdated_history
from gonghui.democracy import rules
from gonghui.democracy.models import CollectiveContract, Congress
from gonghui.democracy.selectors import local_minimum_wage
from gonghui.organisations import selectors as organisations

KINDS = (
    ("综合性集体合同", CollectiveContract.Kind.COMPREHENSIVE),
    ("综合集体合同", CollectiveContract.Kind.COMPREHENSIVE),
    ("集体合同", CollectiveContract.Kind.COMPREHENSIVE),
    ("工资专项集体合同", CollectiveContract.Kind.WAGE),
    ("工资专项集体协议", CollectiveContract.Kind.WAGE),
    ("工资集体协议", CollectiveContract.Kind.WAGE),
    ("女职工权益保护专项集体合同", CollectiveContract.Kind.WOMEN),
    ("女职工专项集体合同", CollectiveContract.Kind.WOMEN),
    ("劳动安全卫生专项集体合同", CollectiveContract.Kind.SAFETY),
)


def _amount(value: Any) -> None:
    try:
        amount = Decimal(str(value).replace(",", "").replace("¥", "").replace("元", "").strip())
    except InvalidOperation:
        raise ValidationError(_("Give an amount in yuan, e.g. 2500.")) from None
    if amount < 0:
        raise ValidationError(_("Give an amount in yuan, e.g. 2500."))


def _percent(value: Any) -> None:
    try:
        number = Decimal(str(value).replace("%", "").strip())
    except InvalidOperation:
        raise ValidationError(_("Give a percentage, e.g. 5.5.")) from None
    if not Decimal("-50") <= number <= Decimal("100"):
        raise ValidationError(_("Give a percentage, e.g. 5.5."))


def _count(value: Any) -> None:
    if not str(value).strip().isdigit():
        raise ValidationError(_("Give a whole number."))


def _decimal(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    return Decimal(str(text).replace(",", "").replace("¥", "").replace("元", "").replace("%", "").strip())


class EmployerLookup:
    """The importing user's employers by credit code and by name (read once per pass)."""

    def prepare(self, run: ImportRun) -> None:
        by_code: dict[str, dict[str, Any]] = {}
        by_name: dict[str, list[dict[str, Any]]] = {}
        if run.actor is not None:
            employers = organisations.employers_for_user(run.actor, within=run.root).values(
                "id", "name", "credit_code", "union_id", "headcount", "women", "dispatched_workers"
            )
            for found in employers.iterator(chunk_size=5000):
                employer: dict[str, Any] = dict(found)
                if employer["credit_code"]:
                    by_code[employer["credit_code"]] = employer
                by_name.setdefault(employer["name"], []).append(employer)
        run.state.update(by_code=by_code, by_name=by_name, today=timezone.localdate())

    def employer(self, run: ImportRun, row: Row) -> dict[str, Any] | None:
        code, name = row.values.get("credit_code"), row.values.get("employer_name")
        if code:
            found = run.state["by_code"].get(code)
            if found is None:
                row.error("credit_code", _("No employer with this credit code in your part of the tree."))
            return found
        matches = run.state["by_name"].get(name or "", [])
        if not matches:
            row.error("employer_name", _("No employer of this name in your part of the tree."))
            return None
        if len(matches) > 1:
            row.error("employer_name", _("Several employers have this name: give the credit code."))
            return None
        return matches[0]


EMPLOYER_COLUMNS = (
    Column("employer_name", "单位名称", synonyms=("企业名称", "用人单位"), required=True, max_length=200, width=30),
    Column("credit_code", "统一社会信用代码", synonyms=("信用代码",), type="code", digits=18, upper=True, width=22),
)


@register
class ContractRegisterSheet(EmployerLookup, SheetSpec):
    kind = "collective_contract_register"
    title = gettext_lazy("Collective contract register")
    import_permission = "democracy.add_collectivecontract"
    export_permission = "democracy.view_collectivecontract"
    list_url_name = "democracy:contract_list"
    columns = (
        *EMPLOYER_COLUMNS,
        Column("kind", "合同类别", synonyms=("合同种类",), required=True, choices=KINDS, width=20),
        Column("signed_on", "签订日期", type="date", required=True, width=12),
        Column("term_start", "期限起", synonyms=("合同起始日期",), type="date", required=True, width=12),
        Column("term_end", "期限止", synonyms=("合同终止日期",), type="date", required=True, width=12),
        Column("filed_on", "报送日期", synonyms=("备案日期", "报送审查日期"), type="date", width=12),
        Column("covered_workers", "覆盖职工", synonyms=("覆盖职工人数",), validators=(_count,), width=10),
        Column("wage_rise_percent", "工资增幅（%）", synonyms=("工资增长幅度",), validators=(_percent,), width=10),
        Column("minimum_wage", "最低工资（元/月）", synonyms=("最低工资标准",), validators=(_amount,), width=12),
    )
    instructions = (
        gettext_lazy(
            "One row per signed collective contract or special agreement. Columns with an orange header are required."
        ),
        gettext_lazy(
            "The employer must be in your part of the tree: give its credit code, or its name exactly as recorded."
        ),
        gettext_lazy(
            "A contract runs 1 to 3 years (期限止 is its last day); with a filing date it is filed, and in force "
            "once the labour department's 15-day objection window has ended."
        ),
    )

    def prepare(self, run: ImportRun) -> None:
        super().prepare(run)
        known: set[tuple[int, str, date]] = set()
        if run.actor is not None:
            with acting_as(run.actor):
                rows = CollectiveContract.objects.filter(signed_on__isnull=False).values_list(
                    "employer_id", "kind", "signed_on"
                )
                known = {(e, k, s) for e, k, s in rows.iterator(chunk_size=5000) if s is not None}
        run.state["known"] = known

    def validate_row(self, run: ImportRun, row: Row) -> None:
        values, today = row.values, run.state["today"]
        if run.actor is None:
            row.error(None, _("Import the register as a user (the command's --as)."))
            return
        employer = self.employer(run, row)
        signed, start, end, filed = (values.get(k) for k in ("signed_on", "term_start", "term_end", "filed_on"))
        for field, day in (("signed_on", signed), ("filed_on", filed)):
            if day is not None and day > today:
                row.error(field, _("The date lies in the future."))
        if start is not None and end is not None and not rules.contract_term_ok(start, end):
            low, high = rules.term_bounds(start, rules.CONTRACT_TERM_YEARS)
            row.error(
                "term_end",
                _("A collective contract runs 1 to 3 years (the last day %(low)s to %(high)s).")
                % {"low": f"{low:%Y-%m-%d}", "high": f"{high:%Y-%m-%d}"},
            )
        if signed is not None and filed is not None and filed < signed:
            row.error("filed_on", _("A contract is filed after it is signed."))
        if signed is not None and values.get("minimum_wage") and "minimum_wage" not in row.bad_fields:
            problem = rules.minimum_wage_problem(_decimal(values["minimum_wage"]), local_minimum_wage(signed).monthly)
            if problem:
                row.error("minimum_wage", problem)
        if employer is None or signed is None or not values.get("kind"):
            return
        row.key = (employer["id"], values["kind"], signed)
        if row.key in run.state["known"]:
            row.error("signed_on", _("This contract is already recorded (same employer, kind and signing day)."))
        row.action = "create"
        row.payload = employer

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        today = run.state["today"]
        writer = BulkWriter(now=run.now)
        with system_scope("an import writes the contracts it has checked, with their back-dated history"):
            for row in rows:
                employer, values = row.payload, row.values
                kind, signed = values["kind"], values["signed_on"]
                contract = CollectiveContract(
                    pk=writer.ids.next(CollectiveContract),
                    union_id=employer["union_id"],
                    employer_id=employer["id"],
                    kind=kind,
                    title=f"{employer['name']}{signed.year}年{CollectiveContract.Kind(kind).label}",
                    requested_on=signed,
                    signed_on=signed,
                    term_start=values["term_start"],
                    term_end=values["term_end"],
                    covered_workers=int(values["covered_workers"])
                    if values.get("covered_workers")
                    else employer["headcount"],
                    wage_rise_percent=_decimal(values.get("wage_rise_percent")),
                    minimum_wage=_decimal(values.get("minimum_wage")),
                    local_minimum_wage=local_minimum_wage(signed).monthly,
                    filing_due=rules.filing_due(signed, is_wage_agreement=kind == CollectiveContract.Kind.WAGE).date,
                )
                steps = [Step(signed, "start"), Step(signed, "reply"), Step(signed, "sign")]
                filed = values.get("filed_on")
                if filed is not None:
                    contract.filed_on = contract.received_on = filed
                    contract.filed_late = filed > contract.filing_due
                    window_end = rules.objection_window_end(filed).date
                    contract.objection_window_end = window_end
                    steps.append(Step(filed, "file"))
                    if window_end < today:
                        steps.append(Step(window_end + timedelta(days=1), "in_force"))
                        term_end: date = values["term_end"]
                        if term_end < today:
                            steps.append(Step(term_end + timedelta(days=1), "expire"))
                history = backdated_history(contract, steps, today=today)
                writer.add(CollectiveContract, contract)
                for entry in history.rows:
                    writer.add(type(entry), entry, with_id=False)
            writer.flush()
        run.created += len(rows)


@register
class CongressRegisterSheet(EmployerLookup, SheetSpec):
    kind = "congress_register"
    title = gettext_lazy("Congress register")
    import_permission = "democracy.add_congress"
    export_permission = "democracy.view_congress"
    list_url_name = "democracy:congress_list"
    columns = (
        *EMPLOYER_COLUMNS,
        Column("term_number", "届次", required=True, validators=(_count,), width=6),
        Column("term_start", "本届开始", synonyms=("换届日期", "本届起始日期"), type="date", required=True, width=12),
        Column("term_end", "本届届满", synonyms=("届满日期",), type="date", required=True, width=12),
        Column("workforce", "职工人数", validators=(_count,), width=10),
        Column("women_workers", "女职工人数", validators=(_count,), width=10),
        Column("dispatched_workers", "劳务派遣人数", validators=(_count,), width=10),
        Column("last_sitting_on", "最近一次会议", synonyms=("最近一次会议日期",), type="date", width=12),
    )
    instructions = (
        gettext_lazy("One row per congress term. Columns with an orange header are required."),
        gettext_lazy(
            "The employer must be in your part of the tree: give its credit code, or its name exactly as recorded."
        ),
        gettext_lazy(
            "A term lasts 3 to 5 years (本届届满 is its last day). Left empty, the workers are the employer's record."
        ),
    )

    def prepare(self, run: ImportRun) -> None:
        super().prepare(run)
        known: set[tuple[int, int]] = set()
        if run.actor is not None:
            with acting_as(run.actor):
                known = set(Congress.objects.values_list("employer_id", "term_number").iterator(chunk_size=5000))
        run.state["known"] = known

    def validate_row(self, run: ImportRun, row: Row) -> None:
        values, today = row.values, run.state["today"]
        if run.actor is None:
            row.error(None, _("Import the register as a user (the command's --as)."))
            return
        employer = self.employer(run, row)
        start, end, last = values.get("term_start"), values.get("term_end"), values.get("last_sitting_on")
        if start is not None and end is not None and not rules.term_years_ok(start, end):
            low, high = rules.term_bounds(start, rules.TERM_YEARS)
            row.error(
                "term_end",
                _("A congress term lasts 3 to 5 years (the last day %(low)s to %(high)s).")
                % {"low": f"{low:%Y-%m-%d}", "high": f"{high:%Y-%m-%d}"},
            )
        if last is not None and last > today:
            row.error("last_sitting_on", _("The date lies in the future."))
        counts = {k: int(values[k]) for k in ("workforce", "women_workers", "dispatched_workers") if values.get(k)}
        if employer is not None:
            workforce = counts.get("workforce", employer["headcount"])
            for field in ("women_workers", "dispatched_workers"):
                if counts.get(field, 0) > workforce:
                    row.error(field, _("More than all the workers."))
        if employer is None or not values.get("term_number") or "term_number" in row.bad_fields:
            return
        row.key = (employer["id"], int(values["term_number"]))
        if row.key in run.state["known"]:
            row.error("term_number", _("This term is already recorded for the employer."))
        row.action = "create"
        row.payload = (employer, counts)

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        writer = BulkWriter(now=run.now)
        with system_scope("an import writes the congress terms it has checked"):
            for row in rows:
                employer, counts = row.payload
                values = row.values
                congress = Congress(
                    union_id=employer["union_id"],
                    employer_id=employer["id"],
                    name=_("%(who)s, workers' congress, term %(n)d")
                    % {"who": employer["name"], "n": int(values["term_number"])},
                    term_number=int(values["term_number"]),
                    term_start=values["term_start"],
                    term_end=values["term_end"],
                    workforce=counts.get("workforce", employer["headcount"]),
                    women_workers=counts.get("women_workers", employer["women"]),
                    dispatched_workers=counts.get("dispatched_workers", employer["dispatched_workers"]),
                    last_sitting_on=values.get("last_sitting_on"),
                )
                congress.derive()
                writer.add(Congress, congress)
            writer.flush()
        run.created += len(rows)
