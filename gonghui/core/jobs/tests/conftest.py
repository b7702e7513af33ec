from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _job_files_in_tmp(settings, tmp_path):
    """Job files go to a directory of this test's own."""
    settings.DATA_DIR = tmp_path
    settings.LANGUAGE_CODE = "zh-hans"
