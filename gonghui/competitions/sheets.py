"""Import of an innovation register (职工经济技术创新成果台账) through the core sheets pipeline.

One row per innovation, at an employer the importing user may see (by its credit code, else by
its exact name), by a worker of that employer (their name, exactly as in the registry: one
match) or by a team (its name). Every row is checked before anything is written (the pipeline's
rule): the kind, the dates not in the future and in order, the evaluation by the same rule as the
page (``services.check_evaluation``: a reason, no value or reward for one not adopted), and the
same innovation (employer, title, day submitted) neither twice in the file nor already recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.competitions.models import Innovation
from gonghui.competitions.services import check_evaluation
from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.members import selectors as members
from gonghui.organisations import selectors as organisations

KINDS = (
    ("技术革新", Innovation.Kind.TECHNICAL),
    ("合理化建议", Innovation.Kind.PROPOSAL),
    ("发明创造", Innovation.Kind.INVENTION),
)
OUTCOMES = (
    ("采纳", Innovation.Outcome.ADOPTED),
    ("已采纳", Innovation.Outcome.ADOPTED),
    ("未采纳", Innovation.Outcome.NOT_ADOPTED),
    ("不采纳", Innovation.Outcome.NOT_ADOPTED),
    ("待评审", Innovation.Outcome.PENDING),
)


@register
class InnovationRegisterSheet(SheetSpec):
    kind = "innovation_register"
    title = gettext_lazy("Innovation register")
    import_permission = "competitions.add_innovation"
    export_permission = "competitions.view_innovation"
    list_url_name = "competitions:innovation_list"
    columns = (
        Column("employer_name", "单位名称", synonyms=("企业名称",), required=True, max_length=200, width=30),
        Column("credit_code", "统一社会信用代码", synonyms=("信用代码",), type="code", digits=18, upper=True, width=22),
        Column("title", "成果名称", synonyms=("项目名称", "建议名称"), required=True, max_length=200, width=30),
        Column("kind", "类别", synonyms=("成果类别",), required=True, choices=KINDS, width=12),
        Column("worker_name", "完成人", synonyms=("提出人", "姓名"), max_length=50, width=12),
        Column("team_name", "团队名称", synonyms=("完成团队",), max_length=100, width=16),
        Column("submitted_on", "提交日期", synonyms=("提出日期",), type="date", required=True, width=12),
        Column("outcome", "评审结果", choices=OUTCOMES, width=10),
        Column("evaluated_on", "评审日期", type="date", width=12),
        Column("reason", "评审意见", synonyms=("理由",), width=30),
        Column("value_created", "创造价值（元）", synonyms=("经济效益（元）",), type="decimal", width=14),
        Column("reward", "奖励金额（元）", synonyms=("奖励（元）",), type="decimal", width=14),
        Column("description", "成果简介", synonyms=("内容",), width=36),
    )
    instructions = (
        gettext_lazy("One row per innovation. Columns with an orange header are required."),
        gettext_lazy(
            "The employer must be in your part of the tree: give its credit code, or its name exactly as recorded."
        ),
        gettext_lazy(
            "Give the worker's name exactly as in the member registry (one worker of that name at the employer), "
            "or the team's name."
        ),
        gettext_lazy(
            "An evaluated innovation needs the day and the reason; value created and reward only for an adopted one."
        ),
    )

    def prepare(self, run: ImportRun) -> None:
        by_code: dict[str, dict[str, Any]] = {}
        by_name: dict[str, list[dict[str, Any]]] = {}
        workers: dict[tuple[int, str], list[int]] = {}
        known: set[tuple[int, str, date]] = set()
        if run.actor is not None:
            employers = organisations.employers_for_user(run.actor, within=run.root).values(
                "id", "name", "credit_code", "union_id"
            )
            for found in employers.iterator(chunk_size=5000):
                employer: dict[str, Any] = dict(found)
                if employer["credit_code"]:
                    by_code[employer["credit_code"]] = employer
                by_name.setdefault(employer["name"], []).append(employer)
            rows = (
                members.workers_for_user(run.actor)
                .select_related(None)
                .filter(employer__isnull=False)
                .values_list("employer_id", "name", "id")
            )
            for employer_id, name, worker_id in rows.iterator(chunk_size=5000):
                workers.setdefault((employer_id, name), []).append(worker_id)
            with acting_as(run.actor):
                known = set(Innovation.objects.values_list("employer_id", "title", "submitted_on").iterator())
        run.state.update(by_code=by_code, by_name=by_name, workers=workers, known=known)

    def _employer(self, run: ImportRun, row: Row) -> dict[str, Any] | None:
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

    def validate_row(self, run: ImportRun, row: Row) -> None:
        values = row.values
        if run.actor is None:
            row.error(None, _("Import the innovation register as a user (the command's --as)."))
            return
        employer = self._employer(run, row)
        submitted = values.get("submitted_on")
        if submitted is not None and submitted > timezone.localdate():
            row.error("submitted_on", _("The date lies in the future."))
        worker_name, team_name = values.get("worker_name") or "", values.get("team_name") or ""
        if not worker_name and not team_name:
            row.error("worker_name", _("Name the worker or the team the innovation is by."))
        worker_id = None
        if employer is not None and worker_name:
            ids = run.state["workers"].get((employer["id"], worker_name), [])
            if not ids:
                row.error("worker_name", _("No worker of this name at this employer in the registry."))
            elif len(ids) > 1:
                row.error("worker_name", _("Several workers of this name at this employer: enter it on its page."))
            else:
                worker_id = ids[0]
        outcome = values.get("outcome") or Innovation.Outcome.PENDING
        if submitted is not None and "outcome" not in row.bad_fields:
            value, reward = values.get("value_created"), values.get("reward")
            errors = check_evaluation(
                submitted_on=submitted,
                outcome=outcome,
                evaluated_on=values.get("evaluated_on"),
                reason=values.get("reason") or "",
                value_created=Decimal(value) if value is not None else None,
                reward=Decimal(reward) if reward is not None else None,
            )
            for field, message in errors.items():
                row.error(field, message)
        if employer is None or submitted is None or not values.get("title"):
            return
        row.key = (employer["id"], values["title"].strip(), submitted)
        if row.key in run.state["known"]:
            row.error("title", _("This innovation is already recorded (same employer, title and day submitted)."))
        row.action = "create"
        row.payload = (employer, worker_id, outcome)

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        writer = BulkWriter(now=run.now)
        with system_scope("an import writes the innovations it has checked"):
            for row in rows:
                employer, worker_id, outcome = row.payload
                values = row.values
                adopted = outcome == Innovation.Outcome.ADOPTED
                writer.add(
                    Innovation,
                    Innovation(
                        union_id=employer["union_id"],
                        employer_id=employer["id"],
                        kind=values["kind"],
                        title=values["title"].strip(),
                        description=values.get("description") or "",
                        worker_id=worker_id,
                        team_name="" if worker_id else (values.get("team_name") or ""),
                        submitted_on=values["submitted_on"],
                        outcome=outcome,
                        evaluated_on=values.get("evaluated_on"),
                        reason=values.get("reason") or "",
                        value_created=values.get("value_created") if adopted else None,
                        reward=values.get("reward") if adopted else None,
                    ),
                )
            writer.flush()
        run.created += len(rows)
