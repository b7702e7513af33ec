"""What gonghui writes is readable by the service account only: files 0600, directories 0700.

Each test starts from a shell's usual umask (022), under which the files would be world-readable.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.cli import main
from gonghui.core.jobs.models import Job
from gonghui.core.privacy import crypto
from gonghui.core.sheets.models import SheetImport
from gonghui.core.sheets.tests.helpers import union_rows, write_xlsx
from gonghui.core.workflow.models import attachment_storage

REPOSITORY = Path(settings.BASE_DIR)
# Settings the child process must not inherit from the test run: it makes its own data directory.
CHILD_DROPS = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "GONGHUI_SECRET_KEY",
    "GONGHUI_DATA_KEYS",
    "GONGHUI_INDEX_KEY",
    "GONGHUI_KEY_FILE",
    "GONGHUI_ATTACHMENTS_DIR",
}


@pytest.fixture
def shell_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes(root: Path) -> dict[str, str]:
    """``{relative path: octal mode}`` of ``root`` and everything below it."""
    found = {".": oct(stat.S_IMODE(root.stat().st_mode))}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def assert_private(root: Path) -> dict[str, str]:
    found = modes(root)
    dirs = {name for name in found if (root / name).is_dir()}
    assert {name: mode for name, mode in found.items() if name in dirs and mode != "0o700"} == {}
    assert {name: mode for name, mode in found.items() if name not in dirs and mode != "0o600"} == {}
    return found


def run_child(code: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CHILD_DROPS}
    env["GONGHUI_DATA_DIR"] = str(data_dir)
    # As from a login shell or a service manager with the usual umask.
    child = f"import os\nos.umask(0o022)\n{code}"
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", child], cwd=REPOSITORY, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result


# What a first start writes: the data directory, the secret key, both SQLite databases, the
# personal-data key file, and an uploaded attachment.
FIRST_START = """
from django.core.files.base import ContentFile
from django.db import connections
from gonghui.core.privacy.crypto import keyring
from gonghui.core.workflow.models import attachment_storage
connections["default"].ensure_connection()
connections["jobs"].ensure_connection()
keyring()
attachment_storage().save("workflow/scan.pdf", ContentFile(b"%PDF-1.4"))
"""


def test_the_gonghui_command_writes_private_files(tmp_path):
    data_dir = tmp_path / "var"
    run_child(f"from gonghui.cli import main\nmain(['gonghui', 'shell', '-c', {FIRST_START!r}])", data_dir)
    found = assert_private(data_dir)
    assert {"secret_key", "gonghui.sqlite3", "jobs.sqlite3", "data_keys", "attachments/workflow/scan.pdf"} <= set(found)


def test_the_wsgi_entry_point_makes_the_process_private(tmp_path):
    data_dir = tmp_path / "var"
    result = run_child("import gonghui.wsgi\nprint(oct(os.umask(0)))", data_dir)
    assert result.stdout.split()[-1] == "0o77"
    assert_private(data_dir)


def test_uploaded_attachments_are_private_whatever_the_umask(settings, tmp_path, shell_umask):
    settings.GONGHUI_ATTACHMENTS_DIR = tmp_path / "attachments"
    name = attachment_storage().save("assistance/2026/scan.pdf", ContentFile(b"%PDF-1.4"))
    assert (tmp_path / "attachments" / name).exists()
    assert_private(tmp_path / "attachments")


def test_uploads_error_workbooks_exports_job_files_and_keys_are_private(
    world, client_for, settings, tmp_path, shell_umask, capsys
):
    # given a process started by the `gonghui` command from a shell whose umask is 022
    main(["gonghui", "version"])
    capsys.readouterr()
    data_dir = tmp_path / "var"
    settings.DATA_DIR = data_dir
    settings.SHEETS_DIR = data_dir / "sheets"
    settings.SHEETS_EXPORT_INLINE_MAX = 1
    client = client_for(world.bob)
    # when bob uploads a sheet with an error (upload kept, check job's input, error workbook)
    rows = union_rows(world.township_a.name, 2)
    rows[0][4] = "不对"
    bad = write_xlsx(tmp_path / "bad.xlsx", rows)
    response = client.post(
        reverse("sheets:import_start", kwargs={"sheet_kind": "unions"}),
        {"file": SimpleUploadedFile(bad.name, bad.read_bytes())},
    )
    assert response.status_code == 302
    sheet_import = SheetImport.unscoped.filter(owner=world.bob).latest("created_at")
    assert sheet_import.stored_path.exists()
    assert sheet_import.error_path.exists()
    # and exports the unions as a job (its result file), and a key file is created
    response = client.get(reverse("sheets:export", kwargs={"sheet_kind": "unions"}))
    job = Job.unscoped.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.result_path is not None
    assert job.result_path.exists()
    settings.PRIVACY_DATA_KEYS = settings.PRIVACY_INDEX_KEY = ""
    settings.PRIVACY_KEY_FILE = data_dir / "keys" / "data_keys"  # resets the key ring
    crypto.keyring()
    # then every file is 0600 and every directory 0700
    found = assert_private(data_dir)
    assert {sheet_import.stored_name, sheet_import.error_name, job.result_name, "data_keys"} <= {
        Path(name).name for name in found
    }
