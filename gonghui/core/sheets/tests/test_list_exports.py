"""Exports offered by the lists' Export buttons: every kind exporting a list, in the user's language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gonghui.core.sheets import services
from gonghui.core.sheets.engine import map_headers, validate_file
from gonghui.core.sheets.specs import REGISTRY, ExportParams, get_spec
from gonghui.core.testing.exports import workbook_rows
from gonghui.core.testing.world import MARKER, World

pytestmark = pytest.mark.django_db


def test_the_union_tree_offers_its_records_export_with_the_filters_it_shows(world: World, client_for: Any) -> None:
    """Regression: the union records export (type, members, chair) was linked from no page."""
    # given Bob on the union tree, filtered to grassroots unions
    bob = client_for(world.bob)
    response = bob.get(reverse("tree:union_list"), {"kind": "grassroots"})
    page, export = response.context["page"], response.context["export"]

    # then the Export button's menu offers the union records, carrying the same filter
    records = {link.kind: link for link in export.more}["union_records"]
    assert records.url == reverse("sheets:export", args=["union_records"]) + "?kind=grassroots"
    assert b'data-testid="export-union_records"' in response.content

    # and the records workbook holds the rows the page shows, and only those
    rows = [row for row in workbook_rows(bob.get(records.url))[1:] if any(row)]
    assert len(rows) == page.total
    assert {row[0] for row in rows} == {union.name for union in page.object_list}
    assert all(MARKER in row[0] for row in rows)

    # and a refresh of the rows by htmx brings the menu's filters up to date
    response = bob.get(reverse("tree:union_list"), {"q": "联合"}, headers={"HX-Request": "true"})
    assert b"/sheets/union_records/export/?q=" in response.content


def test_a_user_who_may_not_read_the_records_is_not_offered_them(world: World, client_for: Any) -> None:
    response = client_for(world.sam).get(reverse("tree:union_list"))
    export = response.context["export"]
    kinds = {link.kind for link in export.more} if export else set()
    assert "union_records" not in kinds
    assert b"export-union_records" not in response.content


# --- Headers in the exporting user's language ----------------------------------------------------

CJK = re.compile("[\u3400-\u9fff]")


def _headers(client: Any, kind: str, language: str | None) -> tuple[Any, ...]:
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return workbook_rows(client.get(reverse("sheets:export", args=[kind])))[0]


def test_an_export_is_headed_in_the_users_language(world: World, client_for: Any) -> None:
    """Regression: headers were fixed Chinese whatever the user's language."""
    sam = client_for(world.sam)
    # given the interface in Chinese (the default), the headers are the template's Chinese ones
    assert _headers(sam, "accounts", None) == ("用户名", "姓名", "手机号码", "角色", "所属工会", "状态")
    # when the user switches the interface to English, the same export is headed in English
    assert _headers(sam, "accounts", "en") == ("User name", "Name", "Mobile number", "Role", "Union", "Status")
    # and back in Chinese
    assert _headers(sam, "accounts", "zh-hans")[0] == "用户名"

    # a module's list exported from its page follows the language too
    bob = client_for(world.bob)
    english = _headers(bob, "hardship_files", "en")
    assert "ID number" in english
    assert not any(CJK.search(str(header)) for header in english)


def test_a_workbook_exported_in_english_imports_back(world: World, tmp_path: Path) -> None:
    # given Bob's union list exported with the interface in English
    path = tmp_path / "unions.xlsx"
    spec = get_spec("unions")
    with translation.override("en"):
        services.sheet_export(actor=world.bob, spec=spec, params=ExportParams(), path=path)
    book = openpyxl.load_workbook(path)
    header = [cell.value for cell in next(book.worksheets[0].iter_rows(max_row=1))]
    assert header[0] == "Union name"
    assert book.sheetnames == ["Data", "Export information"]

    # then the reader maps every English header to its column, in either language
    for language in ("zh-hans", "en"):
        with translation.override(language):
            mapped = map_headers(spec, header)
        assert [column.field for column in mapped.columns if column] == [column.field for column in spec.columns]
        assert mapped.missing == mapped.extra == []
    # and a check of the file finds its rows (Bob's three unions, updated in place)
    with translation.override("en"):
        report = validate_file(spec, path, "unions.xlsx", actor=world.bob, root=world.township_a)
    assert report.file_errors == []
    assert report.total == 3


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_every_export_has_english_headers(kind: str) -> None:
    """Generated: every registered sheet kind (a module's too) names its columns in English, once each.

    A header without an English name is exported in Chinese to an English user: add it to
    core/sheets/locale/en/LC_MESSAGES/django.po (or the module's own locale/en catalogue)."""
    spec = REGISTRY[kind]
    with translation.override("en"):
        english = [column.title() for column in spec.columns]
    with translation.override("zh-hans"):
        chinese = [column.title() for column in spec.columns]
    assert chinese == [column.header for column in spec.columns]
    assert [header for header in english if CJK.search(header)] == []
    assert len(set(english)) == len(english), english


def test_a_kind_that_only_imports_is_not_found_for_export(world: World, client_for: Any, monkeypatch: Any) -> None:
    """Regression: the export of an import-only kind was a server error (its export_queryset is not written)."""
    from gonghui.core.sheets.specs import SheetSpec

    class ImportOnly(SheetSpec):
        kind = "import_only_test"
        export_permission = "tree.view_union"
        columns = get_spec("unions").columns

    monkeypatch.setitem(REGISTRY, ImportOnly.kind, ImportOnly())
    response = client_for(world.bob).get(reverse("sheets:export", args=[ImportOnly.kind]))
    assert response.status_code == 404
    assert get_spec("unions").exports()
    assert not REGISTRY[ImportOnly.kind].exports()


def test_a_large_export_run_as_a_job_keeps_the_users_language(world: World, client_for: Any, settings: Any) -> None:
    from gonghui.core.jobs.models import Job

    # given an export too large to send at once, asked for with the interface in English
    settings.SHEETS_EXPORT_INLINE_MAX = 1
    bob = client_for(world.bob)
    bob.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = bob.get(reverse("sheets:export", args=["unions"]))
    assert response.status_code == 302

    # then the job's workbook is headed in English too (the job runs in the language it was started in)
    job = Job.unscoped.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == Job.Status.SUCCEEDED
    assert job.result_path is not None
    book = openpyxl.load_workbook(job.result_path, read_only=True)
    assert next(book.worksheets[0].iter_rows(max_row=1, values_only=True))[0] == "Union name"
