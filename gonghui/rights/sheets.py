"""The dispute register (劳动争议调解案件登记台账): the list's export and the import of an existing register.

One sheet kind, ``rights_disputes``: the Export button of the dispute list writes it, and an
existing register in the same columns imports through the core pipeline (``core/sheets``: every
row checked before anything is written, errors named per row and column, one transaction).

An imported case is written as the workflow would have left it: its state from 状态, its
timeline back-dated from its days (``core/workflow/history.py``), its acceptance and mediation
limits and arbitration limitation from the module's rules. The committee and the respondent
employer must be ones the importing user can see.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.calendar import statutory
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, register
from gonghui.core.web.lists import ListSheet
from gonghui.core.workflow.history import Step, backdated_history
from gonghui.organisations import selectors as organisations
from gonghui.rights import lists, rules, selectors
from gonghui.rights.models import Claim, Dispute, DisputeApplicant
from gonghui.rights.workflows import DisputeState

CLAIMS = (
    ("劳动报酬", "wages"),
    ("加班费", "overtime"),
    ("社会保险", "social_insurance"),
    ("工伤待遇", "injury"),
    ("经济补偿", "termination"),
    ("劳动合同", "contract"),
    ("其他", "other"),
)
# The states a register records, in the words registers use, and the steps that reach each.
STATES = (
    ("待受理", DisputeState.APPLIED),
    ("调解中", DisputeState.MEDIATING),
    ("达成协议", DisputeState.AGREED),
    ("协议已履行", DisputeState.FULFILLED),
    ("协议未履行", DisputeState.UNFULFILLED),
    ("调解不成", DisputeState.FAILED),
    ("转交仲裁", DisputeState.ARBITRATION),
    ("不予受理", DisputeState.REFUSED),
    ("撤回", DisputeState.WITHDRAWN),
    ("结案", DisputeState.CLOSED),
)
STATE_LABELS = {value: label for label, value in STATES}
CLAIM_LABELS = {value: label for label, value in CLAIMS}
ENDED = {
    DisputeState.AGREED,
    DisputeState.FULFILLED,
    DisputeState.UNFULFILLED,
    DisputeState.FAILED,
    DisputeState.ARBITRATION,
    DisputeState.CLOSED,
    DisputeState.WITHDRAWN,
}
AGREED = {DisputeState.AGREED, DisputeState.FULFILLED, DisputeState.UNFULFILLED}
SEPARATORS = re.compile(r"[、，,；;\s]+")


def _int(value: Any) -> int | None:
    try:
        number = int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return None
    return number if number >= 1 else None


@register
class DisputeSheet(ListSheet):
    kind = "rights_disputes"
    title = gettext_lazy("Labour disputes")
    import_permission = "rights.add_dispute"
    export_permission = "rights.view_dispute"
    list_url_name = "rights:dispute_list"
    page_list = lists.DISPUTES
    instructions = (
        gettext_lazy("One row per case. The committee and the respondent employer are ones you can see, by name."),
        gettext_lazy("Applicants: names separated by 、. Ten or more workers: fill in the elected representatives."),
        gettext_lazy("State: where the case stands; a case that ended needs the day mediation ended."),
    )
    columns = (
        Column("number", "案件编号", type="code", max_length=32, width=14),
        Column("applied_on", "申请日期", type="date", required=True, width=12),
        Column("applicants", "申请人", required=True, max_length=300, width=20),
        Column("workers", "职工人数", width=8),
        Column("representatives", "推举代表", max_length=300, width=16),
        Column("employer", "被申请单位", synonyms=("用人单位",), required=True, max_length=200, width=30),
        Column("committee", "调解委员会", required=True, max_length=200, width=28),
        Column("summary", "争议事项", required=True, max_length=2000, width=30),
        Column("claim", "请求事项", choices=CLAIMS, width=12),
        Column("amount_claimed", "请求金额（元）", type="decimal", width=14),
        Column("knew_on", "知道权利被侵害日期", type="date", width=12),
        Column("employment_ended_on", "劳动关系终止日期", type="date", width=12),
        Column("state", "状态", choices=STATES, required=True, width=12),
        Column("ended_on", "调解结束日期", type="date", width=12),
        Column("amount_agreed", "协议金额（元）", type="decimal", width=14),
        Column("perform_by", "履行期限", type="date", width=12),
        Column("amount_recovered", "追回金额（元）", type="decimal", width=14),
        Column("arbitration_on", "转交仲裁日期", type="date", width=12),
    )

    # --- export ----------------------------------------------------------------------------

    def export_rows(self, queryset: Any) -> Any:
        rows = queryset.prefetch_related(
            Prefetch("applicants", queryset=DisputeApplicant.objects.order_by("id")),
            Prefetch("claims", queryset=Claim.objects.order_by("id")),
        )
        for start in range(0, 10**9, 1000):
            chunk = list(rows[start : start + 1000])
            if not chunk:
                return
            for dispute in chunk:
                yield self.export_values(dispute)

    def export_values(self, dispute: Dispute) -> list[Any]:
        claims = list(dispute.claims.all())
        return [
            dispute.number,
            dispute.applied_on,
            "、".join(applicant.name for applicant in dispute.applicants.all()),
            str(dispute.workers),
            dispute.representatives,
            dispute.employer.name,
            dispute.committee.name,
            dispute.summary,
            CLAIM_LABELS.get(claims[0].kind, "") if claims else "",
            dispute.amount_claimed,
            dispute.knew_on or "",
            dispute.employment_ended_on or "",
            STATE_LABELS.get(dispute.state, dispute.state),
            dispute.ended_on or "",
            dispute.amount_agreed,
            dispute.perform_by or "",
            dispute.amount_recovered,
            dispute.arbitration_on or "",
        ]

    # --- import ----------------------------------------------------------------------------

    def prepare(self, run: ImportRun) -> None:
        user = run.actor
        committees: dict[str, list[Any]] = {}
        for committee in selectors.committees_for_user(user).select_related(None).only("id", "name", "union_id"):
            committees.setdefault(committee.name, []).append(committee)
        employers: dict[str, list[int]] = {}
        for employer_id, name, code in organisations.employers_for_user(user).values_list("id", "name", "credit_code"):
            employers.setdefault(name, []).append(employer_id)
            if code:
                employers.setdefault(code, []).append(employer_id)
        run.state["committees"] = committees
        run.state["employers"] = employers
        run.state["numbers"] = set(
            selectors.disputes_for_user(user).exclude(number="").values_list("number", flat=True)
        )
        run.state["today"] = timezone.localdate()

    def validate_row(self, run: ImportRun, row: Row) -> None:
        v = row.values
        today: date = run.state["today"]
        applied: date | None = v.get("applied_on")
        if applied is not None and applied > today:
            row.error("applied_on", _("The application cannot be received in the future."))
        number = (v.get("number") or "").strip()
        if number:
            if number in run.state["numbers"]:
                row.error("number", _("A case with this number is recorded already."))
            row.key = ("number", number)
        applicants = [name for name in SEPARATORS.split(v.get("applicants") or "") if name]
        if v.get("applicants") and not applicants:
            row.error("applicants", _("Name at least one applicant."))
        if any(len(name) > 50 for name in applicants):
            row.error("applicants", _("Separate the applicants' names with 、."))
        workers = _int(v["workers"]) if v.get("workers") else max(len(applicants), 1)
        if workers is None:
            row.error("workers", _("Give the number of workers as a whole number."))
            workers = 1
        if rules.is_collective(workers) and not (v.get("representatives") or "").strip():
            row.error("representatives", _("Ten or more workers elect representatives to take part in mediation."))
        committee = self._one(row, "committee", run.state["committees"].get(v.get("committee") or "", []))
        employer_id = self._one(row, "employer", run.state["employers"].get(v.get("employer") or "", []))
        state = v.get("state") or ""
        ended = v.get("ended_on")
        if state in ENDED and ended is None:
            row.error("ended_on", _("A case that ended needs the day mediation ended."))
        if ended is not None and applied is not None and not applied <= ended <= today:
            row.error("ended_on", _("Mediation ends between the application and today."))
        if state == DisputeState.ARBITRATION and v.get("arbitration_on") is None:
            row.error("arbitration_on", _("A case handed to arbitration needs the day it was handed over."))
        if state in AGREED and v.get("perform_by") is not None and ended is not None and v["perform_by"] < ended:
            row.error("perform_by", _("The agreement is performed after it is signed."))
        if row.ok and applied is not None:
            row.action = "create"
            row.payload = {
                "committee": committee,
                "employer_id": employer_id,
                "applicants": applicants,
                "workers": workers,
            }

    def _one(self, row: Row, field: str, found: list[Any]) -> Any:
        if not row.values.get(field):
            return None
        if len(found) != 1:
            message = (
                _("No committee you can see has this name.")
                if field == "committee"
                else _("No single employer you can see has this name or credit code.")
            )
            row.error(field, message)
            return None
        return found[0]

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        writer = BulkWriter()
        today: date = run.state["today"]
        for row in rows:
            self._write(writer, row, today)
            run.created += 1
        writer.flush()

    def _write(self, writer: BulkWriter, row: Row, today: date) -> None:
        v, p = row.values, row.payload
        committee = p["committee"]
        applied: date = v["applied_on"]
        claim = v.get("claim") or ""
        amount = v.get("amount_claimed") or Decimal("0")
        state = v["state"]
        dispute = Dispute(
            union_id=committee.union_id,
            committee_id=committee.pk,
            employer_id=p["employer_id"],
            applied_on=applied,
            summary=v["summary"],
            workers=p["workers"],
            kind=Dispute.Kind.COLLECTIVE if rules.is_collective(p["workers"]) else Dispute.Kind.INDIVIDUAL,
            representatives=(v.get("representatives") or "").strip(),
            knew_on=v.get("knew_on"),
            employment_ended_on=v.get("employment_ended_on"),
            acceptance_due=rules.acceptance_due(applied).date,
            mediation_due=rules.mediation_due(applied).date,
            amount_claimed=amount,
            ended_on=v.get("ended_on") if state in ENDED else None,
            amount_agreed=v.get("amount_agreed") or Decimal("0"),
            perform_by=v.get("perform_by") if state in AGREED else None,
            amount_recovered=v.get("amount_recovered") or Decimal("0"),
            arbitration_on=v.get("arbitration_on") if state == DisputeState.ARBITRATION else None,
        )
        limitation = rules.claims_limitation(
            {claim} if claim else set(), knew_on=dispute.knew_on, employment_ended_on=dispute.employment_ended_on
        )
        dispute.limitation_ends = limitation.last_day if limitation is not None else None
        writer.add(Dispute, dispute)
        dispute.number = (v.get("number") or "").strip() or f"TJ{applied.year}{dispute.pk:06d}"
        for name in p["applicants"]:
            writer.add(DisputeApplicant, DisputeApplicant(union_id=dispute.union_id, dispute_id=dispute.pk, name=name))
        if claim:
            writer.add(Claim, Claim(union_id=dispute.union_id, dispute_id=dispute.pk, kind=claim, amount=amount))
        history = backdated_history(dispute, self._steps(dispute, state, today), today=today)
        for entry in history.rows:
            writer.add(type(entry), entry)

    def _steps(self, dispute: Dispute, state: str, today: date) -> list[Step]:
        applied = dispute.applied_on
        note = _("Imported from the case register.")
        steps = [Step(applied, "start", note)]
        if state == DisputeState.APPLIED:
            return steps
        accepted = min(statutory.add_working_days(applied, 1, assume_weekdays=True), dispute.ended_on or today)
        if state == DisputeState.REFUSED:
            dispute.refusal_reason = note
            return [*steps, Step(accepted, "refuse", note)]
        dispute.accepted_on = accepted
        steps.append(Step(accepted, "accept"))
        ended = dispute.ended_on or today
        if state == DisputeState.MEDIATING:
            return steps
        if state == DisputeState.WITHDRAWN:
            return [*steps, Step(ended, "withdraw", note)]
        if state in AGREED:
            dispute.agreed_on = ended
            dispute.agreement_terms = dispute.agreement_terms or note
            steps.append(Step(ended, "agree"))
            performed = dispute.perform_by or ended
            if state == DisputeState.FULFILLED:
                dispute.fulfilled = True
                return [*steps, Step(max(performed, ended), "fulfil")]
            if state == DisputeState.UNFULFILLED:
                dispute.fulfilled = False
                return [*steps, Step(max(performed, ended) + timedelta(days=0), "not_fulfilled", note)]
            return steps
        steps.append(Step(ended, "fail"))
        if state == DisputeState.ARBITRATION:
            return [*steps, Step(max(dispute.arbitration_on or ended, ended), "hand_over")]
        if state == DisputeState.CLOSED:
            return [*steps, Step(ended, "close", note)]
        return steps
