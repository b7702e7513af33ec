"""The pages: upload → check job → preview → confirm → write job; template; errors; export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.jobs.models import Job
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.tests.helpers import union_rows, write_xlsx
from gonghui.core.testing.world import MARKER, World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import system_scope

pytestmark = pytest.mark.django_db


def upload(client, path: Path):
    return client.post(
        reverse("sheets:import_start", kwargs={"sheet_kind": "unions"}),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )


def latest_import(user) -> SheetImport:
    return SheetImport.unscoped.filter(owner=user).latest("created_at")


def test_upload_preview_confirm_writes_the_unions(world: World, client_for, tmp_path: Path) -> None:
    client = client_for(world.bob)
    path = write_xlsx(tmp_path / "unions.xlsx", union_rows(world.township_a.name, 5))
    # When Bob uploads a file, a check job runs and its page links to the preview
    response = upload(client, path)
    assert response.status_code == 302
    job = Job.unscoped.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == Job.Status.SUCCEEDED, job.message
    sheet_import = latest_import(world.bob)
    assert job.link_url == reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk})
    # Then the preview shows the counts and the first rows, and nothing is written yet
    page = client.get(job.link_url)
    assert page.status_code == 200
    assert page.context["report"].to_create == 5
    assert page.context["can_confirm"]
    assert "测试导入第0号公司工会委员会" in page.content.decode()
    with system_scope("test"):
        assert not Union.unscoped.filter(name__startswith="测试导入").exists()
    # When he confirms, the write job writes every row
    response = client.post(reverse("sheets:import_confirm", kwargs={"import_id": sheet_import.pk}))
    assert response.status_code == 302
    with system_scope("test"):
        assert Union.unscoped.filter(name__startswith="测试导入").count() == 5
    sheet_import.refresh_from_db()
    assert sheet_import.status == SheetImport.Status.DONE
    assert not sheet_import.stored_path.exists()
    # And confirming twice writes nothing more
    client.post(reverse("sheets:import_confirm", kwargs={"import_id": sheet_import.pk}))
    with system_scope("test"):
        assert Union.unscoped.filter(name__startswith="测试导入").count() == 5


def test_a_file_with_errors_cannot_be_confirmed_and_offers_the_error_workbook(
    world: World, client_for, tmp_path: Path
) -> None:
    client = client_for(world.bob)
    rows = union_rows(world.township_a.name, 3)
    rows[0][4] = "不对"
    upload(client, write_xlsx(tmp_path / "bad.xlsx", rows))
    sheet_import = latest_import(world.bob)
    preview = client.get(reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk}))
    assert not preview.context["can_confirm"]
    assert preview.context["report"].invalid == 1
    # The confirm button refuses
    client.post(reverse("sheets:import_confirm", kwargs={"import_id": sheet_import.pk}))
    with system_scope("test"):
        assert not Union.unscoped.filter(name__startswith="测试导入").exists()
    # The error workbook downloads
    response = client.get(reverse("sheets:import_errors", kwargs={"import_id": sheet_import.pk}))
    assert response.status_code == 200
    out = tmp_path / "errors.xlsx"
    out.write_bytes(b"".join(response.streaming_content))
    assert openpyxl.load_workbook(out).worksheets[0].cell(row=2, column=6).value


def test_someone_elses_import_is_a_404(world: World, client_for, tmp_path: Path) -> None:
    upload(client_for(world.bob), write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 1)))
    sheet_import = latest_import(world.bob)
    for user in (world.bea, world.alice):
        response = client_for(user).get(reverse("sheets:import_preview", kwargs={"import_id": sheet_import.pk}))
        assert response.status_code == 404


def test_unknown_kind_is_a_404_and_template_downloads(world: World, client_for) -> None:
    client = client_for(world.bob)
    assert client.get("/sheets/nonsense/import/").status_code == 404
    assert client.get("/sheets/nonsense/export/").status_code == 404
    response = client.get(reverse("sheets:template_download", kwargs={"sheet_kind": "unions"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_export_page_streams_a_small_export_of_the_users_subtree(world: World, client_for, tmp_path: Path) -> None:
    response = client_for(world.bea).get(reverse("sheets:export", kwargs={"sheet_kind": "unions"}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    out = tmp_path / "e.xlsx"
    out.write_bytes(body)
    names = [r[0] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == [world.township_b.name, world.union_d.name]
    assert MARKER.encode() not in body


def test_a_large_export_runs_as_a_job(world: World, client_for, settings) -> None:
    settings.SHEETS_EXPORT_INLINE_MAX = 1
    response = client_for(world.bob).get(reverse("sheets:export", kwargs={"sheet_kind": "unions"}))
    assert response.status_code == 302
    job = Job.unscoped.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.status == Job.Status.SUCCEEDED
    assert job.result_name


def test_worker_cannot_import_or_export(world: World, client_for) -> None:
    client = client_for(world.wendy)
    assert client.get(reverse("sheets:import_start", kwargs={"sheet_kind": "unions"})).status_code == 403
    assert client.get(reverse("sheets:export", kwargs={"sheet_kind": "unions"})).status_code == 403


def test_old_import_files_are_pruned(world: World, client_for, tmp_path: Path) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from gonghui.core.sheets.services import sheet_imports_prune

    upload(client_for(world.bob), write_xlsx(tmp_path / "u.xlsx", union_rows(world.township_a.name, 1)))
    sheet_import = latest_import(world.bob)
    assert sheet_import.stored_path.exists()
    assert sheet_imports_prune(now=timezone.now() + timedelta(days=8)) >= 1
    assert not sheet_import.stored_path.exists()
