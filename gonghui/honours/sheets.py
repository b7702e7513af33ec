"""Import of an existing model-worker roster (劳模名册) through the core sheets pipeline.

One row per model worker, kept by the union the import runs under. Every row is checked before
anything is written: a level and a status from the lists, a year honoured not in the future, an
11-digit mobile number if any, and the same person (name, honour, year) neither twice in the file
nor already on the register.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.demo.bulk import BulkWriter
from gonghui.core.sheets.engine import ImportRun, Row
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.tree.scoping import acting_as, system_scope
from gonghui.honours.models import Level, ModelWorker

LEVELS = (
    ("全国", Level.NATIONAL),
    ("全国级", Level.NATIONAL),
    ("省部级", Level.PROVINCIAL),
    ("省级", Level.PROVINCIAL),
    ("市级", Level.CITY),
    ("市", Level.CITY),
    ("县级", Level.COUNTY),
    ("县", Level.COUNTY),
)
STATUSES = (("在职", ModelWorker.Status.IN_POST), ("退休", ModelWorker.Status.RETIRED))
YES_NO = (("是", "1"), ("否", "0"))


def _year(value: Any) -> None:
    text = str(value).strip()
    if not text.isdigit() or not 1950 <= int(text) <= timezone.localdate().year:
        raise ValidationError(_("Give the year the honour was conferred (1950 to this year)."))


@register
class ModelWorkerRosterSheet(SheetSpec):
    kind = "honours_model_worker_roster"
    title = gettext_lazy("Model-worker roster")
    import_permission = "honours.add_modelworker"
    export_permission = "honours.view_modelworker"
    list_url_name = "honours:model_worker_list"
    columns = (
        Column("name", "姓名", required=True, max_length=50, width=12),
        Column("level", "劳模级别", synonyms=("级别",), required=True, choices=LEVELS, width=10),
        Column("honour", "荣誉称号", synonyms=("称号",), required=True, max_length=100, width=24),
        Column(
            "honoured_year", "获得年份", synonyms=("授予年份", "年份"), required=True, validators=(_year,), width=10
        ),
        Column("status", "在职/退休", synonyms=("状态",), required=True, choices=STATUSES, width=10),
        Column("farmer", "农民劳模", choices=YES_NO, width=8),
        Column("workplace", "工作单位", synonyms=("单位",), max_length=200, width=30),
        Column("phone", "联系电话", synonyms=("手机",), type="code", digits=11, personal="phone", width=14),
    )
    instructions = (
        gettext_lazy("One row per model worker. Columns with an orange header are required."),
        gettext_lazy("The model workers are kept by the union you import under."),
    )

    def prepare(self, run: ImportRun) -> None:
        known: set[tuple[str, str, int]] = set()
        if run.actor is not None:
            with acting_as(run.actor):
                known = {
                    (name, honour, int(year))
                    for name, honour, year in ModelWorker.objects.values_list("name", "honour", "honoured_year")
                }
        run.state.update(known=known)

    def validate_row(self, run: ImportRun, row: Row) -> None:
        if run.actor is None:
            row.error(None, _("Import the roster as a user (the command's --as)."))
            return
        values = row.values
        phone = values.get("phone") or ""
        if phone and not (phone.isdigit() and phone.startswith("1") and len(phone) == 11):
            row.error("phone", _("Give an 11-digit mobile number."))
        if not values.get("name") or not values.get("honour") or not values.get("honoured_year"):
            return
        row.key = (values["name"].strip(), values["honour"].strip(), int(values["honoured_year"]))
        if row.key in run.state["known"]:
            row.error("name", _("This model worker is already on the register (same name, honour and year)."))
        row.action = "create"

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        writer = BulkWriter(now=run.now)
        with system_scope("an import writes the model workers it has checked"):
            for row in rows:
                values = row.values
                writer.add(
                    ModelWorker,
                    ModelWorker(
                        union_id=run.root.pk,
                        name=values["name"].strip(),
                        level=values["level"],
                        honour=values["honour"].strip(),
                        honoured_year=int(values["honoured_year"]),
                        status=values["status"],
                        farmer=values.get("farmer") == "1",
                        workplace=(values.get("workplace") or "").strip(),
                        phone=values.get("phone") or None,
                        created_at=run.now,
                        updated_at=run.now,
                    ),
                )
            writer.flush()
        run.created += len(rows)
