"""The form as files: the workbook opens and holds the values; the JSON file reads back to the same values."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from python_calamine import CalamineWorkbook

from gonghui.core.audit.models import AuditEvent
from gonghui.core.testing.world import World
from gonghui.core.tree.scoping import system_scope
from gonghui.statistics import output, selectors
from gonghui.statistics.services import report_save
from gonghui.statistics.tests.helpers import YEAR, employer_of_c


def test_the_workbook_opens_in_the_forms_layout_and_holds_the_values(world: World, client_for: Any):
    employer_of_c(world, headcount=80)
    report_save(
        actor=world.carol, union=world.union_c, year=YEAR, values={"0201": 1, "0801": "2500.5"}, code="33100000009"
    )
    response = client_for(world.carol).get(f"/statistics/union/{world.union_c.pk}/statistics.xlsx?year={YEAR}")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert len(book.sheet_names) == 10  # the cover and nine tables

    cover = book.get_sheet_by_index(0).to_python()
    codes = {row[0]: row[2] for row in cover if row and row[0] in {"901", "902", "903", "904"}}
    assert codes == {"901": "33100000009", "902": world.union_c.name, "903": "339901101000", "904": "1"}

    organisation = book.get_sheet_by_index(1).to_python()
    rows = {row[0]: row for row in organisation if row and isinstance(row[0], str) and row[0][:2] == "01"}
    assert rows["0101"][3] == 80
    assert rows["0105"][1].startswith("其中")
    funds = {row[0]: row for row in book.get_sheet_by_index(8).to_python() if row and row[0]}
    assert funds["0801"][3] == 2500.5
    assert funds["0801"][4] == "填报"
    cadres = book.get_sheet_by_index(2).to_python()
    assert any("逻辑正确" in str(cell) for row in cadres for cell in row)
    with system_scope("the test reads the audit log"):
        assert AuditEvent.objects.filter(action="export", object_id=str(world.union_c.pk)).exists()


def test_the_json_file_reads_back_to_the_forms_values(world: World, client_for: Any):
    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0202": 3, "0803": "99.90"}, code="C7")
    response = client_for(world.carol).get(f"/statistics/union/{world.union_c.pk}/statistics.json?year={YEAR}")
    document = json.loads(response.content)
    assert (document["year"], document["code"], document["cover"]["904"]) == (YEAR, "C7", "1")
    assert document["values"]["0803"] == "99.90"
    assert document["values"]["0202"] == 3
    assert "0202" in document["typed"]
    assert "0104" not in document["typed"]

    filled = selectors.form_for_user(world.carol, world.union_c, year=YEAR)
    assert output.values_from_json(response.content) == filled.values
    assert output.values_from_json(response.content)["0803"] == Decimal("99.90")


def test_the_federations_files_are_its_summary(world: World, client_for: Any):
    report_save(actor=world.carol, union=world.union_c, year=YEAR, values={"0202": 3})
    client = client_for(world.bob)
    document = json.loads(client.get(f"/statistics/union/{world.township_a.pk}/statistics.json?year={YEAR}").content)
    assert document["summary"] is True
    assert document["unions"] == 2
    assert document["values"]["0202"] == 3
    book = client.get(f"/statistics/union/{world.township_a.pk}/statistics.xlsx?year={YEAR}")
    assert CalamineWorkbook.from_filelike(io.BytesIO(book.content)).sheet_names[0] == "封面"
