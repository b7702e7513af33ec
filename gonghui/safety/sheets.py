"""Import of an existing hazard register (隐患排查治理台账) through the core sheets pipeline.

One row per hazard, at an employer the importing user may see (by its credit code, else by its
exact name). The row's dates say how far the hazard has gone, and it enters the workflow there
with the history the workflow would have written (``core.workflow.history``):

* no notice date → found; a notice date and a period → being rectified, due on
  ``rules.rectification_due`` (the same computation as the page's notice);
* a date fixed → rectification reported; a re-inspection date too → closed.

Every row is checked before anything is written (the pipeline's rule): dates in order and not in
the future, a period of 1 to ``rules.MAX_RECTIFICATION_DAYS`` days, the employer found, the same
hazard (employer, day found, description) neither twice in the file nor already recorded. An open
major hazard is reported up the tree as a recorded one is (``rules.report_paths``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.core.workflow.history import Step, backdated_history
from gonghui.organisations import selectors as organisations
from gonghui.safety import rules
from gonghui.safety.models import Hazard, MajorHazardReport
from gonghui.safety.workflows import HazardState

LEVELS = (
    ("一般隐患", Hazard.Level.GENERAL),
    ("一般", Hazard.Level.GENERAL),
    ("重大隐患", Hazard.Level.MAJOR),
    ("重大", Hazard.Level.MAJOR),
)
CATEGORY_LABELS = (
    ("设备设施", Hazard.Category.EQUIPMENT),
    ("电气安全", Hazard.Category.ELECTRICAL),
    ("消防安全", Hazard.Category.FIRE),
    ("危险化学品", Hazard.Category.CHEMICALS),
    ("特种设备", Hazard.Category.SPECIAL_EQUIPMENT),
    ("职业卫生与作业环境", Hazard.Category.OCCUPATIONAL_HEALTH),
    ("职业卫生", Hazard.Category.OCCUPATIONAL_HEALTH),
    ("劳动防护用品", Hazard.Category.PROTECTION),
    ("安全管理与培训", Hazard.Category.MANAGEMENT),
    ("安全管理", Hazard.Category.MANAGEMENT),
    ("其他", Hazard.Category.OTHER),
)


def _days(value: Any) -> None:
    from django.core.exceptions import ValidationError

    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= rules.MAX_RECTIFICATION_DAYS:
        raise ValidationError(_("Give a period of 1 to %(max)d days.") % {"max": rules.MAX_RECTIFICATION_DAYS})


@register
class HazardRegisterSheet(SheetSpec):
    kind = "safety_hazard_register"
    title = gettext_lazy("Hazard register")
    import_permission = "safety.add_hazard"
    export_permission = "safety.view_hazard"
    list_url_name = "safety:hazard_list"
    columns = (
        Column(
            "employer_name", "单位名称", synonyms=("企业名称", "被检查单位"), required=True, max_length=200, width=30
        ),
        Column("credit_code", "统一社会信用代码", synonyms=("信用代码",), type="code", digits=18, upper=True, width=22),
        Column("found_on", "发现日期", synonyms=("检查日期", "排查日期"), type="date", required=True, width=12),
        Column("category", "隐患类别", required=True, choices=CATEGORY_LABELS, width=16),
        Column("level", "隐患等级", required=True, choices=LEVELS, width=10),
        Column("location", "隐患部位", synonyms=("部位",), max_length=200, width=16),
        Column("description", "隐患描述", synonyms=("隐患内容", "存在问题"), required=True, width=36),
        Column("responsible_person", "整改责任人", synonyms=("责任人",), required=True, max_length=50, width=12),
        Column("notice_issued_on", "整改通知日期", synonyms=("通知日期",), type="date", width=12),
        Column("rectification_days", "整改期限（天）", synonyms=("整改天数",), validators=(_days,), width=10),
        Column("measures", "整改要求", synonyms=("整改措施",), width=30),
        Column("rectified_on", "整改完成日期", synonyms=("完成日期",), type="date", width=12),
        Column("rechecked_on", "复查日期", synonyms=("验收日期",), type="date", width=12),
    )
    instructions = (
        gettext_lazy("One row per hazard. Columns with an orange header are required."),
        gettext_lazy(
            "The employer must be in your part of the tree: give its credit code, or its name exactly as recorded."
        ),
        gettext_lazy(
            "Leave the notice date empty for a hazard without a notice yet; with a notice, give the period in days. "
            "A date fixed and a re-inspection date close the hazard."
        ),
    )

    def prepare(self, run: ImportRun) -> None:
        by_code: dict[str, dict[str, Any]] = {}
        by_name: dict[str, list[dict[str, Any]]] = {}
        known: set[tuple[int, date, str]] = set()
        if run.actor is not None:
            employers = organisations.employers_for_user(run.actor, within=run.root).values(
                "id", "name", "credit_code", "union_id", "union__path"
            )
            for found in employers.iterator(chunk_size=5000):
                employer: dict[str, Any] = dict(found)
                if employer["credit_code"]:
                    by_code[employer["credit_code"]] = employer
                by_name.setdefault(employer["name"], []).append(employer)
            with acting_as(run.actor):
                known = set(
                    Hazard.objects.values_list("employer_id", "found_on", "description").iterator(chunk_size=5000)
                )
        run.state.update(by_code=by_code, by_name=by_name, known=known, today=timezone.localdate())

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
        values, today = row.values, run.state["today"]
        if run.actor is None:
            row.error(None, _("Import the hazard register as a user (the command's --as)."))
            return
        employer = self._employer(run, row)
        found = values.get("found_on")
        notice, rectified, rechecked = (
            values.get("notice_issued_on"),
            values.get("rectified_on"),
            values.get("rechecked_on"),
        )
        for field, day in (
            ("found_on", found),
            ("notice_issued_on", notice),
            ("rectified_on", rectified),
            ("rechecked_on", rechecked),
        ):
            if day is not None and day > today:
                row.error(field, _("The date lies in the future."))
        days = int(values["rectification_days"]) if values.get("rectification_days") else None
        if notice is not None:
            if found is not None and notice < found:
                row.error("notice_issued_on", _("The notice cannot be issued before the hazard was found."))
            if days is None and "rectification_days" not in row.bad_fields:
                row.error("rectification_days", _("Give the period of the notice in days."))
        elif days is not None:
            row.error("notice_issued_on", _("A period needs the date of its notice."))
        if rectified is not None:
            if notice is None:
                row.error("rectified_on", _("A hazard reported fixed needs its notice."))
            elif rectified < notice:
                row.error("rectified_on", _("The report cannot be older than the notice."))
        if rechecked is not None:
            if rectified is None:
                row.error("rechecked_on", _("A re-inspection needs the date the hazard was reported fixed."))
            elif rechecked < rectified:
                row.error("rechecked_on", _("The re-inspection cannot come before the employer's report."))
        if employer is None or found is None or not values.get("description"):
            return
        description = values["description"].strip()
        row.key = (employer["id"], found, description)
        if row.key in run.state["known"]:
            row.error("description", _("This hazard is already recorded (same employer, day found and description)."))
        row.action = "create"
        row.payload = (employer, days)

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        today = run.state["today"]
        writer = BulkWriter(now=run.now)
        reports: list[MajorHazardReport] = []
        wanted = {path for row in rows for path in rules.report_paths(row.payload[0]["union__path"])}
        with system_scope("an import writes the hazards it has checked, with their back-dated history"):
            # unscoped: the unions above the importer's, to which an open major hazard is reported
            above = dict(Union.unscoped.filter(path__in=wanted).values_list("path", "pk"))
            for row in rows:
                employer, days = row.payload
                values = row.values
                hazard = Hazard(
                    pk=writer.ids.next(Hazard),
                    union_id=employer["union_id"],
                    employer_id=employer["id"],
                    found_on=values["found_on"],
                    source=Hazard.Source.IMPORT,
                    category=values["category"],
                    level=values["level"],
                    location=values.get("location") or "",
                    description=values["description"].strip(),
                    responsible_person=values["responsible_person"],
                )
                steps = [Step(hazard.found_on, "start")]
                if values.get("notice_issued_on"):
                    hazard.notice_issued_on = values["notice_issued_on"]
                    hazard.rectification_days = days
                    hazard.due_on = rules.rectification_due(hazard.notice_issued_on, days)
                    hazard.measures = values.get("measures") or ""
                    steps.append(Step(hazard.notice_issued_on, "issue_notice"))
                if values.get("rectified_on"):
                    hazard.rectified_on = values["rectified_on"]
                    hazard.rectification_report = _("Imported from the hazard register.")
                    steps.append(Step(hazard.rectified_on, "report"))
                if values.get("rechecked_on"):
                    hazard.rechecked_on = hazard.closed_on = values["rechecked_on"]
                    steps.append(Step(hazard.rechecked_on, "recheck_pass"))
                history = backdated_history(hazard, steps, today=today)
                writer.add(Hazard, hazard)
                for entry in history.rows:
                    writer.add(type(entry), entry, with_id=False)
                if hazard.is_major and hazard.state != HazardState.CLOSED:
                    for path in rules.report_paths(employer["union__path"]):
                        if path in above:
                            reports.append(
                                MajorHazardReport(union_id=above[path], hazard_id=hazard.pk, reported_on=today)
                            )
            writer.add_all(MajorHazardReport, reports)
            writer.flush()
        run.created += len(rows)
