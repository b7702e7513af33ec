"""Every pipeline test keeps its uploads and error workbooks in its own temporary directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _sheets_dir(settings: Any, tmp_path: Path) -> None:
    settings.SHEETS_DIR = tmp_path / "sheets"
